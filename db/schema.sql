\restrict VQzu90EKJglhoANG2KlB1WoLCm8oYkWYOvArjRgrGlf2f0C8EuLQLgv3YdgthMR

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: ai_model_sync; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ai_model_sync;


--
-- Name: SCHEMA ai_model_sync; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA ai_model_sync IS 'Private helpers of ai-model-sync. The public API is sync_ai_models(), ai_models_apply_pending() and the tables in public.';


--
-- Name: catalog_tier; Type: TYPE; Schema: ai_model_sync; Owner: -
--

CREATE TYPE ai_model_sync.catalog_tier AS ENUM (
    'builtin',
    'imported',
    'admin'
);


--
-- Name: TYPE catalog_tier; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TYPE ai_model_sync.catalog_tier IS 'Who owns a catalog entry, in rising precedence: builtin (shipped with ai-model-sync), imported (from a community cost map), admin (entered by hand; never touched by a catalog update).';


--
-- Name: apply_batch(bigint, boolean); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_batch(batch_id bigint, force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  batch public.ai_model_fetches;
  bad record;
  batch_report jsonb;
begin
  select * into batch from public.ai_model_fetches f where f.id = batch_id;
  if not found then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('no staged batch with id %s', batch_id),
      hint = 'Stage a list first: insert into ai_model_fetches (provider, payload) values (...).';
  end if;
  -- for history triggers and logs: which batch is writing
  perform pg_catalog.set_config('ai_model_sync.batch_id', batch_id::text, true);

  if pg_catalog.jsonb_typeof(batch.payload) is distinct from 'array' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: the payload must be a JSON array of models, got %s',
                                  batch.provider, batch_id, pg_catalog.jsonb_typeof(batch.payload)),
      detail = pg_catalog.format('payload starts with: %s', pg_catalog.left(batch.payload::text, 200)),
      hint = 'Stage the list exactly as the provider returned it, every page concatenated into one JSON array.';
  end if;

  -- Validate every entry before touching anything: the first malformed entry or duplicate id fails the batch.
  select s.ord, s.api_identifier, s.problem, s.entry, n.models
    into bad
    from ai_model_sync.staged_models(batch.provider, batch.payload) as s
    cross join lateral (select pg_catalog.jsonb_array_length(batch.payload) as models) as n
   where s.problem is not null
   order by s.ord
   limit 1;
  if found then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: model %s of %s %s', batch.provider, batch_id, bad.ord, bad.models,
                                  coalesce('(' || pg_catalog.left(bad.api_identifier, 80) || ') ', '') || bad.problem),
      detail = pg_catalog.format('entry %s: %s', bad.ord, pg_catalog.left(bad.entry::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  select s.api_identifier, pg_catalog.array_agg(s.ord order by s.ord) as ords
    into bad
    from ai_model_sync.staged_models(batch.provider, batch.payload) as s
   group by s.api_identifier
  having pg_catalog.count(*) > 1
   order by pg_catalog.min(s.ord)
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = pg_catalog.format('%s batch %s: duplicate model id %s (entries %s)', batch.provider, batch_id,
                                  bad.api_identifier, pg_catalog.array_to_string(bad.ords, ', ')),
      detail = 'A complete list names each model once; a repeated id means pages overlapped or the list is corrupt.',
      hint = 'Fetch the list again; nothing of this provider was changed.';
  end if;

  -- Lock the provider's rows first, then read them: the merge below is a new statement with a new snapshot,
  -- so it sees every manual edit committed before these locks, and none can commit until this batch is done.
  perform from public.ai_providers p where p.provider = batch.provider order by p.id for no key update;

  with staged as (
    select s.ord, s.api_identifier, coalesce(s.name, s.api_identifier) as name, s.description,
           s.max_input_tokens, s.max_output_tokens, s.reported
      from ai_model_sync.staged_models(batch.provider, batch.payload) as s
  ),
  catalog_hits as (
    select s.ord, c.tier, 1 as specificity, c.config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.model = s.api_identifier
    union all
    select s.ord, c.tier, 2 as specificity, c.config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.match = 'family'
                                    and c.model = ai_model_sync.version_base(s.api_identifier)
                                    and c.model <> s.api_identifier
  ),
  catalog_best as (
    -- per tier, an exact-id entry beats a family entry
    select distinct on (h.ord, h.tier) h.ord, h.tier, h.config
      from catalog_hits h
     order by h.ord, h.tier, h.specificity
  ),
  catalog as (
    -- across tiers, key by key: builtin < imported < admin
    select b.ord, ai_model_sync.jsonb_merge_agg(b.config order by b.tier) as config
      from catalog_best b
     group by b.ord
  ),
  incoming as (
    select s.ord, s.api_identifier, s.name, s.description,
           ai_model_sync.model_defaults(batch.provider, s.api_identifier, s.max_input_tokens, s.max_output_tokens,
                                        s.reported, c.config) as defaults
      from staged s
      left join catalog c on c.ord = s.ord
  ),
  merged as (
    select i.*, t.id as row_id, t.is_active as was_active,
           t.id is not null and t.defaults_snapshot is null as manual_row,
           case
             when t.id is null or t.config = t.defaults_snapshot then pg_catalog.jsonb_build_object('config', i.defaults)
             when t.defaults_snapshot is not null then ai_model_sync.merge_config(t.config, t.defaults_snapshot, i.defaults)
           end as m,
           case when t.name is null or t.name is not distinct from t.name_snapshot then i.name else t.name end as new_name,
           case when t.description is null or t.description is not distinct from t.description_snapshot
                then i.description else t.description end as new_description,
           case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
           t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot
      from incoming i
      left join public.ai_providers t on t.provider = batch.provider and t.api_identifier = i.api_identifier
  ),
  updated as (
    update public.ai_providers t
       set config = m.m->'config', defaults_snapshot = m.defaults,
           name = m.new_name, name_snapshot = m.name,
           description = m.new_description, description_snapshot = m.description,
           is_active = m.new_active, is_listed = true, updated_at = pg_catalog.now()
      from merged m
     where t.id = m.row_id and not m.manual_row
       and (t.config, t.defaults_snapshot, t.name, t.name_snapshot, t.description, t.description_snapshot, t.is_active, t.is_listed)
           is distinct from
           (m.m->'config', m.defaults, m.new_name, m.name, m.new_description, m.description, m.new_active, true)
    returning t.id, m.was_active, t.is_active
  ),
  inserted as (
    insert into public.ai_providers
      (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot,
       is_active, is_listed)
    select batch.provider, m.api_identifier, m.name, m.description, m.defaults, m.defaults, m.name, m.description, true, true
      from merged m
     where m.row_id is null
    on conflict (provider, api_identifier) do nothing
    returning id
  ),
  gone as (
    -- synced rows that the previous list had and this one lacks
    select t.id, t.api_identifier, t.is_active,
           t.is_active and t.is_active is not distinct from t.is_listed as deactivates
      from public.ai_providers t
     where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_listed
       and not exists (select from staged s where s.api_identifier = t.api_identifier)
  ),
  guard as (
    select (select pg_catalog.count(*) from staged) as listed,
           (select pg_catalog.count(*) from gone where deactivates) as deactivating,
           (select pg_catalog.count(*) from public.ai_providers t
             where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_active) as active
  ),
  guard_holds as (
    select not force and g.deactivating > 0 and (g.listed = 0 or g.deactivating * 2 > g.active) as holds, g.*
      from guard g
  ),
  deactivated as (
    update public.ai_providers t
       set is_listed = false,
           is_active = case when g.deactivates then false else t.is_active end,
           updated_at = pg_catalog.now()
      from gone g, guard_holds h
     where t.id = g.id and not h.holds
    returning t.api_identifier, g.deactivates
  ),
  overrides as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'overrides') as o
    union all
    select m.api_identifier, pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and f.value is not null and f.value is distinct from f.snap and f.value is distinct from f.dflt
  ),
  conflicts as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'conflicts') as o
    union all
    select m.api_identifier,
           pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'old_default', f.snap, 'new_default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and f.value is not null and f.value is distinct from f.snap
       and f.value is distinct from f.dflt and f.dflt is distinct from f.snap
  )
  select pg_catalog.jsonb_build_object(
    'provider', batch.provider,
    'batch', batch_id,
    'status', 'applied',
    'models', (select listed from guard),
    'inserted', (select pg_catalog.count(*) from inserted),
    'updated', (select pg_catalog.count(*) from updated u where not (u.is_active and not u.was_active)),
    'reactivated', (select pg_catalog.count(*) from updated u where u.is_active and not u.was_active),
    'unchanged', (select pg_catalog.count(*) from merged m where m.row_id is not null and not m.manual_row)
                 - (select pg_catalog.count(*) from updated),
    'deactivated', (select pg_catalog.count(*) from deactivated d where d.deactivates),
    'deactivated_models', (select coalesce(pg_catalog.jsonb_agg(d.api_identifier order by d.api_identifier), '[]'::jsonb)
                             from deactivated d where d.deactivates),
    'manual_rows', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                      from merged m where m.manual_row),
    'overrides', (select coalesce(pg_catalog.jsonb_agg(o.item || pg_catalog.jsonb_build_object('api_identifier', o.api_identifier)
                                                       order by o.api_identifier, o.item->>'key'), '[]'::jsonb)
                    from overrides o),
    'conflicts', (select coalesce(pg_catalog.jsonb_agg(c.item || pg_catalog.jsonb_build_object('api_identifier', c.api_identifier)
                                                       order by c.api_identifier, c.item->>'key'), '[]'::jsonb)
                    from conflicts c),
    'adjusted', (select coalesce(pg_catalog.jsonb_agg(a.value || pg_catalog.jsonb_build_object('api_identifier', m.api_identifier)
                                                      order by m.api_identifier), '[]'::jsonb)
                   from merged m, pg_catalog.jsonb_array_elements(m.m->'adjusted') as a),
    'unpriced', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                   from merged m where not m.manual_row and not (m.defaults ? 'input_token_cost_rate')),
    'warnings', (select coalesce(pg_catalog.jsonb_agg(w order by w), '[]'::jsonb) from (
                   select case
                     when h.listed = 0 then pg_catalog.format(
                       'guard held: the list is empty; %s active models were not deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating)
                     else pg_catalog.format(
                       'guard held: the list lacks %s of %s active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating, h.active)
                   end as w
                   from guard_holds h where h.holds
                   union all
                   select 'the list is empty' from guard_holds h where h.listed = 0 and not h.holds
                 ) as ws)
  ) into batch_report;

  update public.ai_model_fetches f set status = 'applied', applied_at = pg_catalog.now(), report = batch_report
   where f.id = batch_id;
  return batch_report;
end
$$;


--
-- Name: FUNCTION apply_batch(batch_id bigint, force boolean); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_batch(batch_id bigint, force boolean) IS 'Applies one staged batch set-based: validates every entry (raising on the first problem), locks the provider''s rows, computes defaults (catalog + provider-reported values), three-way merges existing rows, inserts new models, deactivates synced models the list lacks unless the guard holds (empty list, or more than half of the active synced models gone; force overrides), writes no unchanged row, marks the batch applied and returns its report. Callers hold the provider''s advisory lock (see apply_provider).';


--
-- Name: apply_provider(text, boolean); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_provider(provider text, force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  newest public.ai_model_fetches;
  report jsonb;
  err_message text;
  err_detail text;
  err_hint text;
  err_state text;
begin
  -- One sync per provider at a time: a second caller waits here, then finds the batch already settled.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext(apply_provider.provider));

  select * into newest
    from public.ai_model_fetches f
   where f.provider = apply_provider.provider and f.status = 'pending'
   order by f.fetched_at desc, f.id desc
   limit 1;
  if not found then
    return null;
  end if;

  update public.ai_model_fetches f
     set status = 'superseded', applied_at = pg_catalog.now(),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded', 'superseded_by', newest.id)
   where f.provider = apply_provider.provider and f.status = 'pending' and f.id <> newest.id;

  -- A list fetched before the newest applied one is stale: applying it would undo newer facts.
  if exists (select from public.ai_model_fetches f
              where f.provider = apply_provider.provider and f.status = 'applied' and f.fetched_at > newest.fetched_at) then
    update public.ai_model_fetches f
       set status = 'superseded', applied_at = pg_catalog.now(),
           report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded',
                                                  'warnings', '["fetched before the newest applied list"]'::jsonb)
     where f.id = newest.id
    returning f.report into report;
    return report;
  end if;

  -- Deadlocks with a concurrent manual transaction are retried; any other error fails this batch alone.
  for attempt in 1..3 loop
    begin
      return ai_model_sync.apply_batch(newest.id, force);
    exception
      when deadlock_detected then
        if attempt < 3 then
          continue;
        end if;
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
      when others then
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
    end;
    exit;
  end loop;

  update public.ai_model_fetches f
     set status = 'failed', applied_at = pg_catalog.now(),
         error = pg_catalog.concat_ws(E'\n', err_message, 'DETAIL: ' || nullif(err_detail, ''), 'HINT: ' || nullif(err_hint, '')),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'failed',
                                                'sqlstate', err_state, 'error', err_message)
   where f.id = newest.id
  returning f.report into report;
  return report;
