-- migrate:up

create function public.ai_models_prune_fetches(retention interval default '30 days') returns bigint
language plpgsql
set search_path = ''
as $$
declare
  pruned bigint;
begin
  if retention is null or retention <= interval '0' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the retention must be a positive interval, got %s', coalesce(retention::text, 'NULL')),
      hint = 'For example ai_models_prune_fetches(''30 days'').';
  end if;
  -- Settled batches (applied, superseded, failed) older than the retention go, except each provider's newest
  -- applied batch, whose report describes the provider's current rows. Pending batches always stay.
  with newest_applied as (
    select distinct on (f.provider) f.id
      from public.ai_model_fetches f
     where f.status = 'applied'
     order by f.provider, f.applied_at desc, f.id desc
  ),
  deleted as (
    delete from public.ai_model_fetches f
     where f.status in ('applied', 'superseded', 'failed')
       and coalesce(f.applied_at, f.fetched_at) < pg_catalog.now() - retention
       and f.id not in (select n.id from newest_applied n)
    returning f.id
  )
  select pg_catalog.count(*) into pruned from deleted;
  return pruned;
end
$$;
comment on function public.ai_models_prune_fetches(interval) is
  'Deletes staged batches settled (applied, superseded or failed) longer ago than the retention, keeping each '
  'provider''s newest applied batch and every pending one; returns how many it deleted. Run daily by the '
  'ai_models_prune_fetches pg_cron job (see ai_models_schedule). History (ai_provider_history) is not pruned.';

revoke all on function public.ai_models_prune_fetches(interval) from public;
grant execute on function public.ai_models_prune_fetches(interval) to ai_models_admin;

create function ai_model_sync.pg_cron_problem() returns text
language sql stable
set search_path = ''
as $$
  select case
    when exists (select from pg_catalog.pg_extension e where e.extname = 'pg_cron') then null
    when not exists (select from pg_catalog.pg_available_extensions a where a.name = 'pg_cron') then
      'the pg_cron package is not installed on the database server'
    -- pg_cron defines cron.database_name when it is loaded; only shared_preload_libraries loads it
    when pg_catalog.current_setting('cron.database_name', true) is null then
      'pg_cron is installed but not loaded: it is not in shared_preload_libraries (or the server was not restarted)'
    when pg_catalog.current_setting('cron.database_name', true) <> pg_catalog.current_database() then
      pg_catalog.format('pg_cron is loaded for database %s (cron.database_name), not for this database (%s)',
                        pg_catalog.current_setting('cron.database_name', true), pg_catalog.current_database())
    else 'pg_cron is loaded for this database but the extension is not created here'
  end
$$;
comment on function ai_model_sync.pg_cron_problem() is
  'NULL when the pg_cron extension exists in this database, else the first missing step: package, '
  'shared_preload_libraries, cron.database_name, CREATE EXTENSION.';

create function ai_model_sync.require_pg_cron() returns void
language plpgsql
set search_path = ''
as $$
declare
  problem text := ai_model_sync.pg_cron_problem();
begin
  if problem is not null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = pg_catalog.format('pg_cron is not available in database %s: %s', pg_catalog.current_database(), problem),
      detail = 'ai_models_schedule() runs CALL sync_ai_models() and the pruning of old staged lists as pg_cron jobs.',
      hint = pg_catalog.format(
        'Supabase: enable pg_cron under Database > Extensions (or create extension pg_cron). PostgreSQL: install the '
        'package (Debian/Ubuntu: apt-get install postgresql-%s-cron; RHEL: pg_cron_%s), add to postgresql.conf '
        'shared_preload_libraries = ''pg_cron'' and cron.database_name = ''%s'', restart PostgreSQL, then run '
        'create extension pg_cron; in database %s. When pg_cron already serves another database, schedule from there: '
        'select cron.schedule_in_database(''ai_models_sync'', ''0 * * * *'', ''CALL public.sync_ai_models()'', %L). '
        'Or run CALL sync_ai_models() from your own scheduler.',
        pg_catalog.current_setting('server_version_num')::integer / 10000,
        pg_catalog.current_setting('server_version_num')::integer / 10000,
        pg_catalog.current_database(), pg_catalog.current_database(), pg_catalog.current_database());
  end if;
end
$$;
comment on function ai_model_sync.require_pg_cron() is
  'Raises an error that says how to install pg_cron unless the extension exists in this database.';

create function ai_model_sync.schedule_job(job_name text, schedule text, command text) returns void
language plpgsql
set search_path = ''
as $$
begin
  if schedule is null or pg_catalog.btrim(schedule) = '' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('no schedule given for pg_cron job %s', job_name),
      hint = 'A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. ''0 * * * *'' (hourly).';
  end if;
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
  'Creates or updates the current user''s pg_cron job of that name, turning pg_cron''s "invalid schedule" into an '
  'error that says what a cron expression looks like.';

create function public.ai_models_schedule(
  cron text default '0 * * * *', retention interval default '30 days', prune_cron text default '30 3 * * *'
) returns table (jobid bigint, jobname text, schedule text, command text)
language plpgsql
set search_path = ''
as $$
begin
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
  '03:30). Needs the pg_cron extension here; says how to install it otherwise. Returns the two jobs.';

create function public.ai_models_unschedule() returns integer
language plpgsql
set search_path = ''
as $$
declare
  removed integer;
begin
  perform ai_model_sync.require_pg_cron();
  execute 'select pg_catalog.count(cron.unschedule(j.jobid))::integer from cron.job j
            where j.jobname in (''ai_models_sync'', ''ai_models_prune_fetches'')
              and j.database = pg_catalog.current_database()'
     into removed;
  return removed;
end
$$;
comment on function public.ai_models_unschedule() is
  'Removes the ai_models_sync and ai_models_prune_fetches pg_cron jobs of this database; returns how many it '
  'removed (0 when none was scheduled). Removing another user''s job needs superuser rights.';

revoke all on function public.ai_models_schedule(text, interval, text) from public;
revoke all on function public.ai_models_unschedule() from public;

-- migrate:down

drop function public.ai_models_unschedule();
drop function public.ai_models_schedule(text, interval, text);
drop function ai_model_sync.schedule_job(text, text, text);
drop function ai_model_sync.require_pg_cron();
drop function ai_model_sync.pg_cron_problem();
drop function public.ai_models_prune_fetches(interval);
