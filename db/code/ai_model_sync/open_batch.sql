create or replace function ai_model_sync.open_batch(batch_id bigint) returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  context text;
  stack text[];
begin
  -- Only the sync's own code may open a batch: the caller must be a PL/pgSQL function of ai_model_sync (where
  -- nobody but the owner creates functions) that runs PERFORM ai_model_sync.open_batch(<variable>). The context
  -- lines are structured; a statement's own text cannot end a line in "at PERFORM" (its line ends with the quote
  -- the context adds), so a DO block, a client query or a pg_temp function cannot pass for the sync.
  get diagnostics context = pg_context;
  stack := pg_catalog.string_to_array(context, E'\n');
  if not (coalesce(stack[2], '') ~ '^SQL statement "SELECT ai_model_sync\.open_batch\([a-z_]+\)"$'
          and coalesce(stack[3], '') ~ '^PL/pgSQL function ai_model_sync\.[a-z_]+\([a-z0-9_, ]*\) line [0-9]+ at PERFORM$') then
    raise exception using errcode = 'insufficient_privilege',
      message = 'only the sync opens a batch',
      detail = 'ai_model_sync.open_batch is called by ai_model_sync.apply_batch; a change made otherwise is recorded without a batch.',
      hint = 'Apply staged lists with select ai_models_apply_pending() or call sync_ai_models().';
  end if;
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
  'record the batch from ai_model_sync.applying_batches, which only this SECURITY DEFINER function and close_batch write. '
  'Refuses any caller but a PL/pgSQL function of ai_model_sync (the sync), and any batch that is not pending.';
