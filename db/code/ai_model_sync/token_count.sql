create or replace function ai_model_sync.token_count(value jsonb) returns bigint
language sql immutable parallel safe
as $$
  select case when pg_catalog.jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric > 0
              then (value #>> '{}')::numeric::bigint end
$$;
comment on function ai_model_sync.token_count(jsonb) is
  'A provider-reported token limit as bigint; NULL when absent, null or 0 (0 means "not reported"). '
  'Call only on values that token_field_problem() accepted.';
