create or replace function ai_model_sync.keep_stale_prices(defaults jsonb, snapshot jsonb, current_config jsonb) returns jsonb
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- A price never vanishes silently: a cost key that the row's previous defaults had, that the new defaults lack
  -- (a catalog entry removed or narrowed) and that the row still holds at that previous default joins the new
  -- defaults with its last value, listed in stale_price_keys. The row keeps billing it, the report and
  -- ai_models_stale_prices flag it, until an admin edits or removes the key or a default prices it again.
  select case
    when snapshot is null or current_config is null then defaults
    else (
      select case when pg_catalog.count(*) = 0 then defaults - 'stale_price_keys'
                  else (defaults - 'stale_price_keys')
                       || pg_catalog.jsonb_object_agg(s.key, s.value)
                       || pg_catalog.jsonb_build_object('stale_price_keys',
                            pg_catalog.jsonb_agg(s.key order by s.key)) end
        from pg_catalog.jsonb_each(snapshot) as s
       -- a price of 0 is not kept: without its default it is an unknown, never stored as $0 (e.g. the 0 that
       -- Together lists for models it does not bill per token, stored as a price before issue 12)
       where s.key like '%\_cost\_rate' and pg_catalog.jsonb_typeof(s.value) = 'number' and s.value <> '0'::jsonb
         and not (defaults ? s.key and defaults->s.key <> 'null'::jsonb)
         and current_config->s.key = s.value
    )
  end
$$;
comment on function ai_model_sync.keep_stale_prices(jsonb, jsonb, jsonb) is
  'The step of the sync between defaults and the merge that keeps a price from vanishing silently: each *_cost_rate '
  'key the row''s previous defaults (snapshot) had (a price above 0), the new defaults lack, and the row''s config '
  'still holds at that value is added to the new defaults with its last value and named in stale_price_keys (sorted). Stale keys are '
  'reported (stale_prices) and listed by public.ai_models_stale_prices until an admin edits or removes the key or a '
  'new default prices it. Rows created by hand (no snapshot) are left alone.';
