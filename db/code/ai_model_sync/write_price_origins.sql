create or replace function ai_model_sync.write_price_origins(provider text) returns void
language sql
set search_path = pg_catalog, pg_temp
as $$
  -- An UPDATE joined to the plan and an INSERT of the models without a row, not INSERT ... ON CONFLICT DO UPDATE:
  -- that one locks every conflicting row, also the unchanged ones, which made the full merge of 100,000 models
  -- a quarter slower (make bench).
  with planned as (
    select p.ord, p.api_identifier, p.price_origins
      from pg_temp.ai_model_sync_plan p
     -- a hand-made row is never the sync's: its prices are all manual
     where p.action <> 'manual'
  ),
  -- a model without a price key has no origins to tell: no row (the views list price keys only); a row left
  -- from when it had prices goes
  deleted as (
    delete from ai_model_sync.price_origins o
     using planned p
     where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier
       and p.price_origins = '{}'::jsonb
  ),
  updated as (
    update ai_model_sync.price_origins o
       set origins = p.price_origins
      from planned p
     where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier
       and p.price_origins <> '{}'::jsonb and o.origins is distinct from p.price_origins
    returning o.api_identifier
  )
  insert into ai_model_sync.price_origins (provider, api_identifier, origins)
  select write_price_origins.provider, p.api_identifier, p.price_origins
    from planned p
   where p.price_origins <> '{}'::jsonb
     and not exists (select from ai_model_sync.price_origins o
                      where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier)
   order by p.ord
  on conflict (provider, api_identifier) do nothing
$$;
comment on function ai_model_sync.write_price_origins(text) is
  'Step 6b of apply_batch (issue 13): stores, per planned model of the provider, where each price of its defaults '
  'came from (pg_temp.ai_model_sync_plan.price_origins: admin, provider, consensus with its sources, imported, '
  'builtin, stale) in ai_model_sync.price_origins, writing only the models whose origins changed or are new; a '
  'model without any price key has no row. Read by the '
  'views ai_models_price_origin and ai_models_price_drift.';
