create or replace view public.ai_models_overrides as
  select p.id as model_id, p.provider, p.api_identifier, p.is_active, o.key, o.value, o.default_value
    from public.ai_providers p
   cross join lateral (
     select c.key, c.value, p.defaults_snapshot->c.key as default_value
       from pg_catalog.jsonb_each(p.config) as c
      where c.value <> 'null'::jsonb and c.value is distinct from p.defaults_snapshot->c.key
     union all
     select f.key, pg_catalog.to_jsonb(f.value), pg_catalog.to_jsonb(f.snapshot)
       from (values ('name', p.name, p.name_snapshot), ('description', p.description, p.description_snapshot))
            as f(key, value, snapshot)
      where f.value is not null and f.value is distinct from f.snapshot
   ) as o
   where p.defaults_snapshot is not null;
comment on view public.ai_models_overrides is
  'The manual overrides the sync keeps: per synced model (rows created by hand are all manual and not listed), each '
  'config key, name or description whose value differs from what the sync computed (default_value, NULL when no '
  'default has the key). Setting the key to null or removing it returns it to the default at the next sync.';
