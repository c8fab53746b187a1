-- migrate:up
-- The catalog loader: validates a set of catalog entries (the built-in data files, or an imported
-- LiteLLM cost map) and merges it set-based into public.ai_model_catalog for ONE tier. Admin rows are
-- never touched. Nothing changes when any entry is bad: the function raises before it writes.

-- Small helper: is this text a valid date? (pg_input_is_valid() exists only from PostgreSQL 16.)
create function ai_model_sync.pg_input_is_valid_date(p_text text)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
begin
  perform p_text::date;
  return p_text ~ '^\d{4}-\d{2}-\d{2}$';
exception when others then
  return false;
end;
$$;

comment on function ai_model_sync.pg_input_is_valid_date(text) is
  'True when the text is a valid YYYY-MM-DD date (PostgreSQL 15 has no pg_input_is_valid()).';

-- Every problem of one entry, as an array of human-readable reasons (empty when the entry is fine).
create function ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier)
returns text[]
language plpgsql
stable
set search_path = ''
as $$
declare
  problems text[] := '{}';
  k text;
  v jsonb;
  cfg jsonb;
  core_problem text;
begin
  if jsonb_typeof(p_entry) is distinct from 'object' then
    return array['an entry must be a JSON object, got ' || coalesce(jsonb_typeof(p_entry), 'nothing')];
  end if;

  -- Unknown top-level keys are typos ("modle", "conifg") that would otherwise be silently dropped.
  for k in select key from jsonb_each(p_entry)
           where key not in ('provider', 'model', 'match', 'config', 'source_url', 'checked_on', 'notes', 'file')
  loop
    problems := problems || format('unknown field "%s" (allowed: provider, model, match, config, source_url, checked_on, notes)', k);
  end loop;

  foreach k in array array['provider', 'model'] loop
    if jsonb_typeof(p_entry -> k) is distinct from 'string' or btrim(p_entry ->> k) = '' then
      problems := problems || format('missing field "%s" (a non-empty string)', k);
    end if;
  end loop;
  if jsonb_typeof(p_entry -> 'model') = 'string' and p_entry ->> 'model' <> btrim(p_entry ->> 'model') then
    problems := problems || 'field "model" has leading or trailing blanks'::text;
  end if;

  if not p_entry ? 'match' then
    problems := problems || 'missing field "match" ("exact" or "family")'::text;
  elsif jsonb_typeof(p_entry -> 'match') is distinct from 'string' or p_entry ->> 'match' not in ('exact', 'family') then
    problems := problems || format('unknown match %s: must be "exact" or "family"', p_entry -> 'match');
  elsif p_entry ->> 'match' = 'family' and jsonb_typeof(p_entry -> 'model') = 'string'
        and ai_model_sync.version_base(p_entry ->> 'model') <> (p_entry ->> 'model') then
    problems := problems || format('a family entry must name a base id, but "%s" carries a version suffix (its base is "%s")',
                                   p_entry ->> 'model', ai_model_sync.version_base(p_entry ->> 'model'));
  end if;

  -- Built-in entries must say where the price was checked, and when.
  if p_tier = 'builtin' then
    if jsonb_typeof(p_entry -> 'source_url') is distinct from 'string' or p_entry ->> 'source_url' !~ '^https?://' then
      problems := problems || 'missing field "source_url" (an http(s) URL of the page the price was checked on)'::text;
    end if;
    if jsonb_typeof(p_entry -> 'checked_on') is distinct from 'string' then
      problems := problems || 'missing field "checked_on" (the date the price was checked, YYYY-MM-DD)'::text;
    end if;
  end if;
  if jsonb_typeof(p_entry -> 'checked_on') = 'string' and not ai_model_sync.pg_input_is_valid_date(p_entry ->> 'checked_on') then
    problems := problems || format('field "checked_on" is not a date: "%s" (YYYY-MM-DD)', p_entry ->> 'checked_on');
  end if;
  foreach k in array array['source_url', 'notes', 'checked_on'] loop
    if p_entry ? k and jsonb_typeof(p_entry -> k) not in ('string', 'null') then
      problems := problems || format('field "%s" must be a string', k);
    end if;
  end loop;

  cfg := p_entry -> 'config';
  if cfg is null then
    problems := problems || 'missing field "config" (an object of config keys)'::text;
  elsif jsonb_typeof(cfg) <> 'object' then
    problems := problems || format('field "config" must be an object, got %s', jsonb_typeof(cfg));
  else
    -- Prices: per single token, numeric, not negative, and not a per-1M price typed by mistake.
    for k, v in select key, value from jsonb_each(cfg) where key like '%\_cost\_rate' loop
      if jsonb_typeof(v) <> 'number' then
        problems := problems || format('price %s is not a number: %s', k, v);
      elsif (v::text)::numeric < 0 then
        problems := problems || format('price %s is negative: %s', k, v);
      elsif (v::text)::numeric > 0.001 then
        problems := problems || format('price %s = %s USD per token is above the sanity bound of 0.001 USD per token: '
                                       'it looks like a per-1M-tokens price (that would be %s per token)',
                                       k, v, rtrim(rtrim(((v::text)::numeric / 1000000)::text, '0'), '.'));
      end if;
    end loop;
    if cfg ? 'long_context_threshold_tokens' and not exists (
         select from jsonb_object_keys(cfg) key where key like 'long\_context\_%\_cost\_rate') then
      problems := problems || 'long_context_threshold_tokens is set but no long_context_*_cost_rate goes with it'::text;
    end if;
    if exists (select from jsonb_object_keys(cfg) key where key like 'long\_context\_%\_cost\_rate')
       and not cfg ? 'long_context_threshold_tokens' then
      problems := problems || 'a long_context_*_cost_rate is set without long_context_threshold_tokens'::text;
    end if;
    if array_length(problems, 1) is null then
      core_problem := ai_model_sync.config_problem(cfg);
      if core_problem is not null then
        problems := problems || ('invalid config: ' || core_problem);
      end if;
    end if;
  end if;
  return problems;
