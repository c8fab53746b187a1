create or replace function ai_model_sync.write_price_origins(provider text) returns void
language sql
set search_path = pg_catalog, pg_temp
as $$
  insert into ai_model_sync.price_origins as o (provider, api_identifier, origins)
  select write_price_origins.provider, p.api_identifier, p.price_origins
    from pg_temp.ai_model_sync_plan p
   -- a hand-made row is never the sync's: its prices are all manual
   where p.action <> 'manual'
   order by p.ord
  on conflict (provider, api_identifier) do update set origins = excluded.origins
   where o.origins is distinct from excluded.origins
$$;
comment on function ai_model_sync.write_price_origins(text) is
  'Step 6b of apply_batch (issue 13): stores, per planned model of the provider, where each price of its defaults '
  'came from (pg_temp.ai_model_sync_plan.price_origins: admin, provider, consensus with its sources, imported, '
  'builtin) in ai_model_sync.price_origins, writing only the models whose origins changed. Read by the views '
  'ai_models_price_origin and ai_models_price_drift.';
