-- Statement-level triggers with transition tables: one INSERT ... SELECT per statement, however many rows it
-- wrote. SECURITY DEFINER so that whoever may change ai_providers gets the change recorded without being able
-- to write history themselves; changed_by comes from current_actor(), not current_user (which is the owner here).

create or replace function ai_model_sync.record_inserts() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier)
  select stamp, actor, batch, 'insert', n.id, n.provider, n.api_identifier
    from new_rows n;
  return null;
end
$$;
comment on function ai_model_sync.record_inserts() is
  'Trigger (AFTER INSERT, per statement): records the inserted ai_providers rows in ai_provider_history.';
