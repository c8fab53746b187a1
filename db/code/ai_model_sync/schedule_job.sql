create or replace function ai_model_sync.schedule_job(job_name text, schedule text, command text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  perform ai_model_sync.check_schedule(job_name, schedule);
  -- pg_cron updates the job of the same name (and user) in place: scheduling twice leaves one job.
  begin
    perform cron.schedule(job_name, schedule, command);
  exception
    when invalid_parameter_value then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('invalid cron expression %L for pg_cron job %s', schedule, job_name),
        detail = sqlerrm,
        hint = 'A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. ''0 * * * *'' '
               '(hourly) or ''*/15 * * * *'' (every 15 minutes); nothing was scheduled.';
  end;
end
$$;
comment on function ai_model_sync.schedule_job(text, text, text) is
  'Creates or updates the current user''s pg_cron job of that name, after ai_model_sync.check_schedule (no job of '
  'ours is scheduled unchecked), turning pg_cron''s own "invalid schedule" into an error that says what a cron '
  'expression looks like.';
