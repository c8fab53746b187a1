create or replace function ai_model_sync.price_origins(
  defaults jsonb, builtin jsonb, imported jsonb, reported jsonb, admin jsonb, consensus jsonb, consensus_sources jsonb
) returns setof jsonb
language sql immutable parallel safe rows 1
as $$
  -- SETOF, called in FROM: the planner inlines a set-returning SQL function there, and no scalar SQL function
  -- with a FROM clause anywhere (called per model, the function call cost 1 s per 100,000 models: make bench)
  select coalesce(pg_catalog.jsonb_object_agg(d.key, case
           when admin ? d.key then '{"origin": "admin"}'::jsonb
           when reported ? d.key then '{"origin": "provider"}'::jsonb
           when consensus ? d.key then pg_catalog.jsonb_build_object('origin', 'consensus', 'sources', consensus_sources->d.key)
           when imported ? d.key then '{"origin": "imported"}'::jsonb
           when builtin ? d.key then '{"origin": "builtin"}'::jsonb
           -- kept at its last value by keep_stale_prices after every layer dropped it
           when defaults->'stale_price_keys' ? d.key then '{"origin": "stale"}'::jsonb
           else '{"origin": "unknown"}'::jsonb
         end), '{}'::jsonb)
    from pg_catalog.jsonb_each(defaults) as d
   where d.key like '%\_cost\_rate' or d.key = 'long_context_threshold_tokens'
$$;
comment on function ai_model_sync.price_origins(jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) is
  'For each price key of a model''s defaults, the layer it came from, highest first: admin tier, the provider''s own '
  'list, the consensus of the price tables (with the sources that agreed), imported, builtin; stale for a price '
  'that no layer gives any more and that keep_stale_prices kept at its last value. One row; call it in '
  'FROM (LATERAL), where it inlines: no SET search_path, every name is schema-qualified.';
