-- Validates p_entries, then merges them into public.ai_model_catalog for tier p_tier.
create or replace function ai_model_sync.load_catalog(
  p_tier ai_model_sync.catalog_tier,
  p_entries jsonb,
  p_label text,
  p_providers text[] default null
)
returns jsonb
language plpgsql
volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  bad record;
  n_bad integer;
  details text;
  providers text[];
  report jsonb;
begin
  if p_tier is null or p_tier = 'admin' then
    raise exception 'catalog load "%": cannot load tier %', coalesce(p_label, '?'), coalesce(p_tier::text, 'NULL')
      using errcode = 'invalid_parameter_value',
            detail = 'Admin entries are written by hand (insert into ai_model_catalog ...); a load never creates, changes or deletes them.',
            hint = 'Load tier ''builtin'' (the data files) or ''imported'' (a LiteLLM cost map).';
  end if;
  if jsonb_typeof(p_entries) is distinct from 'array' then
    raise exception 'catalog load "%": entries must be a JSON array, got %', coalesce(p_label, '?'), coalesce(jsonb_typeof(p_entries), 'NULL')
      using errcode = 'invalid_parameter_value',
            hint = 'Pass a JSON array of {provider, model, match, config, ...} objects.';
  end if;

  -- 1. Validate everything before writing anything. Every bad entry is listed in the detail.
  create temporary table if not exists pg_temp.catalog_load_problems (
    file text, position integer, provider text, model text, reason text
  ) on commit drop;
  truncate pg_temp.catalog_load_problems;

  -- Entries are numbered from 1 within their file (the "file" key the loader adds), else within the load.
  insert into pg_temp.catalog_load_problems (file, position, provider, model, reason)
  select e.file, e.position, e.value ->> 'provider', e.value ->> 'model', r.reason
  from (select x.value, coalesce(x.value ->> 'file', p_label) as file,
               (row_number() over (partition by coalesce(x.value ->> 'file', p_label) order by x.ordinality))::integer as position
        from jsonb_array_elements(p_entries) with ordinality x) e
  cross join lateral unnest(ai_model_sync.catalog_entry_problems(e.value, p_tier)) r(reason);

  -- Two entries claiming the same (provider, model) within this load.
  insert into pg_temp.catalog_load_problems (file, position, provider, model, reason)
  select d.file, d.position, d.value ->> 'provider', d.value ->> 'model',
         format('duplicate entry: %s/%s is also claimed by entry #%s%s', d.value ->> 'provider', d.value ->> 'model',
                d.first_position, case when d.first_file is distinct from d.file then ' of ' || d.first_file else '' end)
  from (
    select n.*, first_value(n.ordinality) over w as first_ordinality,
           first_value(n.position) over w as first_position, first_value(n.file) over w as first_file
    from (select x.value, x.ordinality, coalesce(x.value ->> 'file', p_label) as file,
                 (row_number() over (partition by coalesce(x.value ->> 'file', p_label) order by x.ordinality))::integer as position
          from jsonb_array_elements(p_entries) with ordinality x) n
    where jsonb_typeof(n.value) = 'object' and n.value ->> 'provider' is not null and n.value ->> 'model' is not null
    window w as (partition by n.value ->> 'provider', n.value ->> 'model' order by n.ordinality)
  ) d
  where d.ordinality <> d.first_ordinality;

  select count(*) into n_bad from pg_temp.catalog_load_problems;
  if n_bad > 0 then
    select * into bad from pg_temp.catalog_load_problems order by file, position, reason limit 1;
    select string_agg(format('%s entry #%s (%s/%s): %s', file, position, coalesce(provider, '?'), coalesce(model, '?'), reason),
                      E'\n' order by file, position, reason)
      into details
      from (select * from pg_temp.catalog_load_problems order by file, position, reason limit 50) p;
    if n_bad > 50 then
      details := details || format(E'\n... and %s more', n_bad - 50);
    end if;
    raise exception '%', format('catalog load "%s" rejected: %s entry #%s (%s/%s): %s%s',
                                p_label, bad.file, bad.position, coalesce(bad.provider, '?'), coalesce(bad.model, '?'), bad.reason,
                                case when n_bad > 1 then format(' (and %s more problem%s)', n_bad - 1, case when n_bad > 2 then 's' else '' end) else '' end)
      using errcode = 'data_exception',
            detail = details,
            hint = 'Fix the entries listed in the detail and load again; nothing was changed. '
                   'Costs are USD per single token (divide a per-1M price by 1000000).';
  end if;

  -- 2. Merge, set-based, for this tier and these providers only.
  providers := coalesce(p_providers, array(select distinct e ->> 'provider' from jsonb_array_elements(p_entries) e));

  -- Two loads of the same tier at once would race on the delete; serialize them.
  perform pg_advisory_xact_lock(hashtext('ai_model_sync.load_catalog'), hashtext(p_tier::text));

  with incoming as (
    select e ->> 'provider' as provider, e ->> 'model' as model, e ->> 'match' as match, e -> 'config' as config,
           nullif(e -> 'prices', 'null'::jsonb) as prices,
           nullif(e ->> 'source_url', '') as source_url, (e ->> 'checked_on')::date as checked_on, nullif(e ->> 'notes', '') as notes
    from jsonb_array_elements(p_entries) e
  ),
  upserted as (
    insert into public.ai_model_catalog as c (provider, model, match, tier, config, prices, source_url, checked_on, notes)
    select provider, model, match, p_tier, config, prices, source_url, checked_on, notes from incoming
    on conflict (provider, model, tier) do update
      set match = excluded.match, config = excluded.config, prices = excluded.prices, source_url = excluded.source_url,
          checked_on = excluded.checked_on, notes = excluded.notes, updated_at = now()
      where (c.match, c.config, c.prices, c.source_url, c.checked_on, c.notes)
            is distinct from (excluded.match, excluded.config, excluded.prices, excluded.source_url, excluded.checked_on, excluded.notes)
    returning c.provider, c.model, (xmax = 0) as is_insert
  ),
  deleted as (
    delete from public.ai_model_catalog c
    where c.tier = p_tier
      and c.provider = any (providers)
      and not exists (select from incoming i where i.provider = c.provider and i.model = c.model)
    returning c.provider, c.model
  )
  select jsonb_build_object(
           'label', p_label,
           'tier', p_tier,
           'providers', to_jsonb(providers),
           'entries', (select count(*) from incoming),
           'inserted', (select count(*) from upserted where is_insert),
           'updated', (select count(*) from upserted where not is_insert),
           'deleted', (select count(*) from deleted),
           'unchanged', (select count(*) from incoming) - (select count(*) from upserted),
           'changes', coalesce((
             select jsonb_agg(jsonb_build_object('action', action, 'provider', provider, 'model', model) order by provider, model, action)
             from (select case when is_insert then 'inserted' else 'updated' end as action, provider, model from upserted
                   union all
                   select 'deleted', provider, model from deleted) ch), '[]'::jsonb))
    into report;
  return report;
end;
$$;
comment on function ai_model_sync.load_catalog(ai_model_sync.catalog_tier, jsonb, text, text[]) is
  'Loads catalog entries (JSON array of {provider, model, match, config, prices, source_url, checked_on, notes, file}) into '
  'public.ai_model_catalog as tier p_tier (builtin or imported; admin is refused). Validates every entry first and raises '
  '(SQLSTATE 22000, detail listing file, entry and reason) without changing anything when one is bad. Otherwise inserts new '
  'entries, updates changed ones (no write for unchanged), and deletes rows of that tier for p_providers (default: the '
  'providers present in the load) that the load no longer has. Admin rows are never touched. Returns '
  '{label, tier, providers, entries, inserted, updated, deleted, unchanged, changes[]}.';
