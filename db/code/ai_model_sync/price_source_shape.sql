create or replace function ai_model_sync.price_source_shape(source text, payload jsonb)
returns table (models bigint, problem text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case source
           when 'litellm' then (select pg_catalog.count(*) from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as e
                                 where e.key <> 'sample_spec' and pg_catalog.jsonb_typeof(e.value) = 'object')
           when 'models.dev' then (select pg_catalog.count(*)
                                     from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as p,
                                          pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(p.value->'models') = 'object' then p.value->'models' else '{}' end) as m)
           when 'genai-prices' then (select pg_catalog.count(*)
                                       from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end) as p,
                                            pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(p.value->'models') = 'array' then p.value->'models' else '[]' end) as m)
         end,
         case
           when source = 'litellm' and pg_catalog.jsonb_typeof(payload) <> 'object' then
             pg_catalog.format('a LiteLLM cost map is a JSON object keyed by model name, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'litellm' and not exists (select from pg_catalog.jsonb_each(payload) as e
                                                    where pg_catalog.jsonb_typeof(e.value->'litellm_provider') = 'string') then
             'no entry has a litellm_provider: not a LiteLLM cost map'
           when source = 'models.dev' and pg_catalog.jsonb_typeof(payload) <> 'object' then
             pg_catalog.format('models.dev''s api.json is a JSON object keyed by provider id, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'models.dev' and not exists (select from pg_catalog.jsonb_each(payload) as p
                                                       where pg_catalog.jsonb_typeof(p.value->'models') = 'object') then
             'no provider has "models": not models.dev''s api.json'
           when source = 'genai-prices' and pg_catalog.jsonb_typeof(payload) <> 'array' then
             pg_catalog.format('genai-prices'' data file is a JSON array of providers, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'genai-prices' and not exists (select from pg_catalog.jsonb_array_elements(payload) as p
                                                         where pg_catalog.jsonb_typeof(p.value->'models') = 'array') then
             'no provider has "models": not genai-prices'' data file'
         end
$$;
comment on function ai_model_sync.price_source_shape(text, jsonb) is
  'How many models a staged price table holds (LiteLLM entries, models.dev or genai-prices models of every '
  'provider) and, when it is not a document of its source''s format, why.';
