-- migrate:up

create view public.ai_models_overrides as
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

create view public.ai_models_conflicts as
  select o.model_id, o.provider, o.api_identifier, o.is_active, o.key, o.value,
         moved.old_default, o.default_value as new_default, moved.changed_at as default_changed_at,
         moved.batch_id as default_changed_by_batch
    from public.ai_models_overrides o
   cross join lateral (
     select case when o.key in ('name', 'description') then o.key else 'config.' || o.key end as value_field,
            case when o.key in ('name', 'description') then o.key || '_snapshot' else 'defaults_snapshot.' || o.key end
              as default_field
   ) as f
   cross join lateral (
     -- the last update that wrote the override (0: none since the row was inserted)
     select coalesce(pg_catalog.max(h.id), 0) as id
       from public.ai_provider_history h
      where h.model_id = o.model_id and h.operation in ('update', 'delete') and h.changes ? f.value_field
   ) as set_at
   cross join lateral (
     -- the first move of the default after that: its old value is the default the admin overrode
     select h.changes->f.default_field->'old' as old_default, h.changed_at, h.batch_id
       from public.ai_provider_history h
      where h.model_id = o.model_id and h.operation in ('update', 'delete') and h.id > set_at.id and h.changes ? f.default_field
      order by h.id
      limit 1
   ) as moved
   where moved.old_default is distinct from coalesce(o.default_value, 'null'::jsonb);
comment on view public.ai_models_conflicts is
  'Open conflicts: manual overrides whose default moved after the override was last written (from '
  'ai_provider_history, so a conflict stays listed after its batch''s report is pruned). It closes when the admin '
  'writes the key again (acknowledging the new default) or resets it (null or removed). old_default is the default '
  'when the override was written, new_default the current one.';

create view public.ai_models_unpriced as
  select p.id as model_id, p.provider, p.api_identifier, p.name, p.defaults_snapshot is null as created_by_hand,
         p.created_at
    from public.ai_providers p
   where p.is_active and coalesce(p.config->'input_token_cost_rate', 'null'::jsonb) = 'null'::jsonb;
comment on view public.ai_models_unpriced is
  'Active models without an input_token_cost_rate: no catalog entry and no provider price covers them, so '
  'ai_models_cost() cannot price their usage. Price them with an admin catalog entry or a manual config edit.';

grant select on public.ai_models_overrides, public.ai_models_conflicts, public.ai_models_unpriced to ai_models_admin;

-- migrate:down

drop view public.ai_models_unpriced;
drop view public.ai_models_conflicts;
drop view public.ai_models_overrides;
