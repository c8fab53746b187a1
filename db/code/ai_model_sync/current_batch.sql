create or replace function ai_model_sync.current_batch() returns bigint
language sql stable parallel safe
set search_path = ''
as $$
  select nullif(pg_catalog.current_setting('ai_model_sync.batch_id', true), '')::bigint
$$;
comment on function ai_model_sync.current_batch() is
  'The batch the sync is applying in this transaction (it sets ai_model_sync.batch_id locally), NULL otherwise. '
  'A setting once used in a session reads as '''' after its transaction, hence the nullif.';
