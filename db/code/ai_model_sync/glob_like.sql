create or replace function ai_model_sync.glob_like(glob text) returns text
language sql immutable parallel safe
as $$
  select pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           glob, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_')
$$;
comment on function ai_model_sync.glob_like(text) is
  'A glob on a whole id (* any characters, ? one character, everything else literal) as a LIKE pattern: '
  'id LIKE ai_model_sync.glob_like(''tts-*''). Used by the model filters and the kind rules. No SET search_path so '
  'that the planner inlines it; every name in it is schema-qualified.';
