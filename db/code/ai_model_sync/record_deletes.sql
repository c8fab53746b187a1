create or replace function ai_model_sync.record_deletes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, old_config, model_created_at)
  select stamp, actor, batch, 'delete', o.id, o.provider, o.api_identifier, o.config, o.created_at
    from old_rows o;
  return null;
end
$$;
comment on function ai_model_sync.record_deletes() is
  'Trigger (AFTER DELETE, per statement): records the deleted ai_providers rows.';
