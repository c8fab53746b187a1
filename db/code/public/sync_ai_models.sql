-- No SET search_path here: a procedure with a SET clause may not COMMIT. Every name is schema-qualified.
create or replace procedure public.sync_ai_models(force boolean default false)
language plpgsql
as $$
declare
  pending_provider text;
begin
  -- the price tables first (issue 13), so that every provider's merge sees their newest consensus
  perform ai_model_sync.apply_price_sources();
  commit;
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    perform ai_model_sync.apply_provider(pending_provider, force);
    commit;
  end loop;
end
$$;
comment on procedure public.sync_ai_models(boolean) is
  'Applies the newest pending copy of each price table (ai_price_fetches), then every pending staged batch: per provider the newest one, in its own transaction (older ones are '
  'superseded, a failing one is marked failed with its error and changes nothing). force => true lets a list '
  'deactivate more than half of a provider''s models. Call it outside an explicit transaction block (psql, '
  'pg_cron); inside one, use ai_models_apply_pending().';
