create or replace view public.ai_models_price_drift as
  select p.id as model_id, p.provider, p.api_identifier, k.key,
         ai_model_sync.rate(p.config, k.key) as value,
         case when not p.config ? k.key then 'none'
              when p.defaults_snapshot is null or p.config->k.key is distinct from p.defaults_snapshot->k.key then 'manual'
              else coalesce(o.origins->k.key->>'origin', 'unknown') end as origin,
         k.value as consensus, k.sources,
         (select pg_catalog.jsonb_object_agg(v.source, pg_catalog.trim_scale(v.value) order by v.source)
            from ai_model_sync.price_values v
           where v.provider = p.provider and v.api_identifier = p.api_identifier and v.key = k.key) as source_values,
         k.since
    from ai_model_sync.price_consensus() as k
    join public.ai_providers p on p.provider = k.provider and p.api_identifier = k.api_identifier
    left join ai_model_sync.price_origins o on o.provider = p.provider and o.api_identifier = p.api_identifier
   where ai_model_sync.rate(p.config, k.key) is distinct from k.value;
comment on view public.ai_models_price_drift is
  'Every price where the consensus of the public price tables (at least the quorum of sources agreeing, values per '
  'single token) contradicts the value in force (value, NULL when the model has none; origin as in '
  'ai_models_price_origin), with every source''s value and since when the agreeing sources agree. Current under '
  'every price policy, report included.';
