create or replace function ai_model_sync.rate(config jsonb, key text) returns numeric
language sql immutable parallel safe
as $$
  select case when pg_catalog.jsonb_typeof(config->key) = 'number' then (config->>key)::numeric end
$$;
comment on function ai_model_sync.rate(jsonb, text) is
  'A numeric config value (a cost rate or token threshold), NULL when absent or not a number. No SET search_path '
  'so that it inlines into usage_cost; every name is schema-qualified.';