end
$$;


--
-- Name: FUNCTION apply_provider(provider text, force boolean); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_provider(provider text, force boolean) IS 'Settles a provider''s pending batches in the caller''s transaction: under the provider''s advisory lock, the newest pending batch is applied (or failed, with its error stored and the provider''s rows untouched) and older pending ones are superseded. Returns the report of the newest batch, NULL when nothing was pending.';


--
-- Name: catalog_entry_problems(jsonb, ai_model_sync.catalog_tier); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier) IS 'Every problem of one catalog entry (missing or unknown field, unknown match, non-numeric, negative or per-1M-looking price above 0.001 USD/token, invalid config per ai_model_sync.config_problem); empty array when valid.';


--
-- Name: config_problem(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.config_problem(config jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select case
    when config is null then null
    when pg_catalog.jsonb_typeof(config) <> 'object' then
      pg_catalog.format('config must be a JSON object, got %s', pg_catalog.jsonb_typeof(config))
    else (
      select pg_catalog.string_agg(p.problem, '; ' order by p.key)
      from (
        select e.key, case
          when e.value = 'null'::jsonb then null
          when e.key like '%\_cost\_rate' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'number' or (e.value #>> '{}')::numeric < 0
              then pg_catalog.format('%s must be a non-negative number (USD per single token), got %s', e.key, e.value) end
          when e.key like '%\_tokens' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'number'
                   or (e.value #>> '{}')::numeric <= 0
                   or (e.value #>> '{}')::numeric <> pg_catalog.trunc((e.value #>> '{}')::numeric)
              then pg_catalog.format('%s must be a positive whole number of tokens, got %s', e.key, e.value) end
          when e.key = 'tokenization_strategy' then ai_model_sync.tokenization_problem(e.value)
        end as problem
        from pg_catalog.jsonb_each(config) as e
      ) as p
      where p.problem is not null
    )
  end
$$;


--
-- Name: FUNCTION config_problem(config jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.config_problem(config jsonb) IS 'NULL when a config object is valid, else every problem found: keys ending in _cost_rate hold non-negative numbers (USD per single token), keys ending in _tokens positive whole numbers, tokenization_strategy one of the shapes of SPEC 3.2. Shared by the ai_providers trigger and the catalog loader.';


--
-- Name: load_catalog(ai_model_sync.catalog_tier, jsonb, text, text[]); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[] DEFAULT NULL::text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[]); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[]) IS 'Loads catalog entries (JSON array of {provider, model, match, config, source_url, checked_on, notes, file}) into public.ai_model_catalog as tier p_tier (builtin or imported; admin is refused). Validates every entry first and raises (SQLSTATE 22000, detail listing file, entry and reason) without changing anything when one is bad. Otherwise inserts new entries, updates changed ones (no write for unchanged), and deletes rows of that tier for p_providers (default: the providers present in the load) that the load no longer has. Admin rows are never touched. Returns {label, tier, providers, entries, inserted, updated, deleted, unchanged, changes[]}.';


--
-- Name: merge_config(jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.merge_config(current_config jsonb, snapshot jsonb, defaults jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  with keys as (
    select k.key, current_config->k.key as c, snapshot->k.key as s, defaults->k.key as d
    from (
      select pg_catalog.jsonb_object_keys(current_config)
      union select pg_catalog.jsonb_object_keys(coalesce(snapshot, '{}'::jsonb))
      union select pg_catalog.jsonb_object_keys(defaults)
    ) as k(key)
  ),
  merged as (
    select key, c, s, d,
           case
             -- facts: provider-reported maxima always take the reported value
             when key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null then d
             -- missing or null: reset to the default
             when c is null or c = 'null'::jsonb then d
             -- untouched by the admin: follow the default
             when c = s then d
             -- manual override (or a key only the admin has): keep it
             else c
           end as value
    from keys
  ),
  cap as (
    select m.value as cap, m.c as cap_current, m.s as cap_snapshot,
           (select x.value from merged x where x.key = 'provider_max_output_tokens') as max_new,
           snapshot->'provider_max_output_tokens' as max_old
    from merged m where m.key = 'hard_cap_output_tokens'
  ),
  capped as (
    select case
             when max_new is null or cap is null then cap
             -- a manual cap equal to the old provider maximum follows the maximum when it changes
             when cap = cap_current and cap_current is distinct from cap_snapshot
                  and cap_current = max_old and max_new is distinct from max_old then max_new
             -- never above the provider's maximum
             when (cap #>> '{}')::numeric > (max_new #>> '{}')::numeric then max_new
             else cap
           end as cap,
           cap as cap_before
    from cap
  ),
  final as (
    select m.key, m.c, m.s, m.d,
           case when m.key = 'hard_cap_output_tokens' then (select cap from capped) else m.value end as value
    from merged m
  )
  select pg_catalog.jsonb_build_object(
    'config', coalesce(pg_catalog.jsonb_object_agg(key, value) filter (where value is not null and value <> 'null'::jsonb),
                       '{}'::jsonb),
    'overrides', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'default', d) order by key)
                            filter (where value = c and value is distinct from d), '[]'::jsonb),
    'conflicts', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'old_default', s, 'new_default', d) order by key)
                            filter (where value = c and value is distinct from d and d is distinct from s), '[]'::jsonb),
    'adjusted', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'key', 'hard_cap_output_tokens', 'from', cap_before, 'to', cap,
                              'reason', 'manual cap follows the provider''s maximum output'))
                          from capped where cap is distinct from cap_before), '[]'::jsonb)
  )
  from final
