create or replace function ai_model_sync.apply_provider(provider text, force boolean default false) returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  newest public.ai_model_fetches;
  report jsonb;
  err_message text;
  err_detail text;
  err_hint text;
  err_state text;
begin
  -- One sync per provider at a time: a second caller waits here, then finds the batch already settled.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext(apply_provider.provider));

  select * into newest
    from public.ai_model_fetches f
   where f.provider = apply_provider.provider and f.status = 'pending'
   order by f.fetched_at desc, f.id desc
   limit 1;
  if not found then
    return null;
  end if;

  update public.ai_model_fetches f
     set status = 'superseded', applied_at = pg_catalog.now(),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded', 'superseded_by', newest.id)
   where f.provider = apply_provider.provider and f.status = 'pending' and f.id <> newest.id;

  -- A list fetched before the newest applied one is stale: applying it would undo newer facts.
  if exists (select from public.ai_model_fetches f
              where f.provider = apply_provider.provider and f.status = 'applied' and f.fetched_at > newest.fetched_at) then
    update public.ai_model_fetches f
       set status = 'superseded', applied_at = pg_catalog.now(),
           report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded',
                                                  'warnings', '["fetched before the newest applied list"]'::jsonb)
     where f.id = newest.id
    returning f.report into report;
    return report;
  end if;

  -- Deadlocks with a concurrent manual transaction are retried; any other error fails this batch alone.
  for attempt in 1..3 loop
    begin
      return ai_model_sync.apply_batch(newest.id, force);
    exception
      when deadlock_detected then
        if attempt < 3 then
          continue;
        end if;
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
      when others then
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
    end;
    exit;
  end loop;

  update public.ai_model_fetches f
     set status = 'failed', applied_at = pg_catalog.now(),
         error = pg_catalog.concat_ws(E'\n', err_message, 'DETAIL: ' || nullif(err_detail, ''), 'HINT: ' || nullif(err_hint, '')),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'failed',
                                                'sqlstate', err_state, 'error', err_message)
   where f.id = newest.id
  returning f.report into report;
  return report;
end
$$;
comment on function ai_model_sync.apply_provider(text, boolean) is
  'Settles a provider''s pending batches in the caller''s transaction: under the provider''s advisory lock, the newest '
  'pending batch is applied (or failed, with its error stored and the provider''s rows untouched) and older pending '
  'ones are superseded. Returns the report of the newest batch, NULL when nothing was pending.';
