create or replace function ai_model_sync.field_changes(old_fields jsonb, new_fields jsonb) returns jsonb
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_object_agg(k.field,
           pg_catalog.jsonb_build_object('old', coalesce(old_fields->k.field, 'null'::jsonb),
                                         'new', coalesce(new_fields->k.field, 'null'::jsonb)))
    from (select pg_catalog.jsonb_object_keys(old_fields) union select pg_catalog.jsonb_object_keys(new_fields)) as k(field)
   where coalesce(old_fields->k.field, 'null'::jsonb) is distinct from coalesce(new_fields->k.field, 'null'::jsonb)
$$;
comment on function ai_model_sync.field_changes(jsonb, jsonb) is
  'The fields (see history_fields) whose values differ, as {"field": {"old": ..., "new": ...}}; a missing field '
  'equals null. NULL when nothing differs.';
