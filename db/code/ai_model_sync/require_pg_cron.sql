create or replace function ai_model_sync.require_pg_cron() returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  problem text := ai_model_sync.pg_cron_problem();
begin
  -- Loaded for this database but not created here: create it when this role may (a superuser, or where pg_cron
  -- is allow-listed for it, as on Supabase); else say who must run what.
  if problem like '% but the extension is not created here' then
    begin
      create extension if not exists pg_cron;
      return;
    exception when insufficient_privilege then
      raise exception using errcode = 'insufficient_privilege',
        message = format('pg_cron is not created in database %s, and role %s may not create it', current_database(), current_user),
        detail = 'ai_models_schedule() runs CALL sync_ai_models() and the pruning of old staged lists as pg_cron jobs.',
        hint = format('A superuser must run: create extension pg_cron; in database %s (psql -d %s -c ''create extension pg_cron''), '
                      'then make schedule again.', current_database(), current_database());
    end;
  end if;
  if problem is not null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = format('pg_cron is not available in database %s: %s', current_database(), problem),
      detail = 'ai_models_schedule() runs CALL sync_ai_models() and the pruning of old staged lists as pg_cron jobs.',
      hint = format(
        'Supabase: enable pg_cron under Database > Extensions (or create extension pg_cron). PostgreSQL: install the '
        'package (Debian/Ubuntu: apt-get install postgresql-%s-cron; RHEL: pg_cron_%s), add to postgresql.conf '
        'shared_preload_libraries = ''pg_cron'' and cron.database_name = ''%s'', restart PostgreSQL, then run '
        'create extension pg_cron; in database %s. When pg_cron already serves another database, schedule from there: '
        'select cron.schedule_in_database(''ai_models_sync'', ''0 * * * *'', ''CALL public.sync_ai_models()'', %L). '
        'Or run CALL sync_ai_models() from your own scheduler.',
        current_setting('server_version_num')::integer / 10000,
        current_setting('server_version_num')::integer / 10000,
        current_database(), current_database(), current_database());
  end if;
end
$$;
comment on function ai_model_sync.require_pg_cron() is
  'Makes sure the pg_cron extension exists in this database: creates it when pg_cron is loaded for this database '
  'and the role may create it; else raises an error that says exactly what to do (who must create it, or how to '
  'install and load pg_cron).';
