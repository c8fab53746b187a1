create or replace function ai_model_sync.open_batch(batch_id bigint) returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Only a staged list still pending can be opened: the sync applies nothing else (ai_model_sync.apply_provider).
  if not exists (select from public.ai_model_fetches f where f.id = open_batch.batch_id and f.status = 'pending') then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('batch %s is not a pending staged list', coalesce(open_batch.batch_id::text, 'NULL')),
      detail = 'Only the sync opens a batch, for the pending list it is applying.',
      hint = 'Apply staged lists with select ai_models_apply_pending() or call sync_ai_models().';
  end if;
  insert into ai_model_sync.applying_batches as a (xact, batch_id)
  values (pg_catalog.pg_current_xact_id(), open_batch.batch_id)
  on conflict (xact) do update set batch_id = excluded.batch_id, opened_at = pg_catalog.now();
  -- for logs only: the history triggers do not trust this setting
  perform pg_catalog.set_config('ai_model_sync.batch_id', open_batch.batch_id::text, true);
end
$$;
comment on function ai_model_sync.open_batch(bigint) is
  'The sync (ai_model_sync.apply_batch) marks the pending batch it applies in this transaction: the history triggers '
  'record the batch from ai_model_sync.applying_batches, which only this SECURITY DEFINER function and close_batch write.';
