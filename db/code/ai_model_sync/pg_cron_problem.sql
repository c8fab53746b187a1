create or replace function ai_model_sync.pg_cron_problem() returns text
language sql stable
set search_path = pg_catalog, pg_temp
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
