create or replace function public.ai_models_unschedule() returns integer
language plpgsql
set search_path = pg_catalog, pg_temp
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
