create or replace function ai_model_sync.require_pg_cron() returns void
language plpgsql
set search_path = pg_catalog, pg_temp
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