end;
$$;

comment on function ai_model_sync.catalog_entry_problems(jsonb, ai_model_sync.catalog_tier) is
  'Every problem of one catalog entry (missing or unknown field, unknown match, non-numeric, negative or '
  'per-1M-looking price above 0.001 USD/token, invalid config per ai_model_sync.config_problem); empty array when valid.';

-- Validates p_entries, then merges them into public.ai_model_catalog for tier p_tier.
create function ai_model_sync.load_catalog(
  p_tier ai_model_sync.catalog_tier,
  p_entries jsonb,
  p_label text,
  p_providers text[] default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
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
           nullif(e ->> 'source_url', '') as source_url, (e ->> 'checked_on')::date as checked_on, nullif(e ->> 'notes', '') as notes
    from jsonb_array_elements(p_entries) e
  ),
  upserted as (
    insert into public.ai_model_catalog as c (provider, model, match, tier, config, source_url, checked_on, notes)
    select provider, model, match, p_tier, config, source_url, checked_on, notes from incoming
    on conflict (provider, model, tier) do update
      set match = excluded.match, config = excluded.config, source_url = excluded.source_url,
          checked_on = excluded.checked_on, notes = excluded.notes, updated_at = now()
      where (c.match, c.config, c.source_url, c.checked_on, c.notes)
            is distinct from (excluded.match, excluded.config, excluded.source_url, excluded.checked_on, excluded.notes)
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
  'Loads catalog entries (JSON array of {provider, model, match, config, source_url, checked_on, notes, file}) into '
  'public.ai_model_catalog as tier p_tier (builtin or imported; admin is refused). Validates every entry first and raises '
  '(SQLSTATE 22000, detail listing file, entry and reason) without changing anything when one is bad. Otherwise inserts new '
  'entries, updates changed ones (no write for unchanged), and deletes rows of that tier for p_providers (default: the '
  'providers present in the load) that the load no longer has. Admin rows are never touched. Returns '
  '{label, tier, providers, entries, inserted, updated, deleted, unchanged, changes[]}.';

-- migrate:down
drop function if exists ai_model_sync.load_catalog(ai_model_sync.catalog_tier, jsonb, text, text[]);
drop function if exists ai_model_sync.catalog_entry_problems(jsonb, ai_model_sync.catalog_tier);
drop function if exists ai_model_sync.pg_input_is_valid_date(text);