$$;


--
-- Name: FUNCTION merge_config(current_config jsonb, snapshot jsonb, defaults jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.merge_config(current_config jsonb, snapshot jsonb, defaults jsonb) IS 'The three-way merge of SPEC 4.2 for one row whose config differs from its snapshot. Per top-level key: a value equal to the snapshot (untouched) takes the new default; a missing or null value takes the new default; any other value is a manual override and is kept (a conflict when the default moved too); admin-only keys are kept. provider_max_* take the reported value; hard_cap_output_tokens never exceeds provider_max_output_tokens and a manual cap equal to the old maximum follows it. Returns {config, overrides, conflicts, adjusted}.';


--
-- Name: model_defaults(text, text, bigint, bigint, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select pg_catalog.jsonb_strip_nulls(
    pg_catalog.jsonb_build_object('tokenization_strategy',
      case ai_model_sync.payload_format(provider)
        when 'anthropic' then pg_catalog.jsonb_build_object('type', 'anthropic_tokenizer', 'model', api_identifier)
        when 'google' then '{"type": "google_gemini_tokenizer"}'::jsonb
        else '{"type": "rough_char_count", "chars_per_token_ratio": 4}'::jsonb
      end)
    || coalesce(reported, '{}'::jsonb)
    || coalesce(catalog, '{}'::jsonb)
    || pg_catalog.jsonb_build_object(
         'provider_max_input_tokens', max_input_tokens,
         'provider_max_output_tokens', max_output_tokens,
         'context_window_tokens', coalesce(catalog->'context_window_tokens', pg_catalog.to_jsonb(max_input_tokens)),
         'hard_cap_output_tokens', pg_catalog.to_jsonb(least((catalog->>'hard_cap_output_tokens')::bigint, max_output_tokens)))
  )
$$;


--
-- Name: FUNCTION model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb) IS 'The default config of a listed model: a tokenization strategy by wire format, overlaid by prices the provider reports, overlaid by the catalog, then the provider-reported limits (provider_max_*), context window and output cap (the catalog''s, else the provider''s, never above the provider''s maximum output).';


--
-- Name: payload_format(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.payload_format(provider text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case provider when 'anthropic' then 'anthropic' when 'google' then 'google' else 'openai' end
$$;


--
-- Name: FUNCTION payload_format(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.payload_format(provider text) IS 'The wire format of a provider''s list: anthropic, google, or openai (OpenAI and every OpenAI-compatible provider).';


--
-- Name: pg_input_is_valid_date(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.pg_input_is_valid_date(p_text text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
begin
  perform p_text::date;
  return p_text ~ '^\d{4}-\d{2}-\d{2}$';
exception when others then
  return false;
end;
$_$;


--
-- Name: FUNCTION pg_input_is_valid_date(p_text text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.pg_input_is_valid_date(p_text text) IS 'True when the text is a valid YYYY-MM-DD date (PostgreSQL 15 has no pg_input_is_valid()).';


--
-- Name: price(jsonb, numeric); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price(value jsonb, per_tokens numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when (value #>> '{}')::numeric >= 0 then (value #>> '{}')::numeric / per_tokens end
$$;


--
-- Name: FUNCTION price(value jsonb, per_tokens numeric); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price(value jsonb, per_tokens numeric) IS 'A provider-reported price converted to USD per single token; NULL for negative prices (OpenRouter uses -1 for routers whose price varies). Call only on values that price_problem() accepted.';


--
-- Name: price_problem(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_problem(field text, value jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) = 'number' then null
    when pg_catalog.jsonb_typeof(value) = 'string' and value #>> '{}' ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' then null
    else pg_catalog.format('"%s" must be a price (number or decimal string), got %s', field, pg_catalog.left(value::text, 80))
  end
$_$;


--
-- Name: FUNCTION price_problem(field text, value jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_problem(field text, value jsonb) IS 'NULL when a provider-reported price is absent, a number or a decimal string; else the problem.';


--
-- Name: reject_invalid_config(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.reject_invalid_config() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
  problem text := ai_model_sync.config_problem(new.config);
begin
  if problem is not null then
    raise exception using
      errcode = 'check_violation',
      message = pg_catalog.format('invalid config for model %s/%s: %s', new.provider, new.api_identifier, problem),
      detail = pg_catalog.format('config = %s', pg_catalog.left(new.config::text, 500)),
      hint = 'Costs are USD per single token (2.5 USD per 1M tokens is 0.0000025); token limits are positive whole '
             'numbers; set a key to null or remove it to return to the default.';
  end if;
  return new;
end
$$;


--
-- Name: FUNCTION reject_invalid_config(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.reject_invalid_config() IS 'Trigger: rejects a config that ai_model_sync.config_problem() finds invalid, with the reason.';


--
-- Name: staged_models(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.staged_models(provider text, payload jsonb) RETURNS TABLE(ord integer, api_identifier text, name text, description text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, entry jsonb, problem text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select e.ord::integer,
         x.api_identifier,
         x.name,
         x.description,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_input) end,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_output) end,
         case when x.limit_problem is null and x.price_problem is null then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', ai_model_sync.price(x.input_price, x.price_unit),
           'output_token_cost_rate', ai_model_sync.price(x.output_price, x.price_unit),
           'cache_read_input_token_cost_rate', ai_model_sync.price(x.cache_read_price, x.price_unit),
           'cache_write_input_token_cost_rate', ai_model_sync.price(x.cache_write_price, x.price_unit),
           'provider_deprecated_at', x.deprecated_at,
           'provider_retires_at', x.retires_at)) end,
         e.obj,
         coalesce(x.id_problem, x.limit_problem, x.price_problem)
  from pg_catalog.jsonb_array_elements(payload) with ordinality as e(obj, ord)
  cross join lateral (
    select i.*,
           case
             when pg_catalog.jsonb_typeof(e.obj) <> 'object' then
               pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
             when i.raw_id is null or i.raw_id = 'null'::jsonb then
               pg_catalog.format('has no "%s"', i.id_field)
             when pg_catalog.jsonb_typeof(i.raw_id) <> 'string' then
               pg_catalog.format('"%s" must be a string, got %s', i.id_field, pg_catalog.jsonb_typeof(i.raw_id))
             when i.api_identifier = '' then
               pg_catalog.format('has an empty "%s"', i.id_field)
             when pg_catalog.length(i.api_identifier) > 255 then
               pg_catalog.format('"%s" is longer than 255 characters', i.id_field)
             when i.api_identifier ~ '[[:cntrl:]]' then
               pg_catalog.format('"%s" contains control characters', i.id_field)
           end as id_problem,
           coalesce(
             ai_model_sync.token_field_problem(i.input_field, i.max_input),
             ai_model_sync.token_field_problem(i.output_field, i.max_output)) as limit_problem,
           coalesce(
             ai_model_sync.price_problem('pricing', i.input_price),
             ai_model_sync.price_problem('pricing', i.output_price),
             ai_model_sync.price_problem('pricing', i.cache_read_price),
             ai_model_sync.price_problem('pricing', i.cache_write_price)) as price_problem
    from (
      select f.raw_id, f.id_field, f.input_field, f.output_field, f.max_input, f.max_output,
             case when pg_catalog.jsonb_typeof(f.raw_id) = 'string' then
               case when f.fmt = 'google' then pg_catalog.regexp_replace(f.raw_id #>> '{}', '^models/', '')
                    else f.raw_id #>> '{}' end
             end as api_identifier,
             case when pg_catalog.jsonb_typeof(f.raw_name) = 'string' then f.raw_name #>> '{}' end as name,
             case when pg_catalog.jsonb_typeof(e.obj->'description') = 'string' then e.obj->>'description' end as description,
             -- OpenRouter: pricing {prompt, completion, input_cache_read, input_cache_write} in USD per token;
             -- Together: pricing {input, output} in USD per 1M tokens.
             case when e.obj #> '{pricing,prompt}' is not null then 1 else 1000000 end::numeric as price_unit,
             coalesce(e.obj #> '{pricing,prompt}', e.obj #> '{pricing,input}') as input_price,
             coalesce(e.obj #> '{pricing,completion}', e.obj #> '{pricing,output}') as output_price,
             e.obj #> '{pricing,input_cache_read}' as cache_read_price,
             e.obj #> '{pricing,input_cache_write}' as cache_write_price,
             case when pg_catalog.jsonb_typeof(f.deprecated_at) = 'string' then f.deprecated_at end as deprecated_at,
             case when pg_catalog.jsonb_typeof(e.obj->'retires_at') = 'string' then e.obj->'retires_at' end as retires_at
      from (
        select ai_model_sync.payload_format(provider) as fmt,
               case when ai_model_sync.payload_format(provider) = 'google' then e.obj->'name' else e.obj->'id' end as raw_id,
               case when ai_model_sync.payload_format(provider) = 'google' then 'name' else 'id' end as id_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'display_name'
                 when 'google' then e.obj->'displayName'
                 else coalesce(e.obj->'display_name', e.obj->'name')
               end as raw_name,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_input_tokens'
                 when 'google' then 'inputTokenLimit'
                 else case
                   when e.obj->'context_length' <> 'null' then 'context_length'
                   when e.obj->'max_context_length' <> 'null' then 'max_context_length'
                   when e.obj->'context_window' <> 'null' then 'context_window'
                   when e.obj->'max_model_len' <> 'null' then 'max_model_len'
                   else 'top_provider.context_length'
                 end
               end as input_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_input_tokens'
                 when 'google' then e.obj->'inputTokenLimit'
                 else coalesce(nullif(e.obj->'context_length', 'null'), nullif(e.obj->'max_context_length', 'null'),
                               nullif(e.obj->'context_window', 'null'), nullif(e.obj->'max_model_len', 'null'),
                               e.obj #> '{top_provider,context_length}')
               end as max_input,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_tokens'
                 when 'google' then 'outputTokenLimit'
                 else case
                   when e.obj->'max_completion_tokens' <> 'null' then 'max_completion_tokens'
                   when e.obj->'max_output_tokens' <> 'null' then 'max_output_tokens'
                   else 'top_provider.max_completion_tokens'
                 end
               end as output_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_tokens'
                 when 'google' then e.obj->'outputTokenLimit'
                 else coalesce(nullif(e.obj->'max_completion_tokens', 'null'), nullif(e.obj->'max_output_tokens', 'null'),
                               e.obj #> '{top_provider,max_completion_tokens}')
               end as max_output,
               coalesce(nullif(e.obj->'deprecated_at', 'null'), e.obj->'deprecation') as deprecated_at
      ) as f
    ) as i
  ) as x
$$;


--
-- Name: FUNCTION staged_models(provider text, payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.staged_models(provider text, payload jsonb) IS 'Normalises a staged list (a JSON array in the provider''s wire format) to one row per entry: id (Google''s models/ prefix dropped), display name, description, provider-reported limits and prices (per single token), and problem: why the entry is malformed, NULL when it is fine. Pure; the caller checks jsonb_typeof = array.';


--
-- Name: token_count(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.token_count(value jsonb) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when pg_catalog.jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric > 0
              then (value #>> '{}')::numeric::bigint end
$$;


--
-- Name: FUNCTION token_count(value jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.token_count(value jsonb) IS 'A provider-reported token limit as bigint; NULL when absent, null or 0 (0 means "not reported"). Call only on values that token_field_problem() accepted.';


--
-- Name: token_field_problem(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.token_field_problem(field text, value jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) <> 'number' then
      pg_catalog.format('"%s" must be a number of tokens, got %s', field, pg_catalog.left(value::text, 80))
    when (value #>> '{}')::numeric < 0 then
      pg_catalog.format('"%s" must not be negative, got %s', field, value)
    when (value #>> '{}')::numeric <> pg_catalog.trunc((value #>> '{}')::numeric) then
      pg_catalog.format('"%s" must be a whole number, got %s', field, value)
    when (value #>> '{}')::numeric > 10000000000 then
      pg_catalog.format('"%s" is absurdly large: %s', field, value)
  end
$$;


--
-- Name: FUNCTION token_field_problem(field text, value jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.token_field_problem(field text, value jsonb) IS 'NULL when a provider-reported token limit is absent, null or a whole number from 0 to 10^10; else the problem.';


--
-- Name: tokenization_problem(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.tokenization_problem(strategy jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO ''
    AS $$
  select case
    when strategy is null or strategy = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(strategy) <> 'object' then
      pg_catalog.format('tokenization_strategy must be an object, got %s', strategy)
    when strategy->>'type' = 'tiktoken' then
      case when pg_catalog.jsonb_typeof(strategy->'tiktoken_encoding_name') is distinct from 'string'
        then 'tokenization_strategy of type tiktoken needs a string tiktoken_encoding_name (o200k_base, cl100k_base, ...)' end
    when strategy->>'type' = 'rough_char_count' then
      case when pg_catalog.jsonb_typeof(strategy->'chars_per_token_ratio') is distinct from 'number'
             or (strategy->>'chars_per_token_ratio')::numeric <= 0
        then 'tokenization_strategy of type rough_char_count needs a positive number chars_per_token_ratio' end
    when strategy->>'type' = 'anthropic_tokenizer' then
      case when pg_catalog.jsonb_typeof(strategy->'model') is distinct from 'string'
        then 'tokenization_strategy of type anthropic_tokenizer needs a string model' end
    when strategy->>'type' in ('google_gemini_tokenizer', 'none') then null
    else pg_catalog.format(
      'tokenization_strategy.type must be one of tiktoken, rough_char_count, anthropic_tokenizer, google_gemini_tokenizer, none; got %s',
      coalesce((strategy->'type')::text, 'nothing'))
  end
$$;


--
-- Name: FUNCTION tokenization_problem(strategy jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.tokenization_problem(strategy jsonb) IS 'NULL when a tokenization_strategy value has one of the shapes of SPEC 3.2, else what is wrong with it.';


--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;


--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.touch_updated_at() IS 'Trigger: moves updated_at when a manual UPDATE changes a row without setting updated_at itself.';


--
-- Name: version_base(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.version_base(api_identifier text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
  select pg_catalog.regexp_replace(api_identifier, '-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$', '')
$_$;


--
-- Name: FUNCTION version_base(api_identifier text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.version_base(api_identifier text) IS 'The id without one trailing version suffix (-YYYY-MM-DD, -YYYYMMDD, -NNNN, -NNN, -latest): the family key. gpt-4o-2024-08-06 -> gpt-4o, claude-sonnet-4-5-20250929 -> claude-sonnet-4-5, gpt-5.5 -> gpt-5.5. No SET search_path so that the planner inlines it; every name in it is schema-qualified.';


--
-- Name: ai_models_apply_pending(boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_apply_pending(force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
  pending_provider text;
  reports jsonb := '[]'::jsonb;
begin
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    reports := reports || coalesce(pg_catalog.jsonb_build_array(ai_model_sync.apply_provider(pending_provider, force)), '[]'::jsonb);
  end loop;
  return pg_catalog.jsonb_path_query_array(reports, '$[*] ? (@ != null)');
end
$_$;


--
-- Name: FUNCTION ai_models_apply_pending(force boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_apply_pending(force boolean) IS 'Like CALL sync_ai_models(), inside the caller''s transaction: applies every provider''s newest pending batch (each in a subtransaction, so a bad batch fails alone) and returns the reports as a JSON array. For dry runs: BEGIN; SELECT ai_models_apply_pending(); ROLLBACK;';


--
-- Name: sync_ai_models(boolean); Type: PROCEDURE; Schema: public; Owner: -
--

CREATE PROCEDURE public.sync_ai_models(IN force boolean DEFAULT false)
    LANGUAGE plpgsql
    AS $$
declare
  pending_provider text;
begin
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    perform ai_model_sync.apply_provider(pending_provider, force);
    commit;
  end loop;
end
$$;


--
-- Name: PROCEDURE sync_ai_models(IN force boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON PROCEDURE public.sync_ai_models(IN force boolean) IS 'Applies every pending staged batch: per provider the newest one, in its own transaction (older ones are superseded, a failing one is marked failed with its error and changes nothing). force => true lets a list deactivate more than half of a provider''s models. Call it outside an explicit transaction block (psql, pg_cron); inside one, use ai_models_apply_pending().';


--
-- Name: jsonb_merge_agg(jsonb); Type: AGGREGATE; Schema: ai_model_sync; Owner: -
--

CREATE AGGREGATE ai_model_sync.jsonb_merge_agg(jsonb) (
    SFUNC = jsonb_concat,
    STYPE = jsonb,
    INITCOND = '{}'
);


--
-- Name: AGGREGATE jsonb_merge_agg(jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON AGGREGATE ai_model_sync.jsonb_merge_agg(jsonb) IS 'Merges JSON objects key by key; later objects (in the aggregate''s ORDER BY) win.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: ai_model_catalog; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_model_catalog (
    id bigint NOT NULL,
    provider text NOT NULL,
    model text NOT NULL,
    match text DEFAULT 'exact'::text NOT NULL,
    tier ai_model_sync.catalog_tier DEFAULT 'admin'::ai_model_sync.catalog_tier NOT NULL,
    config jsonb NOT NULL,
    source_url text,
    checked_on date,
    notes text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ai_model_catalog_config_check CHECK ((ai_model_sync.config_problem(config) IS NULL)),
    CONSTRAINT ai_model_catalog_match_check CHECK ((match = ANY (ARRAY['exact'::text, 'family'::text]))),
    CONSTRAINT ai_model_catalog_model_check CHECK ((model <> ''::text)),
    CONSTRAINT ai_model_catalog_provider_check CHECK ((provider <> ''::text))
);


--
-- Name: TABLE ai_model_catalog; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.ai_model_catalog IS 'Default config values (prices, limits, tokenization) per model or model family. The sync merges the matching entries of each tier key by key, builtin < imported < admin. Admins add rows here (tier defaults to admin) for negotiated prices or private models.';


--
-- Name: COLUMN ai_model_catalog.model; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.model IS 'An exact API id, or the base id of a family (match = family).';


--
-- Name: COLUMN ai_model_catalog.match; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.match IS 'exact: prices only the id in model. family: prices model and every id whose ai_model_sync.version_base() is model (its dated snapshots and -latest alias), never a longer name such as gpt-5.5 or gpt-5-mini.';


--
-- Name: COLUMN ai_model_catalog.config; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.config IS 'Config keys this entry sets (SPEC 3.2), costs in USD per single token.';


--
-- Name: COLUMN ai_model_catalog.source_url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.source_url IS 'Where the values were checked.';


--
-- Name: COLUMN ai_model_catalog.checked_on; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.checked_on IS 'When the values were last checked against source_url.';


--
-- Name: ai_model_catalog_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ai_model_catalog ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ai_model_catalog_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: ai_model_fetches; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_model_fetches (
    id bigint NOT NULL,
    provider text NOT NULL,
    payload jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    fetched_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_at timestamp with time zone,
    error text,
    report jsonb,
    CONSTRAINT ai_model_fetches_failed_has_error CHECK (((status = 'failed'::text) = (error IS NOT NULL))),
    CONSTRAINT ai_model_fetches_provider_check CHECK ((provider <> ''::text)),
    CONSTRAINT ai_model_fetches_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'applied'::text, 'superseded'::text, 'failed'::text])))
);


--
-- Name: TABLE ai_model_fetches; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.ai_model_fetches IS 'Staging: one row per fetch of one provider''s complete model list. insert into ai_model_fetches (provider, payload) values ($1, $2) stages a list; CALL sync_ai_models() applies it.';


--
-- Name: COLUMN ai_model_fetches.payload; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.payload IS 'JSON array of the model objects exactly as the provider''s API returned them, all pages concatenated (Google objects keep their models/... name).';


--
-- Name: COLUMN ai_model_fetches.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.status IS 'pending on insert; applied, superseded (a newer list of the same provider was applied instead) or failed.';


--
-- Name: COLUMN ai_model_fetches.fetched_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.fetched_at IS 'When the list was fetched; of a provider''s pending batches only the newest is applied.';


--
-- Name: COLUMN ai_model_fetches.applied_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.applied_at IS 'When the sync settled the batch (applied, superseded or failed).';


--
-- Name: COLUMN ai_model_fetches.error; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.error IS 'Why a failed batch failed: message, detail and hint of the error. NULL unless status = failed.';


--
-- Name: COLUMN ai_model_fetches.report; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.report IS 'What applying the batch did: counts (inserted, updated, unchanged, deactivated, reactivated), overrides kept, conflicts, unpriced models and warnings.';


--
-- Name: ai_model_fetches_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ai_model_fetches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ai_model_fetches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: ai_providers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_providers (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    provider text NOT NULL,
    api_identifier text NOT NULL,
    name text,
    description text,
    is_active boolean DEFAULT true NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    defaults_snapshot jsonb,
    name_snapshot text,
    description_snapshot text,
    is_listed boolean,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ai_providers_api_identifier_check CHECK ((api_identifier <> ''::text)),
    CONSTRAINT ai_providers_provider_check CHECK ((provider <> ''::text))
);


--
-- Name: TABLE ai_providers; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.ai_providers IS 'One row per AI model: what the application reads to bill usage, cap requests and list models. Rows are created and merged by CALL sync_ai_models(); admins may insert and edit rows by hand, and their edits survive every sync (three-way merge against defaults_snapshot).';


--
-- Name: COLUMN ai_providers.provider; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.provider IS 'openai, anthropic, google, or the name of a configured OpenAI-compatible provider (mistral, groq, ...).';


--
-- Name: COLUMN ai_providers.api_identifier; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.api_identifier IS 'The model id exactly as the provider''s API takes it (Google''s models/ prefix dropped).';


--
-- Name: COLUMN ai_providers.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.name IS 'Display name: the provider''s (or the id when it reports none), unless edited by hand.';


--
-- Name: COLUMN ai_providers.is_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.is_active IS 'False once the provider stops listing the model (set by the sync) or when an admin disables it; the sync changes it only when is_listed changes and is_active still equals the old is_listed.';


--
-- Name: COLUMN ai_providers.config; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.config IS 'The model''s AiModelExtendedConfig as the application uses it, manual edits included: costs in USD per single token, context_window_tokens, hard_cap_output_tokens, tokenization_strategy, provider_max_*_tokens, ...';


--
-- Name: COLUMN ai_providers.defaults_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.defaults_snapshot IS 'The config defaults the sync computed last time. A key whose config value equals its snapshot value was not edited and follows new defaults; one that differs is a manual override and is kept. NULL for rows created by hand, which the sync never writes.';


--
-- Name: COLUMN ai_providers.name_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.name_snapshot IS 'The name the sync computed last time; name follows new defaults only while it equals this.';


--
-- Name: COLUMN ai_providers.description_snapshot; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.description_snapshot IS 'The description the sync computed last time; description follows new defaults only while it equals this.';


--
-- Name: COLUMN ai_providers.is_listed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.is_listed IS 'Whether the provider''s newest applied complete list contained the model; NULL for rows created by hand.';


--
-- Name: COLUMN ai_providers.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_providers.updated_at IS 'When the row last really changed: the sync writes no row whose content is unchanged.';


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version character varying(128) NOT NULL
);


--
-- Name: ai_model_catalog ai_model_catalog_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_model_catalog
    ADD CONSTRAINT ai_model_catalog_pkey PRIMARY KEY (id);


--
-- Name: ai_model_catalog ai_model_catalog_provider_model_tier_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_model_catalog
    ADD CONSTRAINT ai_model_catalog_provider_model_tier_key UNIQUE (provider, model, tier);


--
-- Name: ai_model_fetches ai_model_fetches_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_model_fetches
    ADD CONSTRAINT ai_model_fetches_pkey PRIMARY KEY (id);


--
-- Name: ai_providers ai_providers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_providers
    ADD CONSTRAINT ai_providers_pkey PRIMARY KEY (id);


--
-- Name: ai_providers ai_providers_provider_api_identifier_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_providers
    ADD CONSTRAINT ai_providers_provider_api_identifier_key UNIQUE (provider, api_identifier);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: ai_model_fetches_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_model_fetches_pending_idx ON public.ai_model_fetches USING btree (provider, fetched_at DESC, id DESC) WHERE (status = 'pending'::text);


--
-- Name: ai_model_fetches_provider_fetched_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_model_fetches_provider_fetched_at_idx ON public.ai_model_fetches USING btree (provider, fetched_at DESC);


--
-- Name: ai_providers ai_providers_config_is_valid; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_config_is_valid BEFORE INSERT OR UPDATE OF config ON public.ai_providers FOR EACH ROW WHEN ((new.config IS DISTINCT FROM new.defaults_snapshot)) EXECUTE FUNCTION ai_model_sync.reject_invalid_config();


--
-- Name: ai_providers ai_providers_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_touch_updated_at BEFORE UPDATE ON public.ai_providers FOR EACH ROW WHEN (((old.* IS DISTINCT FROM new.*) AND (NOT (new.updated_at IS DISTINCT FROM old.updated_at)))) EXECUTE FUNCTION ai_model_sync.touch_updated_at();


--
-- Name: ai_providers zz_ai_providers_skip_unchanged; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER zz_ai_providers_skip_unchanged BEFORE UPDATE ON public.ai_providers FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();


--
-- PostgreSQL database dump complete
--

\unrestrict VQzu90EKJglhoANG2KlB1WoLCm8oYkWYOvArjRgrGlf2f0C8EuLQLgv3YdgthMR


--
-- Dbmate schema migrations
--

INSERT INTO public.schema_migrations (version) VALUES
    ('20261125010000'),
    ('20261125010100'),
    ('20261125010200'),
    ('20261125010300'),
    ('20261125020000');
