-- Hot-path helpers (token_field_problem, token_count, staged_models, model_defaults) carry no SET search_path
-- so that the planner can inline them into the merge; every name in them is schema-qualified instead. Those that
-- call format(), jsonb_build_object() or jsonb_to_recordset() are declared STABLE like those functions: the planner
-- refuses to inline an IMMUTABLE function whose body is only STABLE.

create or replace function ai_model_sync.token_field_problem(field text, value jsonb) returns text
language sql stable parallel safe
as $$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) <> 'number' then
      pg_catalog.format('"%s" must be a number of tokens, got %s', field, pg_catalog.left(value::text, 80))
    when (value #>> '{}')::numeric < 0 then
      pg_catalog.format('"%s" must not be negative, got %s', field, value)
    when (value #>> '{}')::numeric <> pg_catalog.trunc((value #>> '{}')::numeric) then
      pg_catalog.format('"%s" must be a whole number, got %s', field, value)
    when (value #>> '{}')::numeric > 10000000000 then
      pg_catalog.format('"%s" is absurdly large: %s', field, value)
  end
$$;
comment on function ai_model_sync.token_field_problem(text, jsonb) is
  'NULL when a provider-reported token limit is absent, null or a whole number from 0 to 10^10; else the problem.';
