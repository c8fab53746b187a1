create or replace function public.ai_models_schedule_edge_function(
  url text,
  cron text default '0 * * * *',
  secret_name text default 'ai_model_sync_function_secret',
  jwt_secret_name text default null,
  timeout_milliseconds integer default 30000
) returns table(jobid bigint, jobname text, schedule text, command text)
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  found integer;
  headers text;
  vault_name text;
begin
  if url is null or url !~ '^https?://[^/?#@\s]+(/[^?#\s]*)?$' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the function URL must be an http(s) URL without credentials or query, got %L', url),
      hint = 'For example ai_models_schedule_edge_function(''https://<project-ref>.supabase.co/functions/v1/sync-ai-models'').';
  end if;
  -- strictly, before the prerequisites (issue 10; schedule_job checks again)
  perform ai_model_sync.check_schedule('ai_models_sync_edge_function', cron);
  if timeout_milliseconds is null or timeout_milliseconds < 1000 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('timeout_milliseconds must be at least 1000, got %s', coalesce(timeout_milliseconds::text, 'NULL'));
  end if;
  if pg_catalog.to_regnamespace('net') is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = 'pg_net is not installed in this database: the job calls the Edge Function with net.http_post()',
      hint = 'Supabase: enable pg_net under Database > Extensions (or create extension pg_net;).';
  end if;
  if pg_catalog.to_regclass('vault.decrypted_secrets') is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = 'Supabase Vault (vault.decrypted_secrets) is not available: the job reads the function''s secret from it',
      hint = 'Supabase: Vault is enabled on every project (Database > Vault); elsewhere create extension supabase_vault;.';
  end if;
  foreach vault_name in array array[secret_name, jwt_secret_name] loop
    continue when vault_name is null;
    execute 'select pg_catalog.count(*)::integer from vault.decrypted_secrets where name = $1' into found using vault_name;
    if found = 0 then
      raise exception using errcode = 'undefined_object',
        message = pg_catalog.format('no Vault secret named %L', vault_name),
        hint = pg_catalog.format('Store it once: select vault.create_secret(''<the value>'', %L); the job reads it at every run, '
                                 'it is never copied into cron.job.', vault_name);
    end if;
  end loop;
  perform ai_model_sync.require_pg_cron();
  -- The secret is read from Vault when the job runs: cron.job holds only its name.
  if jwt_secret_name is null then
    -- the Edge Function deployed with --no-verify-jwt: the secret is the bearer token
    headers := pg_catalog.format(
      'jsonb_build_object(''Content-Type'', ''application/json'', ''Authorization'', ''Bearer '' || '
      '(select decrypted_secret from vault.decrypted_secrets where name = %L))', secret_name);
  else
    -- Supabase's JWT verification on: the JWT (e.g. the anon key) as the bearer token, the secret in its own header
    headers := pg_catalog.format(
      'jsonb_build_object(''Content-Type'', ''application/json'', '
      '''Authorization'', ''Bearer '' || (select decrypted_secret from vault.decrypted_secrets where name = %L), '
      '''x-ai-model-sync-secret'', (select decrypted_secret from vault.decrypted_secrets where name = %L))',
      jwt_secret_name, secret_name);
  end if;
  perform ai_model_sync.schedule_job('ai_models_sync_edge_function', cron, pg_catalog.format(
    'select net.http_post(url := %L, headers := %s, body := ''{}''::jsonb, timeout_milliseconds := %s)',
    url, headers, timeout_milliseconds));
  return query execute
    'select j.jobid, j.jobname::text, j.schedule, j.command from cron.job j
      where j.jobname = ''ai_models_sync_edge_function'' and j.username = current_user';
end
$$;

comment on function public.ai_models_schedule_edge_function(text, text, text, text, integer) is
  'Creates or updates the pg_cron job ai_models_sync_edge_function, which POSTs to the sync-ai-models Edge Function at url on cron (default hourly) with pg_net, the function secret read from Supabase Vault (secret_name) at every run, never stored in the job. With jwt_secret_name (a Vault secret holding a JWT such as the anon key) the JWT is the bearer token and the secret goes in x-ai-model-sync-secret, so that Supabase''s JWT verification may stay on; without it the function must be deployed with --no-verify-jwt. Needs pg_cron, pg_net and Vault; says how to get each otherwise. Remove the job with select cron.unschedule(''ai_models_sync_edge_function''). Returns the job.';
