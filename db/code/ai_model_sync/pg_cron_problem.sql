create or replace function ai_model_sync.pg_cron_problem() returns text
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  cron_database text;
begin
  if exists (select from pg_extension e where e.extname = 'pg_cron') then
    return null;
  elsif not exists (select from pg_available_extensions a where a.name = 'pg_cron') then
    return 'the pg_cron package is not installed on the database server';
  end if;
  begin
    -- pg_cron defines cron.database_name when it is loaded; only shared_preload_libraries loads it
    cron_database := current_setting('cron.database_name', true);
  exception when insufficient_privilege then
    -- only superusers and pg_read_all_settings may read it
    return 'pg_cron is installed but the extension is not created here';
  end;
  return case
    when cron_database is null then
      'pg_cron is installed but not loaded: it is not in shared_preload_libraries (or the server was not restarted)'
    when cron_database <> current_database() then
      format('pg_cron is loaded for database %s (cron.database_name), not for this database (%s)',
             cron_database, current_database())
    else 'pg_cron is loaded for this database but the extension is not created here'
  end;
end
$$;
comment on function ai_model_sync.pg_cron_problem() is
  'NULL when the pg_cron extension exists in this database, else the first missing step: package, '
  'shared_preload_libraries, cron.database_name, CREATE EXTENSION (the last one also when this role may not read '
  'cron.database_name).';
