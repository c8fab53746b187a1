create or replace function ai_model_sync.close_batch() returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from ai_model_sync.applying_batches a where a.xact = pg_catalog.pg_current_xact_id();
  perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
end
$$;
comment on function ai_model_sync.close_batch() is
  'The sync has applied its batch: later changes of this transaction are recorded without a batch.';
