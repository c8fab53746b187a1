create or replace function ai_model_sync.record_truncate() returns trigger
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
  select stamp, actor, batch, 'delete', p.id, p.provider, p.api_identifier, p.config, p.created_at
    from public.ai_providers p;
  return null;
end
$$;
comment on function ai_model_sync.record_truncate() is
  'Trigger (BEFORE TRUNCATE): records every row of ai_providers as deleted (TRUNCATE has no transition table).';
