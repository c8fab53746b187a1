create or replace function ai_model_sync.rows_fingerprint(provider text) returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- Any INSERT, UPDATE or DELETE changes some row's (xmin, ctid) or the count; row locks and VACUUM do not.
  select pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtextextended(t.xmin::text || t.ctid::text, 0)::numeric), 0)
    from public.ai_providers t
   where t.provider = rows_fingerprint.provider
$$;
comment on function ai_model_sync.rows_fingerprint(text) is
  'A cheap digest of the versions of a provider''s rows: it changes whenever any of them is inserted, updated or deleted.';
