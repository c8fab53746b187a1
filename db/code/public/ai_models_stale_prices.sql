create or replace view public.ai_models_stale_prices with (security_barrier) as
  select p.provider, p.api_identifier, k.key, p.config->k.key as value, p.is_active, p.updated_at
    from public.ai_providers p,
         lateral pg_catalog.jsonb_array_elements_text(
           case when pg_catalog.jsonb_typeof(p.defaults_snapshot->'stale_price_keys') = 'array'
                then p.defaults_snapshot->'stale_price_keys' else '[]'::jsonb end) as k(key)
   where p.config->k.key = p.defaults_snapshot->k.key;
comment on view public.ai_models_stale_prices is
  'Prices kept although no default has them any more (issue 12): the catalog entry that priced the model was '
  'removed or narrowed, so the row keeps its last price and the sync flags it (report: stale_prices) until an admin '
  'decides (edit the key, or remove it: config - key) or a new default prices it. One row per model and key.';
