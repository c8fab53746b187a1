create or replace function ai_model_sync.consensus_config(provider text)
returns table (api_identifier text, config jsonb, sources jsonb)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select c.api_identifier,
         pg_catalog.jsonb_object_agg(c.key, case when c.key = 'long_context_threshold_tokens'
                                                 then pg_catalog.to_jsonb(c.value::bigint) else pg_catalog.to_jsonb(c.value) end),
         pg_catalog.jsonb_object_agg(c.key, pg_catalog.to_jsonb(c.sources))
    from ai_model_sync.price_consensus(consensus_config.provider) as c
   group by c.api_identifier
$$;
comment on function ai_model_sync.consensus_config(text) is
  'The consensus prices of a provider''s models as config objects (one per model), with the sources that agreed on '
  'each key: the extra layer of the merge''s defaults.';
