create or replace function public.ai_models_schedule(
  cron text default '0 * * * *', retention interval default '30 days', prune_cron text default '30 3 * * *'
) returns table (jobid bigint, jobname text, schedule text, command text)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- Validated strictly before pg_cron sees it (issue 10), and before the prerequisites: the first error is the bad
  -- expression (schedule_job checks again, as for every job of ours).
  perform ai_model_sync.check_schedule('ai_models_sync', cron);
  perform ai_model_sync.check_schedule('ai_models_prune_fetches', prune_cron);
  perform ai_model_sync.require_pg_cron();
  if retention is null or retention <= interval '0' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the retention must be a positive interval, got %s', coalesce(retention::text, 'NULL')),
      hint = 'For example ai_models_schedule(''0 * * * *'', ''30 days'').';
  end if;
  -- One transaction: if the second job is refused, the first one is not changed either.
  perform ai_model_sync.schedule_job('ai_models_sync', cron, 'CALL public.sync_ai_models()');
  perform ai_model_sync.schedule_job('ai_models_prune_fetches', prune_cron,
    pg_catalog.format('SELECT public.ai_models_prune_fetches(%L::interval)', retention));
  return query execute
    'select j.jobid, j.jobname::text, j.schedule, j.command from cron.job j
      where j.jobname in (''ai_models_sync'', ''ai_models_prune_fetches'') and j.username = current_user
      order by j.jobname';
end
$$;
comment on function public.ai_models_schedule(text, interval, text) is
  'Creates or updates (by name, so calling it again changes the schedule and never duplicates) two pg_cron jobs of '
  'the current user in this database: ai_models_sync runs CALL sync_ai_models() on cron (default hourly), '
  'ai_models_prune_fetches prunes staged lists settled longer ago than retention on prune_cron (default daily '
  '03:30); both schedules are validated strictly first (ai_model_sync.check_schedule). Needs the pg_cron extension here; says how to install it otherwise. Returns the two jobs.';
