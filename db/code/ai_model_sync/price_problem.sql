create or replace function ai_model_sync.price_problem(field text, value jsonb) returns text
language sql stable parallel safe
as $$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) = 'number' then null
    when pg_catalog.jsonb_typeof(value) = 'string' and value #>> '{}' ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' then null
    else pg_catalog.format('"%s" must be a price (number or decimal string), got %s', field, pg_catalog.left(value::text, 80))
  end
$$;
comment on function ai_model_sync.price_problem(text, jsonb) is
  'NULL when a provider-reported price is absent, a number or a decimal string; else the problem.';
