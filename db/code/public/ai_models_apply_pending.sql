create or replace function public.ai_models_apply_pending(force boolean default false) returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  pending_provider text;
  reports jsonb := '[]'::jsonb;
begin
  perform ai_model_sync.apply_price_sources();  -- the price tables first (issue 13)
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    reports := reports || coalesce(pg_catalog.jsonb_build_array(ai_model_sync.apply_provider(pending_provider, force)), '[]'::jsonb);
  end loop;
  return pg_catalog.jsonb_path_query_array(reports, '$[*] ? (@ != null)');
end
$$;
comment on function public.ai_models_apply_pending(boolean) is
  'Like CALL sync_ai_models(), inside the caller''s transaction: applies the pending price tables, then every provider''s newest pending batch '
  '(each in a subtransaction, so a bad batch fails alone) and returns the reports as a JSON array. For dry runs: '
  'BEGIN; SELECT ai_models_apply_pending(); ROLLBACK;';
