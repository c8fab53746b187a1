create or replace function ai_model_sync.record_updates() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  -- A row whose id changed reads as a delete of the old id and an insert of the new one.
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, changes, old_config, model_created_at)
  select stamp, actor, batch, c.operation, c.model_id, c.provider, c.api_identifier, c.changes, c.old_config, c.model_created_at
    from (
      select case when o.id is null then 'insert' when n.id is null then 'delete' else 'update' end as operation,
             coalesce(o.id, n.id) as model_id,
             coalesce(o.provider, n.provider) as provider,
             coalesce(o.api_identifier, n.api_identifier) as api_identifier,
             case when o.id is not null and n.id is not null then ai_model_sync.field_changes(
               ai_model_sync.history_fields(o.provider, o.api_identifier, o.name, o.description, o.is_active, o.is_listed,
                                            o.name_snapshot, o.description_snapshot, o.config, o.defaults_snapshot),
               ai_model_sync.history_fields(n.provider, n.api_identifier, n.name, n.description, n.is_active, n.is_listed,
                                            n.name_snapshot, n.description_snapshot, n.config, n.defaults_snapshot))
             end as changes,
             o.config as old_config,
             o.created_at as model_created_at
        from old_rows o
        full join new_rows n on n.id = o.id
    ) as c
   where c.operation <> 'update' or c.changes is not null;
  return null;
end
$$;
comment on function ai_model_sync.record_updates() is
  'Trigger (AFTER UPDATE, per statement): records what each updated ai_providers row changed (rows whose tracked '
  'fields are unchanged, e.g. only updated_at moved, are not recorded).';
