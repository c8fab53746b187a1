create or replace function ai_model_sync.payload_problem(payload jsonb) returns table (ord integer, api_identifier text, problem text)
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select null::integer, null::text, pg_catalog.format('the payload must be a JSON array of models, got %s', pg_catalog.jsonb_typeof(payload))
   where pg_catalog.jsonb_typeof(payload) is distinct from 'array'
  union all
  (select e.ord::integer, null::text, pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
     from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end)
          with ordinality as e(obj, ord)
    where pg_catalog.jsonb_typeof(e.obj) <> 'object'
    order by e.ord
    limit 1)
$$;
comment on function ai_model_sync.payload_problem(jsonb) is
  'The first structural problem of a staged payload: not an array (ord NULL), or the first entry that is not an '
  'object. No row when the payload is an array of objects.';
