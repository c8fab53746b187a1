create or replace function public.ai_models_prune_fetches(retention interval default '30 days') returns bigint
language plpgsql
set search_path = pg_catalog, pg_temp
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
  ),
  -- the price tables likewise (issue 13): each source's newest applied copy stays (the next copy is checked
  -- against its models count, and genai-prices' is matched again when new model ids come up)
  newest_prices as (
    select distinct on (p.source) p.id
      from public.ai_price_fetches p
     where p.status = 'applied'
     order by p.source, p.applied_at desc, p.id desc
  ),
  deleted_prices as (
    delete from public.ai_price_fetches p
     where p.status in ('applied', 'superseded', 'failed')
       and coalesce(p.applied_at, p.fetched_at) < pg_catalog.now() - retention
       and p.id not in (select n.id from newest_prices n)
    returning p.id
  )
  select (select pg_catalog.count(*) from deleted) + (select pg_catalog.count(*) from deleted_prices) into pruned;
  return pruned;
end
$$;
comment on function public.ai_models_prune_fetches(interval) is
  'Deletes staged batches and price-table copies (ai_price_fetches) settled (applied, superseded or failed) longer '
  'ago than the retention, keeping each provider''s and each price source''s newest applied one and every pending one; returns how many it deleted. Run daily by the '
  'ai_models_prune_fetches pg_cron job (see ai_models_schedule). History (ai_provider_history) is not pruned.';
