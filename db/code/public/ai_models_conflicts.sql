create or replace view public.ai_models_conflicts as
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
