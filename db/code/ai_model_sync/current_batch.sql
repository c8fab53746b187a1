create or replace function ai_model_sync.current_batch() returns bigint
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- pg_current_xact_id_if_assigned: a transaction that has written nothing has no id, hence applies no batch
  select a.batch_id from ai_model_sync.applying_batches a where a.xact = pg_catalog.pg_current_xact_id_if_assigned()
$$;
comment on function ai_model_sync.current_batch() is
  'The batch the sync is applying in this transaction (ai_model_sync.open_batch), NULL otherwise. Called by the '
  'SECURITY DEFINER history triggers; it trusts the owner-only table ai_model_sync.applying_batches, not the '
  'ai_model_sync.batch_id setting, which any session may set.';
