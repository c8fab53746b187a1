create or replace function ai_model_sync.apply_price_source(source text) returns jsonb
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  newest public.ai_price_fetches;
  previous public.ai_price_fetches;
  shape record;
  candidates text;
  result jsonb;
  err_message text;
  err_detail text;
  err_hint text;
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext('price source ' || apply_price_source.source));

  select * into previous from public.ai_price_fetches f
   where f.source = apply_price_source.source and f.status = 'applied'
   order by f.applied_at desc, f.id desc limit 1;
  select * into newest from public.ai_price_fetches f
   where f.source = apply_price_source.source and f.status = 'pending'
   order by f.fetched_at desc, f.id desc limit 1;
  if not found then
    -- Nothing new from this source; rule-matched tables are matched again when new model ids came up.
    if previous.id is null or apply_price_source.source <> 'genai-prices' then
      return null;
    end if;
    candidates := ai_model_sync.price_candidates_digest();
    if previous.report->>'candidates' is not distinct from candidates then
      return null;
    end if;
    newest := previous;
  else
    update public.ai_price_fetches f
       set status = 'superseded', applied_at = pg_catalog.now(),
           report = pg_catalog.jsonb_build_object('source', f.source, 'fetch', f.id, 'status', 'superseded', 'superseded_by', newest.id)
     where f.source = apply_price_source.source and f.status = 'pending' and f.id <> newest.id;
    if previous.fetched_at > newest.fetched_at then
      update public.ai_price_fetches f
         set status = 'superseded', applied_at = pg_catalog.now(),
             report = pg_catalog.jsonb_build_object('source', f.source, 'fetch', f.id, 'status', 'superseded',
                                                    'warnings', '["fetched before the newest applied copy"]'::jsonb)
       where f.id = newest.id
      returning f.report into result;
      return result;
    end if;
    candidates := case when apply_price_source.source = 'genai-prices' then ai_model_sync.price_candidates_digest() end;
  end if;

  begin
    select * into shape from ai_model_sync.price_source_shape(newest.source, newest.payload);
    if shape.problem is not null then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('%s copy %s: %s', newest.source, newest.id, shape.problem),
        detail = pg_catalog.format('document starts with: %s', pg_catalog.left(newest.payload::text, 200)),
        hint = 'Stage the document exactly as the source publishes it; nothing of this source was changed.';
    end if;
    if previous.id is not null and previous.id <> newest.id and shape.models * 10 < (previous.report->>'models')::bigint then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('%s copy %s has %s models, under a tenth of the %s of copy %s', newest.source, newest.id,
                                    shape.models, previous.report->>'models', previous.id),
        detail = 'A price table does not shrink like that: it is truncated or not the right document.',
        hint = 'Nothing of this source was changed; the previous copy''s prices still count.';
    end if;

    if pg_catalog.to_regclass('pg_temp.ai_model_sync_source_prices') is not null then
      drop table pg_temp.ai_model_sync_source_prices;
    end if;
    create temporary table ai_model_sync_source_prices on commit drop as
      select * from ai_model_sync.source_prices(newest.source, newest.payload);

    with bad_entries as (
      -- an entry with one price out of bounds is skipped whole
      select distinct p.provider, p.api_identifier, p.entry from pg_temp.ai_model_sync_source_prices p where p.problem is not null
    ),
    good as (
      select p.* from pg_temp.ai_model_sync_source_prices p
       where not exists (select from bad_entries b where b.provider = p.provider and b.api_identifier = p.api_identifier and b.entry = p.entry)
    ),
    duplicates as (
      -- several entries of the file name the same model: reported; a key they price differently counts for none
      select g.provider, g.api_identifier, pg_catalog.array_agg(distinct g.entry order by g.entry) as entries,
             pg_catalog.array_agg(distinct g.key order by g.key) filter (where g.conflicting) as conflicting_keys
        from (select g.*, pg_catalog.min(g.value) over k <> pg_catalog.max(g.value) over k as conflicting
                from good g window k as (partition by g.provider, g.api_identifier, g.key)) as g
       group by g.provider, g.api_identifier
      having pg_catalog.count(distinct g.entry) > 1
    ),
    counted as (
      select g.provider, g.api_identifier, g.key, pg_catalog.min(g.value) as value
        from good g
       group by g.provider, g.api_identifier, g.key
      having pg_catalog.count(distinct g.value) = 1
    ),
    removed as (
      delete from ai_model_sync.price_values v
       where v.source = newest.source
         and not exists (select from counted c where c.provider = v.provider and c.api_identifier = v.api_identifier
                                                 and c.key = v.key)
      returning v.provider, v.api_identifier, v.key
    ),
    written as (
      insert into ai_model_sync.price_values as v (source, provider, api_identifier, key, value, fetch_id, since)
      select newest.source, c.provider, c.api_identifier, c.key, c.value, newest.id, pg_catalog.now()
        from counted c
       where not exists (select from ai_model_sync.price_values v
                          where v.source = newest.source and v.provider = c.provider and v.api_identifier = c.api_identifier
                            and v.key = c.key and v.value = c.value)
      on conflict (provider, api_identifier, key, source) do update
        set value = excluded.value, fetch_id = excluded.fetch_id, since = excluded.since
      returning v.provider, v.api_identifier, v.key
    )
    select pg_catalog.jsonb_build_object(
      'source', newest.source, 'fetch', newest.id, 'status', 'applied', 'location', newest.location,
      'models', shape.models,
      'prices', (select pg_catalog.count(*) from counted),
      'changed', (select pg_catalog.count(*) from written),
      'removed', (select pg_catalog.count(*) from removed),
      'skipped', (select pg_catalog.count(*) from pg_temp.ai_model_sync_source_prices p where p.problem is not null),
      'skipped_entries', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('entry', p.entry, 'problem', p.problem)
                                                              order by p.entry, p.problem), '[]'::jsonb)
                            from (select * from pg_temp.ai_model_sync_source_prices p where p.problem is not null
                                   order by p.entry, p.problem limit 100) as p),
      'duplicates', (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                       'provider', d.provider, 'api_identifier', d.api_identifier, 'entries', d.entries,
                                       'conflicting_keys', coalesce(d.conflicting_keys, '{}'))
                                     order by d.provider, d.api_identifier), '[]'::jsonb)
                       from duplicates d),
      'candidates', candidates
    ) into result;
    drop table pg_temp.ai_model_sync_source_prices;

    update public.ai_price_fetches f
       set status = 'applied', applied_at = pg_catalog.now(), report = result
     where f.id = newest.id;
    return result;
  exception when others then
    get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail, err_hint = pg_exception_hint;
  end;

  update public.ai_price_fetches f
     set status = 'failed', applied_at = pg_catalog.now(),
         error = pg_catalog.concat_ws(E'\n', err_message, 'DETAIL: ' || nullif(err_detail, ''), 'HINT: ' || nullif(err_hint, '')),
         report = pg_catalog.jsonb_build_object('source', f.source, 'fetch', f.id, 'status', 'failed', 'error', err_message)
   where f.id = newest.id and f.status = 'pending'
  returning f.report into result;
  return result;
end
$$;
comment on function ai_model_sync.apply_price_source(text) is
  'Settles one price source''s pending copies: under the source''s advisory lock the newest is checked (its '
  'format; at least a tenth of the previous applied copy''s models), mapped (ai_model_sync.source_prices) and '
  'written to ai_model_sync.price_values where a value changed; a failing copy is marked failed and changes nothing. '
  'An applied genai-prices copy is matched again when new model ids came up. Returns the copy''s report, NULL when '
  'nothing was to do.';
