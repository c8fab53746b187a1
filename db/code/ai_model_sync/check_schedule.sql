-- The one place that refuses a schedule (issue 10): strict, because pg_cron's own parser ignored the tail of
-- '* * * * *''; drop table …'. Called by schedule_job, so that no job of ours is scheduled unchecked, and by the
-- public scheduling functions before their prerequisites, so that a bad expression is the first error.
create or replace function ai_model_sync.check_schedule(job_name text, schedule text) returns void
language plpgsql immutable
set search_path = pg_catalog, pg_temp
as $$
declare
  problem text := ai_model_sync.cron_problem(schedule);
begin
  if problem is not null then
    raise exception using errcode = 'invalid_parameter_value',
      message = case when schedule is null or pg_catalog.btrim(schedule) = ''
                     then pg_catalog.format('no schedule given for pg_cron job %s', job_name)
                     else pg_catalog.format('invalid cron expression %L for pg_cron job %s', pg_catalog.left(schedule, 100), job_name) end,
      detail = problem,
      hint = 'A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. ''0 * * * *'' '
             '(hourly) or ''*/15 * * * *'' (every 15 minutes); or ''30 seconds''. Nothing was scheduled.';
  end if;
end
$$;
comment on function ai_model_sync.check_schedule(text, text) is
  'Raises invalid_parameter_value, with the problem as detail, when schedule is not a cron expression that '
  'ai_model_sync.cron_problem accepts (five fields or ''N seconds''); returns otherwise. Called by schedule_job and '
  'by the public scheduling functions before their prerequisites.';
