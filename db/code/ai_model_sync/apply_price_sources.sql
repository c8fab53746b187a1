create or replace function ai_model_sync.apply_price_sources() returns jsonb
language sql
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.jsonb_agg(r.report order by r.source), '[]'::jsonb)
    from (select s.source, ai_model_sync.apply_price_source(s.source) as report
            from (values ('genai-prices'), ('litellm'), ('models.dev')) as s(source)) as r
   where r.report is not null
$$;
comment on function ai_model_sync.apply_price_sources() is
  'Settles the pending copies of every price source (apply_price_source) and returns their reports as a JSON array.';
