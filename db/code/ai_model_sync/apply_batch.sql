-- jit = off: every statement here runs once over rows it has just read, and at tens of thousands of models the
-- merge's estimated cost passes the JIT thresholds, whose LLVM compilation then takes seconds, more than the merge
-- (found by make bench). work_mem = 64MB: the plan's sorts by list order (catalog_config, plan_batch, write_plan)
-- spilled to disk at the default 4MB (24 MB for 33,333 models); in memory the first sync of 100,000 models costs
-- about 4% less backend CPU (make bench, docs/benchmarks.md). The caller's settings are restored on return; the
-- steps inherit them.
create or replace function ai_model_sync.apply_batch(batch_id bigint, force boolean default false) returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
set jit = off
set work_mem = '64MB'
as $$
declare
  batch public.ai_model_fetches;
  input_digest text;
  listed bigint;
  guard jsonb;
  written jsonb;
  batch_report jsonb;
begin
  select * into batch from public.ai_model_fetches f where f.id = batch_id;
  if not found then
    raise exception using errcode = 'no_data_found',
      message = format('no staged batch with id %s', batch_id),
      hint = 'Stage a list first: insert into ai_model_fetches (provider, payload) values (...).';
  end if;
  -- for history triggers and logs: which batch is writing (closed again before returning; owner-only, SPEC 9)
  perform ai_model_sync.open_batch(batch_id);

  -- 1. the payload is an array of objects
  perform ai_model_sync.check_payload(batch);

  -- 2. the hourly no-op: the same input over rows nobody changed is settled without parsing or writing anything
  input_digest := ai_model_sync.input_fingerprint(batch.provider, batch.payload);
  if not force then
    batch_report := ai_model_sync.settle_unchanged(batch, input_digest);
    if batch_report is not null then
      perform ai_model_sync.close_batch();
      return batch_report;
    end if;
  end if;

  -- 3. normalise every entry once (pg_temp.ai_model_sync_staged); the first malformed entry fails the batch
  listed := ai_model_sync.normalise_batch(batch);
  -- 3b. issue 15: the team's model filters (ai_model_sync.model_filters) remove models before the plan; they are
  -- deactivated like unlisted ones, without counting for the guard (pg_temp.ai_model_sync_filtered)
  perform ai_model_sync.filter_staged(batch.provider);

  -- Lock the provider's rows first, then read them: the plan below is a new statement with a new snapshot, so it
  -- sees every manual edit committed before these locks, and none can commit until this batch is done.
  perform from public.ai_providers p where p.provider = batch.provider order by p.id for no key update;

  -- 4. plan one row per listed model: defaults, three-way merge, action (pg_temp.ai_model_sync_plan)
  perform ai_model_sync.plan_batch(batch.provider);
  -- 5. the synced rows the list lacks, and the guard (pg_temp.ai_model_sync_gone)
  guard := ai_model_sync.plan_deactivations(batch.provider, listed, force);
  -- 6. write what changes, nothing else
  written := ai_model_sync.write_plan(batch.provider, guard);
  -- 6b. issue 13: where each price of the plan came from (ai_model_sync.price_origins, only where it changed)
  perform ai_model_sync.write_price_origins(batch.provider);
  -- 7. the report
  batch_report := ai_model_sync.batch_report(batch, guard, written);

  update public.ai_model_fetches f
     set status = 'applied', applied_at = now(), report = batch_report,
         fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
   where f.id = batch_id;
  drop table pg_temp.ai_model_sync_staged, pg_temp.ai_model_sync_plan, pg_temp.ai_model_sync_gone, pg_temp.ai_model_sync_filtered;
  perform ai_model_sync.close_batch();
  return batch_report;
end
$$;
comment on function ai_model_sync.apply_batch(bigint, boolean) is
  'Applies one staged batch set-based, as named steps: check_payload; settle_unchanged (the no-op shortcut); '
  'normalise_batch (parse and validate every entry, raising on the first problem); filter_staged (the model filters); lock the provider''s rows; '
  'plan_batch (defaults, three-way merge, one action per model); plan_deactivations (synced models the list lacks, '
  'the guard; force overrides it); write_plan (only rows that change); write_price_origins; batch_report. Marks the batch applied and '
  'returns its report. Callers hold the provider''s advisory lock (see apply_provider).';
