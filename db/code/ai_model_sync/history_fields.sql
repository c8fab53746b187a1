create or replace function ai_model_sync.history_fields(
  provider text, api_identifier text, name text, description text, is_active boolean, is_listed boolean,
  name_snapshot text, description_snapshot text, config jsonb, defaults_snapshot jsonb
) returns jsonb
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.jsonb_build_object(
           'provider', provider, 'api_identifier', api_identifier, 'name', name, 'description', description,
           'is_active', is_active, 'is_listed', is_listed,
           'name_snapshot', name_snapshot, 'description_snapshot', description_snapshot)
         || coalesce((select pg_catalog.jsonb_object_agg('config.' || c.key, c.value)
                        from pg_catalog.jsonb_each(config) as c), '{}'::jsonb)
         || coalesce((select pg_catalog.jsonb_object_agg('defaults_snapshot.' || d.key, d.value)
                        from pg_catalog.jsonb_each(defaults_snapshot) as d), '{}'::jsonb)
$$;
comment on function ai_model_sync.history_fields(text, text, text, text, boolean, boolean, text, text, jsonb, jsonb) is
  'A row of ai_providers flattened to the fields history tracks: columns by name, config and defaults_snapshot '
  'keys as config.<key> and defaults_snapshot.<key>. id, created_at and updated_at are not tracked.';
