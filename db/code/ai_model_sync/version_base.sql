create or replace function ai_model_sync.version_base(api_identifier text) returns text
language sql immutable parallel safe
as $$
  select pg_catalog.regexp_replace(api_identifier, '-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$', '')
$$;
comment on function ai_model_sync.version_base(text) is
  'The id without one trailing version suffix (-YYYY-MM-DD, -YYYYMMDD, -NNNN, -NNN, -latest): the family key. '
  'gpt-4o-2024-08-06 -> gpt-4o, claude-sonnet-4-5-20250929 -> claude-sonnet-4-5, gpt-5.5 -> gpt-5.5. '
  'No SET search_path so that the planner inlines it; every name in it is schema-qualified.';
