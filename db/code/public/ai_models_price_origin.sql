create or replace view public.ai_models_price_origin as
  select p.id as model_id, p.provider, p.api_identifier, c.key, ai_model_sync.rate(p.config, c.key) as value,
         case when p.defaults_snapshot is null or c.value is distinct from p.defaults_snapshot->c.key then 'manual'
              else coalesce(o.origins->c.key->>'origin', 'unknown') end as origin,
         case when p.defaults_snapshot is not null and c.value is not distinct from p.defaults_snapshot->c.key
                   and o.origins->c.key ? 'sources'
              then array(select pg_catalog.jsonb_array_elements_text(o.origins->c.key->'sources')) end as sources
    from public.ai_providers p
    cross join lateral pg_catalog.jsonb_each(p.config) as c
    left join ai_model_sync.price_origins o on o.provider = p.provider and o.api_identifier = p.api_identifier
   where (c.key like '%\_cost\_rate' or c.key = 'long_context_threshold_tokens') and c.value <> 'null'::jsonb;
comment on view public.ai_models_price_origin is
  'Where each price in force comes from (values per single token): manual (an edit of ai_providers, or a row created '
  'by hand), admin (the admin catalog tier), provider (the provider''s own list), consensus (of the price tables in '
  'sources), imported or builtin (the catalog), stale (no layer gives it any more: kept at its last value, see '
  'ai_models_stale_prices).';
