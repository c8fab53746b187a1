\restrict 5eu7pMoXbvU2j9EBhY39dNuuzDBR4gLBbpZnF85DwvcpwvMz9CFLFBy0ONbZoNT

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
-- Name: ai_model_sync_migrations; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ai_model_sync_migrations;


--
-- Name: SCHEMA ai_model_sync_migrations; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA ai_model_sync_migrations IS 'dbmate''s applied versions of ai-model-sync, kept out of the public schema that Supabase exposes.';


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
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    SET work_mem TO '64MB'
    AS $$
declare
  batch public.ai_model_fetches;
  input_digest text;
  listed bigint;
  guard jsonb;
  written jsonb;
  batch_report jsonb;
begin
  select * into batch from public.ai_model_fetches f where f.id = batch_id;
  if not found then
    raise exception using errcode = 'no_data_found',
      message = format('no staged batch with id %s', batch_id),
      hint = 'Stage a list first: insert into ai_model_fetches (provider, payload) values (...).';
  end if;
  -- for history triggers and logs: which batch is writing (closed again before returning; owner-only, SPEC 9)
  perform ai_model_sync.open_batch(batch_id);

  -- 1. the payload is an array of objects
  perform ai_model_sync.check_payload(batch);

  -- 2. the hourly no-op: the same input over rows nobody changed is settled without parsing or writing anything
  input_digest := ai_model_sync.input_fingerprint(batch.provider, batch.payload);
  if not force then
    batch_report := ai_model_sync.settle_unchanged(batch, input_digest);
    if batch_report is not null then
      perform ai_model_sync.close_batch();
      return batch_report;
    end if;
  end if;

  -- 3. normalise every entry once (pg_temp.ai_model_sync_staged); the first malformed entry fails the batch
  listed := ai_model_sync.normalise_batch(batch);
  -- 3b. issue 15: the team's model filters (ai_model_sync.model_filters) remove models before the plan; they are
  -- deactivated like unlisted ones, without counting for the guard (pg_temp.ai_model_sync_filtered)
  perform ai_model_sync.filter_staged(batch.provider);

  -- Lock the provider's rows first, then read them: the plan below is a new statement with a new snapshot, so it
  -- sees every manual edit committed before these locks, and none can commit until this batch is done.
  perform from public.ai_providers p where p.provider = batch.provider order by p.id for no key update;

  -- 4. plan one row per listed model: defaults, three-way merge, action (pg_temp.ai_model_sync_plan)
  perform ai_model_sync.plan_batch(batch.provider);
  -- 5. the synced rows the list lacks, and the guard (pg_temp.ai_model_sync_gone)
  guard := ai_model_sync.plan_deactivations(batch.provider, listed, force);
  -- 6. write what changes, nothing else
  written := ai_model_sync.write_plan(batch.provider, guard);
  -- 6b. issue 13: where each price of the plan came from (ai_model_sync.price_origins, only where it changed)
  perform ai_model_sync.write_price_origins(batch.provider);
  -- 7. the report
  batch_report := ai_model_sync.batch_report(batch, guard, written);

  update public.ai_model_fetches f
     set status = 'applied', applied_at = now(), report = batch_report,
         fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
   where f.id = batch_id;
  drop table pg_temp.ai_model_sync_staged, pg_temp.ai_model_sync_plan, pg_temp.ai_model_sync_gone, pg_temp.ai_model_sync_filtered;
  perform ai_model_sync.close_batch();
  return batch_report;
end
$$;


--
-- Name: FUNCTION apply_batch(batch_id bigint, force boolean); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_batch(batch_id bigint, force boolean) IS 'Applies one staged batch set-based, as named steps: check_payload; settle_unchanged (the no-op shortcut); normalise_batch (parse and validate every entry, raising on the first problem); filter_staged (the model filters); lock the provider''s rows; plan_batch (defaults, three-way merge, one action per model); plan_deactivations (synced models the list lacks, the guard; force overrides it); write_plan (only rows that change); write_price_origins; batch_report. Marks the batch applied and returns its report. Callers hold the provider''s advisory lock (see apply_provider).';


--
-- Name: apply_price_source(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_price_source(source text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION apply_price_source(source text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_price_source(source text) IS 'Settles one price source''s pending copies: under the source''s advisory lock the newest is checked (its format; at least a tenth of the previous applied copy''s models), mapped (ai_model_sync.source_prices) and written to ai_model_sync.price_values where a value changed; a failing copy is marked failed and changes nothing. An applied genai-prices copy is matched again when new model ids came up. Returns the copy''s report, NULL when nothing was to do.';


--
-- Name: apply_price_sources(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_price_sources() RETURNS jsonb
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(pg_catalog.jsonb_agg(r.report order by r.source), '[]'::jsonb)
    from (select s.source, ai_model_sync.apply_price_source(s.source) as report
            from (values ('genai-prices'), ('litellm'), ('models.dev')) as s(source)) as r
   where r.report is not null
$$;


--
-- Name: FUNCTION apply_price_sources(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_price_sources() IS 'Settles the pending copies of every price source (apply_price_source) and returns their reports as a JSON array.';


--
-- Name: apply_privileges(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_privileges() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  supabase boolean := ai_model_sync.supabase_roles_exist();
  -- who runs the sync and edits models: the project's admin, and on Supabase its service_role
  admins text[] := case when supabase then array['ai_models_admin', 'service_role'] else array['ai_models_admin'] end;
  admin text;
  -- both forms of the cost function: whoever may read active models may price them
  pricing constant text := 'public.ai_models_cost(text, text, bigint, bigint, bigint, timestamptz), '
                           'public.ai_models_cost(text, text, jsonb, timestamptz)';
begin
  -- Routines (functions, procedures, aggregates) of ours: nothing through PUBLIC, nothing through the API roles'
  -- default privileges; then each role gets what its job calls.
  -- (one statement per kind of object, its names found in the catalog)
  execute (
    -- (a statement that does nothing when there is no such object: string_agg of none is NULL)
    select coalesce('revoke all on routine ' || pg_catalog.string_agg(p.oid::regprocedure::text, ', ') || ' from public'
                    || case when supabase then ', anon, authenticated, service_role' else '' end, 'select')
      from pg_catalog.pg_proc p
     where (p.pronamespace = 'ai_model_sync'::regnamespace
            or (p.pronamespace = 'public'::regnamespace and (p.proname like 'ai\_models\_%' or p.proname = 'sync_ai_models')))
       and not exists (select from pg_catalog.pg_depend d
                        where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'));

  -- ai_models_admin runs the sync and edits models: the sync and the ai_providers triggers run with the caller's
  -- rights and call the helpers of ai_model_sync (the schema's USAGE is the gate: only the admin and, on Supabase,
  -- service_role hold it). ai_models_schedule / ai_models_unschedule stay the owner's (pg_cron runs its jobs as it).
  foreach admin in array admins loop
    execute (
      select pg_catalog.format('grant execute on routine %s to %I', pg_catalog.string_agg(p.oid::regprocedure::text, ', '), admin)
        from pg_catalog.pg_proc p where p.pronamespace = 'ai_model_sync'::regnamespace and p.prorettype <> 'pg_catalog.trigger'::regtype);
    execute pg_catalog.format('grant execute on procedure public.sync_ai_models(boolean) to %I', admin);
    execute pg_catalog.format(
      'grant execute on function public.ai_models_apply_pending(boolean), public.ai_models_check(), '
      'public.ai_models_config_at(text, text, timestamptz), public.ai_models_prune_fetches(interval), %s to %I', pricing, admin);
  end loop;
  -- The fetcher's INSERT into ai_model_fetches calls nothing of ours; the reader prices usage.
  execute pg_catalog.format('grant execute on function %s to ai_models_reader', pricing);

  -- Tables, views, sequences of the project roles (the table grants were first made by the migrations; made again
  -- here so that this function alone states them). History is append-only: its triggers write it as the owner.
  grant usage on schema public to ai_models_fetcher, ai_models_reader, ai_models_admin;
  grant usage on schema ai_model_sync to ai_models_admin;
  grant insert (provider, payload) on public.ai_model_fetches to ai_models_fetcher;
  grant select on public.ai_models_active to ai_models_reader, ai_models_admin;
  grant select, insert, update, delete on public.ai_providers, public.ai_model_catalog, public.ai_model_fetches to ai_models_admin;
  grant select on public.ai_provider_history, public.ai_models_overrides, public.ai_models_conflicts,
                  public.ai_models_unpriced, public.ai_models_stale_prices to ai_models_admin;
  revoke insert, update, delete, truncate, references, trigger on public.ai_provider_history
    from public, ai_models_fetcher, ai_models_reader, ai_models_admin;
  revoke truncate, references, trigger on public.ai_providers, public.ai_model_catalog, public.ai_model_fetches
    from public, ai_models_fetcher, ai_models_reader, ai_models_admin;
  -- Sequences (the identity columns'): nobody but the owner needs one (identity values need no grant); an UPDATE
  -- or USAGE on ai_provider_history_id_seq would let its holder setval it and break every later write.
  execute (
    select coalesce('revoke all on sequence ' || pg_catalog.string_agg(c.oid::regclass::text, ', ') || ' from public'
                    || case when supabase then ', anon, authenticated, service_role' else '' end, 'select')
      from pg_catalog.pg_class c
      join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')
      join pg_catalog.pg_class t on t.oid = d.refobjid
     where c.relkind = 'S' and t.relnamespace in ('public'::regnamespace, 'ai_model_sync'::regnamespace)
       and (t.relname like 'ai\_%' or t.relnamespace = 'ai_model_sync'::regnamespace));
  revoke all on table ai_model_sync.applying_batches, ai_model_sync.code_files from public;
  -- the merge reads the kind rules and the model filters with its caller's rights; admins keep the filters
  grant select on ai_model_sync.kind_rules to ai_models_admin;
  grant select, insert, update, delete on ai_model_sync.model_filters to ai_models_admin;
  -- issue 13, the price tables: the fetcher stages copies and reads back the validators of what was staged; the
  -- admin runs the sync, which maps them into the sources' values and writes the price origins; the views are
  -- the admin's (created again by a load: their grants with them)
  grant insert (source, payload, location, etag, last_modified, digest) on public.ai_price_fetches to ai_models_fetcher;
  grant select (id, source, etag, last_modified, digest, status, fetched_at) on public.ai_price_fetches to ai_models_fetcher;
  grant select, insert, update, delete on public.ai_price_fetches to ai_models_admin;
  grant select on public.ai_models_price_drift, public.ai_models_price_origin to ai_models_admin;
  grant select, insert, update, delete on ai_model_sync.price_values, ai_model_sync.price_origins to ai_models_admin;
  grant select, update on ai_model_sync.price_settings to ai_models_admin;
  revoke truncate, references, trigger on public.ai_price_fetches from public, ai_models_fetcher, ai_models_reader, ai_models_admin;
  revoke all on table ai_model_sync.price_values, ai_model_sync.price_origins, ai_model_sync.price_settings from public;

  if supabase then
    -- Supabase's default privileges give anon, authenticated and service_role ALL on new tables, views, sequences
    -- and functions of public: take all of it back from our objects, then grant what each role's job needs.
    -- RLS does not cover TRUNCATE, REFERENCES or TRIGGER, and a sequence's UPDATE lets anon setval it.
    -- every table and view of ours, found in the catalog (a new one is covered without being listed here)
    execute (
      select coalesce('revoke all on ' || pg_catalog.string_agg(c.oid::regclass::text, ', ') || ' from anon, authenticated, service_role', 'select')
        from pg_catalog.pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v', 'm') and c.relname like 'ai\_%');
    -- the reader reads ai_providers itself under its policy (the views run with the caller's rights here)
    grant select on public.ai_providers to ai_models_reader;
    -- authenticated: active models (RLS), and pricing them
    grant select on public.ai_providers, public.ai_models_active to authenticated;
    execute pg_catalog.format('grant execute on function %s to authenticated', pricing);
    -- service_role: Supabase's admin, the same job as ai_models_admin (no TRUNCATE, REFERENCES, TRIGGER, no
    -- history writes)
    grant select, insert, update, delete on public.ai_providers, public.ai_model_fetches, public.ai_model_catalog to service_role;
    grant select on public.ai_provider_history, public.ai_models_active, public.ai_models_overrides,
                    public.ai_models_conflicts, public.ai_models_unpriced, public.ai_models_stale_prices to service_role;
    grant usage on schema ai_model_sync to service_role;
    grant select on ai_model_sync.kind_rules to service_role;
    grant select, insert, update, delete on ai_model_sync.model_filters to service_role;
    -- issue 13: the price tables, as the admin has them (the sync, run by service_role, writes the sources' values
    -- and the price origins)
    grant select, insert, update, delete on public.ai_price_fetches to service_role;
    grant select on public.ai_models_price_drift, public.ai_models_price_origin to service_role;
    grant select, insert, update, delete on ai_model_sync.price_values, ai_model_sync.price_origins to service_role;
    grant select, update on ai_model_sync.price_settings to service_role;
    -- row-level security and its policies
    perform ai_model_sync.enable_row_level_security();
  end if;
end
$$;


--
-- Name: FUNCTION apply_privileges(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.apply_privileges() IS 'The one place where the privileges of the project''s objects are (re)applied after the code is (re)loaded: EXECUTE on every routine of ours revoked from PUBLIC and granted per role; table grants per role; history append-only; no sequence privilege for anyone; on Supabase everything its default privileges gave anon, authenticated and service_role taken back, then only what each role needs granted, and row-level security enabled. Idempotent.';


--
-- Name: apply_provider(text, boolean); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.apply_provider(provider text, force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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


SET default_tablespace = '';

SET default_table_access_method = heap;

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
    fingerprint text,
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
-- Name: COLUMN ai_model_fetches.fingerprint; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_fetches.fingerprint IS 'For an applied batch: digests of what its merge read (payload, catalog, sync code) and of the provider''s rows after it. A new batch with the same input, over rows no one changed since, is settled without a merge.';


--
-- Name: batch_report(public.ai_model_fetches, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.batch_report(batch public.ai_model_fetches, guard jsonb, written jsonb) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  with plan as (select * from pg_temp.ai_model_sync_plan),
  -- the counts of the actions in one pass over the plan
  counts as (
    select count(*) filter (where p.action = 'update') as updated,
           count(*) filter (where p.action = 'reactivate') as reactivated,
           count(*) filter (where p.action = 'unchanged') as unchanged
      from plan p
  ),
  -- name and description overrides and conflicts, judged like a config key (SPEC 4.2)
  text_fields as (
    select p.api_identifier, f.key, f.value, f.dflt, f.snap
      from plan p,
           lateral (values ('name', p.cur_name, p.name, p.name_snapshot),
                           ('description', p.cur_description, p.description, p.description_snapshot)) as f(key, value, dflt, snap)
     where not p.manual_row and (p.cur_name is distinct from p.name_snapshot or p.cur_description is distinct from p.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap and f.value is distinct from f.dflt
  ),
  overrides as (
    select p.api_identifier, o.value as item
      from plan p, jsonb_array_elements(p.m->'overrides') as o
     where p.m is not null
    union all
    select t.api_identifier, jsonb_build_object('key', t.key, 'value', t.value, 'default', t.dflt) from text_fields t
  ),
  conflicts as (
    select p.api_identifier, o.value as item
      from plan p, jsonb_array_elements(p.m->'conflicts') as o
     where p.m is not null
    union all
    select t.api_identifier, jsonb_build_object('key', t.key, 'value', t.value, 'old_default', t.snap, 'new_default', t.dflt)
      from text_fields t where t.dflt is distinct from t.snap
  )
  select jsonb_build_object(
    'provider', batch.provider,
    'batch', batch.id,
    'status', 'applied',
    'models', coalesce(guard->>'kept', guard->>'listed')::bigint, -- issue 15: the models kept after the filters
    'inserted', (written->>'inserted')::bigint,
    'updated', (select c.updated from counts c),
    'reactivated', (select c.reactivated from counts c),
    'unchanged', (select c.unchanged from counts c),
    'deactivated', jsonb_array_length(written->'deactivated_models'),
    'deactivated_models', written->'deactivated_models',
    'manual_rows', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                      from plan p where p.manual_row),
    'overrides', (select coalesce(jsonb_agg(o.item || jsonb_build_object('api_identifier', o.api_identifier)
                                            order by o.api_identifier, o.item->>'key'), '[]'::jsonb)
                    from overrides o),
    'conflicts', (select coalesce(jsonb_agg(c.item || jsonb_build_object('api_identifier', c.api_identifier)
                                            order by c.api_identifier, c.item->>'key'), '[]'::jsonb)
                    from conflicts c),
    'adjusted', (select coalesce(jsonb_agg(a.value || jsonb_build_object('api_identifier', p.api_identifier)
                                           order by p.api_identifier), '[]'::jsonb)
                   from plan p, jsonb_array_elements(p.m->'adjusted') as a
                  where p.m is not null),
    'stale_prices', (select coalesce(jsonb_agg(jsonb_build_object('api_identifier', p.api_identifier, 'key', k.key,
                                                      'value', p.defaults->k.key)
                                   order by p.api_identifier, k.key), '[]'::jsonb)
                       from plan p, jsonb_array_elements_text(p.defaults->'stale_price_keys') as k(key)
                      where not p.manual_row and p.defaults ? 'stale_price_keys'),
    'unpriced', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                   from plan p where not p.manual_row and not (p.defaults ? 'input_token_cost_rate')),
    -- listed with a price that is not per token, or none (Together's image / audio / 0-priced models)
    'not_token_priced', (select coalesce(jsonb_agg(s.api_identifier order by s.api_identifier), '[]'::jsonb)
                           from pg_temp.ai_model_sync_staged s where s.not_token_priced),
    -- issue 15: why each model was deactivated, what the filters removed, and the models of unknown kind
    'deactivated_reasons', coalesce(written->'deactivated_reasons', '[]'::jsonb),
    'filtered', (select coalesce(jsonb_agg(jsonb_build_object('api_identifier', x.api_identifier, 'reason', x.reason)
                                           order by x.api_identifier), '[]'::jsonb)
                   from pg_temp.ai_model_sync_filtered x),
    'unclassified', (select coalesce(jsonb_agg(p.api_identifier order by p.api_identifier), '[]'::jsonb)
                       from plan p where not p.manual_row and coalesce(p.m->'config', p.defaults)->>'kind' is null),
    -- issue 13, the price sources: consensus keys this merge filled or followed (changed defaults), drifting keys
    'prices', ai_model_sync.prices_report((
      select coalesce(jsonb_agg(jsonb_build_object(
               'api_identifier', p.api_identifier, 'key', a.key, 'catalog', p.catalog_config->a.key,
               'previous', p.cur_snapshot->a.key, 'in_force', coalesce(p.m->'config', p.defaults)->a.key,
               'consensus', p.consensus->a.key, 'sources', p.consensus_sources->a.key,
               'applied', coalesce(p.consensus_applied, '{}'::jsonb) ? a.key)
             order by p.api_identifier, a.key), '[]'::jsonb)
        from plan p
        cross join lateral jsonb_each(coalesce(p.consensus, '{}'::jsonb)) as a
       where not p.manual_row)),
    'warnings', (select coalesce(jsonb_agg(w order by w), '[]'::jsonb) from (
                   select case
                     when (guard->>'listed')::bigint = 0 then format(
                       'guard held: the list is empty; %s active models were not deactivated (CALL sync_ai_models(force => true) to override)',
                       guard->>'deactivating')
                     else format(
                       'guard held: the list lacks %s of %s active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
                       guard->>'deactivating', guard->>'active')
                   end as w
                   where (guard->>'holds')::boolean
                   union all
                   select 'the list is empty' where (guard->>'listed')::bigint = 0 and not (guard->>'holds')::boolean
                   union all
                   -- a list whose preset reports no prices brought some: ignored (ai_model_sync.reports_prices, SPEC 9)
                   -- (the provider test first, as a one-time filter: the path query reads the whole payload)
                   select format('"pricing" of %s entries ignored: only openrouter and together lists bring prices', p.n)
                     from (select jsonb_array_length(jsonb_path_query_array(batch.payload, 'lax $[*] ? (@.pricing != null)')) as n
                            where not ai_model_sync.reports_prices(batch.provider)) as p
                    where p.n > 0
                 ) as ws)
  )
$_$;


--
-- Name: FUNCTION batch_report(batch public.ai_model_fetches, guard jsonb, written jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.batch_report(batch public.ai_model_fetches, guard jsonb, written jsonb) IS 'Step 7 of apply_batch (SPEC 4.4): the batch''s report from the plan, the guard and what was written: counts, the deactivated models, hand-made rows listed, manual overrides kept, conflicts (an override kept while its default moved), caps adjusted, models no catalog entry prices, the warnings; and (issue 15) why each model was deactivated, what the model filters removed and why, and the models of unknown kind (unclassified); (issue 13) prices: the price policy and quorum, the consensus keys filled or followed by this merge and those drifting (ai_model_sync.prices_report).';


--
-- Name: catalog_config(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.catalog_config(provider text) RETURNS TABLE(ord integer, config jsonb, admin_config jsonb, builtin_config jsonb, imported_config jsonb)
    LANGUAGE sql STABLE
    AS $$
  with hits as (
    -- dated prices (SPEC 5): each entry's config with the price in force now
    select s.ord, c.tier, 1 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from pg_temp.ai_model_sync_staged s
      join public.ai_model_catalog c on c.provider = catalog_config.provider and c.model = s.api_identifier
    union all
    select s.ord, c.tier, 2 as specificity, ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()) as config
      from pg_temp.ai_model_sync_staged s
      join public.ai_model_catalog c on c.provider = catalog_config.provider and c.match = 'family'
                                    and c.model = s.family and s.family <> s.api_identifier
  ),
  best as (
    -- per tier, an exact-id entry beats a family entry
    select distinct on (h.ord, h.tier) h.ord, h.tier, h.config
      from hits h
     order by h.ord, h.tier, h.specificity
  )
  -- across tiers, key by key: builtin < imported (< what the provider reports, layered in model_defaults) < admin
  select b.ord,
         ai_model_sync.jsonb_merge_agg(b.config order by b.tier) filter (where b.tier <> 'admin'),
         ai_model_sync.jsonb_merge_agg(b.config) filter (where b.tier = 'admin'),
         -- issue 13, the price origins: which tier set each key (one entry per tier is left: the built-in
         -- array_agg, cheaper than one more merge)
         (pg_catalog.array_agg(b.config) filter (where b.tier = 'builtin'))[1],
         (pg_catalog.array_agg(b.config) filter (where b.tier = 'imported'))[1]
    from best b
   group by b.ord
$$;


--
-- Name: FUNCTION catalog_config(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.catalog_config(provider text) IS 'SPEC 5 matching, for the models of pg_temp.ai_model_sync_staged: per model, the catalog entries that match it (exact id, else the family of a dated id; per tier the exact entry wins; dated prices as in force now), merged key by key across the builtin and imported tiers (config) and the admin tier (admin_config); the builtin and imported tiers alone too (builtin_config, imported_config: where each price came from, issue 13). No SET search_path so that the planner inlines it into plan_batch; every name in it is schema-qualified.';


--
-- Name: catalog_config_at(jsonb, jsonb, timestamp with time zone); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.catalog_config_at(config jsonb, prices jsonb, at timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case when prices is null then config else config || coalesce((
    select p.value->'config'
      from pg_catalog.jsonb_array_elements(prices) as p
     where (p.value->>'from' is null or at >= ((p.value->>'from')::date)::timestamp at time zone 'UTC')
       and (p.value->>'until' is null or at < ((p.value->>'until')::date + 1)::timestamp at time zone 'UTC')
     limit 1), '{}'::jsonb) end
$$;


--
-- Name: FUNCTION catalog_config_at(config jsonb, prices jsonb, at timestamp with time zone); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.catalog_config_at(config jsonb, prices jsonb, at timestamp with time zone) IS 'The config of a catalog entry in force at a time: its config, overlaid with the config of the dated price (prices[]) whose period holds then: from its "from" day at 00:00 UTC until the end of its "until" day (UTC), either bound open when absent. Periods do not overlap (catalog_entry_problems checks).';


--
-- Name: catalog_entry_problems(jsonb, ai_model_sync.catalog_tier); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier) RETURNS text[]
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  problems text[] := '{}';
  k text;
  period jsonb;
  n integer;
  v jsonb;
  cfg jsonb;
  core_problem text;
begin
  if jsonb_typeof(p_entry) is distinct from 'object' then
    return array['an entry must be a JSON object, got ' || coalesce(jsonb_typeof(p_entry), 'nothing')];
  end if;

  -- Unknown top-level keys are typos ("modle", "conifg") that would otherwise be silently dropped.
  for k in select key from jsonb_each(p_entry)
           where key not in ('provider', 'model', 'match', 'config', 'prices', 'source_url', 'checked_on', 'notes', 'file')
  loop
    problems := problems || format('unknown field "%s" (allowed: provider, model, match, config, prices, source_url, checked_on, notes)', k);
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
    problems := problems || array(select 'price ' || ai_model_sync.price_entry_problem(c.key, c.value, 1)
                                    from jsonb_each(cfg) as c
                                   where c.key like '%\_cost\_rate' and ai_model_sync.price_entry_problem(c.key, c.value, 1) is not null);
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
  -- Dated prices: [{"from": "YYYY-MM-DD", "until": "YYYY-MM-DD", "config": {cost keys}}] (docs/pricing-rules.md).
  if p_entry ? 'prices' and jsonb_typeof(p_entry -> 'prices') <> 'null' then
    if jsonb_typeof(p_entry -> 'prices') <> 'array' or jsonb_array_length(p_entry -> 'prices') = 0 then
      problems := problems || 'field "prices" must be a non-empty array of {"from", "until", "config"} objects'::text;
    else
      n := 0;
      for period in select value from jsonb_array_elements(p_entry -> 'prices') loop
        n := n + 1;
        if jsonb_typeof(period) <> 'object' then
          problems := problems || format('prices[%s] must be an object {"from", "until", "config"}, got %s', n, jsonb_typeof(period));
          continue;
        end if;
        for k in select key from jsonb_object_keys(period) key where key not in ('from', 'until', 'config', 'notes') loop
          problems := problems || format('prices[%s]: unknown field "%s" (allowed: from, until, config, notes)', n, k);
        end loop;
        if not (period ? 'from' or period ? 'until') then
          problems := problems || format('prices[%s] needs "from" or "until" (YYYY-MM-DD): a price without dates belongs in "config"', n);
        end if;
        foreach k in array array['from', 'until'] loop
          if period ? k and (jsonb_typeof(period -> k) <> 'string' or not ai_model_sync.pg_input_is_valid_date(period ->> k)) then
            problems := problems || format('prices[%s]: "%s" is not a date: %s (YYYY-MM-DD, UTC)', n, k, period -> k);
          end if;
        end loop;
        if ai_model_sync.pg_input_is_valid_date(period ->> 'from') and ai_model_sync.pg_input_is_valid_date(period ->> 'until')
           and (period ->> 'from')::date > (period ->> 'until')::date then
          problems := problems || format('prices[%s]: "from" %s is after "until" %s', n, period ->> 'from', period ->> 'until');
        end if;
        if jsonb_typeof(period -> 'config') is distinct from 'object' or period -> 'config' = '{}'::jsonb then
          problems := problems || format('prices[%s]: "config" must be a non-empty object of cost keys', n);
        else
          for k, v in select key, value from jsonb_each(period -> 'config') loop
            if k not like '%\_cost\_rate' and k <> 'long_context_threshold_tokens' then
              problems := problems || format('prices[%s]: "%s" is not a price (only *_cost_rate keys and long_context_threshold_tokens are dated)', n, k);
            elsif ai_model_sync.price_entry_problem(k, v, 1) is not null then
              problems := problems || format('prices[%s]: %s', n, ai_model_sync.price_entry_problem(k, v, 1));
            end if;
          end loop;
        end if;
      end loop;
      -- Periods must not overlap: at any time at most one holds.
      if array_length(problems, 1) is null then
        select format('prices[%s] (%s .. %s) overlaps prices[%s] (%s .. %s): at most one dated price holds at a time',
                      a.i, coalesce(a.p ->> 'from', 'open'), coalesce(a.p ->> 'until', 'open'),
                      b.i, coalesce(b.p ->> 'from', 'open'), coalesce(b.p ->> 'until', 'open'))
          into k
          from jsonb_array_elements(p_entry -> 'prices') with ordinality a(p, i)
          join jsonb_array_elements(p_entry -> 'prices') with ordinality b(p, i) on b.i > a.i
         where coalesce((a.p ->> 'from')::date, '-infinity'::date) <= coalesce((b.p ->> 'until')::date, 'infinity'::date)
           and coalesce((b.p ->> 'from')::date, '-infinity'::date) <= coalesce((a.p ->> 'until')::date, 'infinity'::date)
         order by a.i, b.i
         limit 1;
        if k is not null then
          problems := problems || k;
        end if;
      end if;
    end if;
  end if;
  return problems;
end;
$$;


--
-- Name: FUNCTION catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.catalog_entry_problems(p_entry jsonb, p_tier ai_model_sync.catalog_tier) IS 'Every problem of one catalog entry (missing or unknown field, unknown match, non-numeric, negative or per-1M-looking price above 0.001 USD/token, invalid config per ai_model_sync.config_problem, dated prices that are malformed, not prices, or overlap); empty array when valid.';


--
-- Name: check_payload(public.ai_model_fetches); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.check_payload(batch public.ai_model_fetches) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  bad record;
begin
  select p.ord, p.problem into bad from ai_model_sync.payload_problem(batch.payload) as p limit 1;
  if found and bad.ord is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: %s', batch.provider, batch.id, bad.problem),
      detail = format('payload starts with: %s', left(batch.payload::text, 200)),
      hint = 'Stage the list exactly as the provider returned it, every page concatenated into one JSON array.';
  elsif found then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: model %s of %s %s', batch.provider, batch.id, bad.ord,
                       jsonb_array_length(batch.payload), bad.problem),
      detail = format('entry %s: %s', bad.ord, left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;
end
$$;


--
-- Name: FUNCTION check_payload(batch public.ai_model_fetches); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.check_payload(batch public.ai_model_fetches) IS 'Step 1 of apply_batch: raises unless the staged payload is a JSON array of objects (the message names the first entry that is not). Cheap: it runs before the no-op shortcut.';


--
-- Name: check_schedule(text, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.check_schedule(job_name text, schedule text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  problem text := ai_model_sync.cron_problem(schedule);
begin
  if problem is not null then
    raise exception using errcode = 'invalid_parameter_value',
      message = case when schedule is null or pg_catalog.btrim(schedule) = ''
                     then pg_catalog.format('no schedule given for pg_cron job %s', job_name)
                     else pg_catalog.format('invalid cron expression %L for pg_cron job %s', pg_catalog.left(schedule, 100), job_name) end,
      detail = problem,
      hint = 'A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. ''0 * * * *'' '
             '(hourly) or ''*/15 * * * *'' (every 15 minutes); or ''30 seconds''. Nothing was scheduled.';
  end if;
end
$$;


--
-- Name: FUNCTION check_schedule(job_name text, schedule text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.check_schedule(job_name text, schedule text) IS 'Raises invalid_parameter_value, with the problem as detail, when schedule is not a cron expression that ai_model_sync.cron_problem accepts (five fields or ''N seconds''); returns otherwise. Called by schedule_job and by the public scheduling functions before their prerequisites.';


--
-- Name: close_batch(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.close_batch() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from ai_model_sync.applying_batches a where a.xact = pg_catalog.pg_current_xact_id();
  perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
end
$$;


--
-- Name: FUNCTION close_batch(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.close_batch() IS 'The sync has applied its batch: later changes of this transaction are recorded without a batch.';


--
-- Name: config_in_force(text, text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.config_in_force(provider text, api_identifier text, config jsonb, at timestamp with time zone) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- The row's config at that time (from history) may predate a scheduled switch when no sync ran since the
  -- switch. For every key that a dated price of the model's governing builtin or imported entry schedules (per tier
  -- the exact-id entry, else the family entry, as the sync picks them), the value in force at that time replaces
  -- the row's value, if the row's value is one that entry produces (its config's or a period's) and no higher tier
  -- sets the key: a manual edit, a provider-reported price or an admin catalog entry is left alone.
  with best as (
    select distinct on (c.tier) c.tier, c.config, c.prices
      from public.ai_model_catalog c
     where c.provider = config_in_force.provider
       and (c.model = config_in_force.api_identifier
            or (c.match = 'family' and c.model = ai_model_sync.version_base(config_in_force.api_identifier)))
     order by c.tier, (c.model = config_in_force.api_identifier) desc
  )
  select coalesce(config_in_force.config || (
    select pg_catalog.jsonb_object_agg(k.key, k.value)
      from best as e,
           lateral pg_catalog.jsonb_each(ai_model_sync.catalog_config_at(e.config, e.prices, config_in_force.at)) as k
     where e.tier <> 'admin' and e.prices is not null
       and exists (select from pg_catalog.jsonb_array_elements(e.prices) as p where p.value->'config' ? k.key)
       and (config_in_force.config->k.key = e.config->k.key
            or exists (select from pg_catalog.jsonb_array_elements(e.prices) as p
                        where p.value->'config'->k.key = config_in_force.config->k.key))
       and not exists (
         select from best as o
          where o.tier > e.tier
            and (o.config ? k.key
                 or exists (select from pg_catalog.jsonb_array_elements(coalesce(o.prices, '[]'::jsonb)) as p
                             where p.value->'config' ? k.key)))
  ), config_in_force.config)
$$;


--
-- Name: FUNCTION config_in_force(provider text, api_identifier text, config jsonb, at timestamp with time zone); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.config_in_force(provider text, api_identifier text, config jsonb, at timestamp with time zone) IS 'A model''s config as of a time with the catalog''s dated prices applied: for each key that a dated price of the model''s governing builtin or imported entry schedules (per tier the exact entry, else the family entry), the value in force at that time, provided the config''s value came from that entry (equals its config''s or one of its periods'' values) and no higher tier sets the key. So ai_models_cost(..., at) bills a scheduled switch from its date even when no sync ran since; manual edits, provider-reported prices and admin entries are kept.';


--
-- Name: config_problem(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.config_problem(config jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
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
          -- issue 15: what the model is (docs/capabilities.md)
          when e.key = 'kind' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'string' or e.value #>> '{}' not in
                   ('chat', 'completion', 'embedding', 'image', 'moderation', 'realtime', 'rerank', 'speech', 'transcription', 'video')
              then pg_catalog.format('kind must be one of chat, completion, embedding, image, moderation, realtime, rerank, '
                                     'speech, transcription, video, got %s', e.value) end
          when e.key in ('input_modalities', 'output_modalities') then
            case when pg_catalog.jsonb_typeof(e.value) <> 'array'
                   or not (e.value <@ '["audio", "file", "image", "text", "video"]'::jsonb)
              then pg_catalog.format('%s must be an array of audio, file, image, text, video, got %s', e.key, e.value) end
          when e.key like 'supports\_%' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'boolean'
              then pg_catalog.format('%s must be true or false, got %s', e.key, e.value) end
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

COMMENT ON FUNCTION ai_model_sync.config_problem(config jsonb) IS 'NULL when a config object is valid, else every problem found: keys ending in _cost_rate hold non-negative numbers (USD per single token), keys ending in _tokens positive whole numbers, tokenization_strategy one of the shapes of SPEC 3.2, kind one of the documented kinds, *_modalities arrays of audio, file, image, text, video, supports_* booleans (docs/capabilities.md). Shared by the ai_providers trigger and the catalog loader.';


--
-- Name: consensus_config(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.consensus_config(provider text) RETURNS TABLE(api_identifier text, config jsonb, sources jsonb)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select c.api_identifier,
         pg_catalog.jsonb_object_agg(c.key, case when c.key = 'long_context_threshold_tokens'
                                                 then pg_catalog.to_jsonb(c.value::bigint) else pg_catalog.to_jsonb(c.value) end),
         pg_catalog.jsonb_object_agg(c.key, pg_catalog.to_jsonb(c.sources))
    from ai_model_sync.price_consensus(consensus_config.provider) as c
   group by c.api_identifier
$$;


--
-- Name: FUNCTION consensus_config(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.consensus_config(provider text) IS 'The consensus prices of a provider''s models as config objects (one per model), with the sources that agreed on each key: the extra layer of the merge''s defaults.';


--
-- Name: consensus_layer(jsonb, jsonb, jsonb, jsonb, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.consensus_layer(consensus jsonb, catalog jsonb, reported jsonb, admin jsonb, policy text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  -- the layers above the consensus: under fill all of them, under follow the provider's own prices and the admin tier
  select case
    when consensus is null or policy not in ('fill', 'follow') then null
    else (
      select pg_catalog.jsonb_object_agg(k.key, k.value)
        from pg_catalog.jsonb_each(consensus) as k
       where not (above ? k.key)
         -- a long-context tier is one set of keys: never mix a consensus tier into one set above
         and not (k.key like 'long\_context\_%' and exists (select from pg_catalog.jsonb_object_keys(above) as a
                                                              where a like 'long\_context\_%'))
         -- and a tier without its threshold means nothing
         and not (k.key like 'long\_context\_%' and not consensus ? 'long_context_threshold_tokens')
    )
  end
  from (select case when policy = 'fill' then coalesce(catalog, '{}') else '{}' end
               || coalesce(reported, '{}') || coalesce(admin, '{}') as above) as l
$$;


--
-- Name: FUNCTION consensus_layer(consensus jsonb, catalog jsonb, reported jsonb, admin jsonb, policy text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.consensus_layer(consensus jsonb, catalog jsonb, reported jsonb, admin jsonb, policy text) IS 'The consensus keys that enter a model''s defaults under the price policy: fill keeps those that no catalog, provider-reported or admin value sets; follow those that no provider-reported or admin value sets (replacing built-in and imported ones); report none. A long-context tier above is never mixed with consensus tier keys, and consensus tier keys need their threshold. No SET search_path so that it inlines; every name is schema-qualified.';


--
-- Name: cron_problem(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.cron_problem(expression text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  select case
    when expression is null or pg_catalog.btrim(expression) = '' then 'no schedule given'
    when expression ~ '^ *([1-9]|[1-5][0-9]) seconds? *$' then null
    when expression ~* ('^ *' || f.field || '( +' || f.field || '){4} *$') then null
    else pg_catalog.format('%s is not a cron expression of five fields (minute hour day-of-month month day-of-week) '
                           'nor pg_cron''s "N seconds" (1 to 59)', pg_catalog.quote_literal(pg_catalog.left(expression, 100)))
  end
    from (select '(\*|[0-9]{1,2}(-[0-9]{1,2})?|[a-z]{3}(-[a-z]{3})?)(/[0-9]{1,2})?'::text as item) as i,
         lateral (select i.item || '(,' || i.item || ')*' as field) as f
$_$;


--
-- Name: FUNCTION cron_problem(expression text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.cron_problem(expression text) IS 'NULL when a schedule is five cron fields (each *, N, N-M or a month/day name, lists with commas, steps with /N) or pg_cron''s "N seconds" (1-59), else what is wrong with it. ai_models_schedule refuses anything else before pg_cron sees it.';


--
-- Name: current_actor(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.current_actor() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case when pg_catalog.current_setting('role') = 'none' then session_user::text
              else pg_catalog.current_setting('role') end
$$;


--
-- Name: FUNCTION current_actor(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.current_actor() IS 'The role a change is attributed to: the role set with SET ROLE, else the session user. Unlike current_user it is not the owner of the SECURITY DEFINER trigger function that asks.';


--
-- Name: current_batch(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.current_batch() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- pg_current_xact_id_if_assigned: a transaction that has written nothing has no id, hence applies no batch
  select a.batch_id from ai_model_sync.applying_batches a where a.xact = pg_catalog.pg_current_xact_id_if_assigned()
$$;


--
-- Name: FUNCTION current_batch(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.current_batch() IS 'The batch the sync is applying in this transaction (ai_model_sync.open_batch), NULL otherwise. Called by the SECURITY DEFINER history triggers; it trusts the owner-only table ai_model_sync.applying_batches, not the ai_model_sync.batch_id setting, which any session may set.';


--
-- Name: enable_row_level_security(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.enable_row_level_security() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if not ai_model_sync.supabase_roles_exist() then
    raise exception using errcode = 'undefined_object',
      message = 'row-level security for Supabase needs the roles anon, authenticated and service_role',
      hint = 'On plain PostgreSQL the grants of ai_models_fetcher, ai_models_reader and ai_models_admin suffice.';
  end if;

  alter table public.ai_providers enable row level security;
  alter table public.ai_model_fetches enable row level security;
  alter table public.ai_model_catalog enable row level security;
  alter table public.ai_provider_history enable row level security;

  -- The views run with the caller's rights here, so that RLS applies through them (Supabase flags views that
  -- bypass it); the project's reader role then reads ai_providers under its own policy.
  alter view public.ai_models_active set (security_invoker = true);
  alter view public.ai_models_overrides set (security_invoker = true);
  alter view public.ai_models_conflicts set (security_invoker = true);
  alter view public.ai_models_unpriced set (security_invoker = true);
  alter view public.ai_models_stale_prices set (security_invoker = true);

  drop policy if exists "Authenticated users can read active models" on public.ai_providers;
  create policy "Authenticated users can read active models" on public.ai_providers
    for select to authenticated using (is_active);
  drop policy if exists "Model readers can read active models" on public.ai_providers;
  create policy "Model readers can read active models" on public.ai_providers
    for select to ai_models_reader using (is_active);
  drop policy if exists "The service role can manage models" on public.ai_providers;
  create policy "The service role can manage models" on public.ai_providers
    for all to service_role using (true) with check (true);
  drop policy if exists "Model admins can manage models" on public.ai_providers;
  create policy "Model admins can manage models" on public.ai_providers
    for all to ai_models_admin using (true) with check (true);

  -- Any role granted INSERT here may stage (ai_models_fetcher, or a role set up as docs/configuration.md, "Stage-only and pg_cron", shows); the grant is
  -- the gate, anon and authenticated have none. Only pending lists: nobody stages a list as already applied.
  drop policy if exists "Roles allowed to insert can stage pending model lists" on public.ai_model_fetches;
  create policy "Roles allowed to insert can stage pending model lists" on public.ai_model_fetches
    for insert to public with check (status = 'pending');
  drop policy if exists "The service role can manage staged lists" on public.ai_model_fetches;
  create policy "The service role can manage staged lists" on public.ai_model_fetches
    for all to service_role using (true) with check (true);
  drop policy if exists "Model admins can manage staged lists" on public.ai_model_fetches;
  create policy "Model admins can manage staged lists" on public.ai_model_fetches
    for all to ai_models_admin using (true) with check (true);

  -- The price tables (issue 13): staged like model lists; the fetcher reads back only the validators it is granted.
  -- (Their grants are apply_privileges'.)
  alter table public.ai_price_fetches enable row level security;
  alter view public.ai_models_price_drift set (security_invoker = true);
  alter view public.ai_models_price_origin set (security_invoker = true);
  drop policy if exists "Roles allowed to insert can stage pending price tables" on public.ai_price_fetches;
  create policy "Roles allowed to insert can stage pending price tables" on public.ai_price_fetches
    for insert to public with check (status = 'pending');
  drop policy if exists "Roles allowed to read validators can read staged price tables" on public.ai_price_fetches;
  create policy "Roles allowed to read validators can read staged price tables" on public.ai_price_fetches
    for select to public using (true);
  drop policy if exists "The service role can manage staged price tables" on public.ai_price_fetches;
  create policy "The service role can manage staged price tables" on public.ai_price_fetches
    for all to service_role using (true) with check (true);
  drop policy if exists "Model admins can manage staged price tables" on public.ai_price_fetches;
  create policy "Model admins can manage staged price tables" on public.ai_price_fetches
    for all to ai_models_admin using (true) with check (true);

  drop policy if exists "The service role can manage the catalog" on public.ai_model_catalog;
  create policy "The service role can manage the catalog" on public.ai_model_catalog
    for all to service_role using (true) with check (true);
  drop policy if exists "Model admins can manage the catalog" on public.ai_model_catalog;
  create policy "Model admins can manage the catalog" on public.ai_model_catalog
    for all to ai_models_admin using (true) with check (true);

  drop policy if exists "The service role can read model history" on public.ai_provider_history;
  create policy "The service role can read model history" on public.ai_provider_history
    for select to service_role using (true);
  drop policy if exists "Model admins can read model history" on public.ai_provider_history;
  create policy "Model admins can read model history" on public.ai_provider_history
    for select to ai_models_admin using (true);
  -- Every grant (Supabase's default privileges taken back, each role's own) is ai_model_sync.apply_privileges',
  -- which calls this function.
end
$$;


--
-- Name: FUNCTION enable_row_level_security(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.enable_row_level_security() IS 'Supabase: enables row-level security on the project''s tables with policies named as sentences: authenticated reads active models only, anon nothing, only service_role (and the project''s admin, fetcher and reader roles, within their grants) write or read the rest. The grants are ai_model_sync.apply_privileges'', which calls this function: it takes back everything Supabase''s default privileges give the API roles. Idempotent.';


--
-- Name: ensure_role(text, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.ensure_role(role_name text, description text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if not exists (select from pg_catalog.pg_roles r where r.rolname = role_name) then
    begin
      execute pg_catalog.format('create role %I nologin', role_name);
      -- only the creator comments: on PostgreSQL 16+ commenting needs ADMIN OPTION on the role
      execute pg_catalog.format('comment on role %I is %L', role_name, description);
    exception when duplicate_object or unique_violation then
      null; -- created by a concurrent migration of another database
    end;
  end if;
end
$$;


--
-- Name: FUNCTION ensure_role(role_name text, description text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.ensure_role(role_name text, description text) IS 'Creates a NOLOGIN role with its comment unless the role exists (roles are shared by every database of the cluster).';


--
-- Name: field_changes(jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.field_changes(old_fields jsonb, new_fields jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.jsonb_object_agg(k.field,
           pg_catalog.jsonb_build_object('old', coalesce(old_fields->k.field, 'null'::jsonb),
                                         'new', coalesce(new_fields->k.field, 'null'::jsonb)))
    from (select pg_catalog.jsonb_object_keys(old_fields) union select pg_catalog.jsonb_object_keys(new_fields)) as k(field)
   where coalesce(old_fields->k.field, 'null'::jsonb) is distinct from coalesce(new_fields->k.field, 'null'::jsonb)
$$;


--
-- Name: FUNCTION field_changes(old_fields jsonb, new_fields jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.field_changes(old_fields jsonb, new_fields jsonb) IS 'The fields (see history_fields) whose values differ, as {"field": {"old": ..., "new": ...}}; a missing field equals null. NULL when nothing differs.';


--
-- Name: filter_staged(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.filter_staged(provider text) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  f record;
  removed bigint;
begin
  -- What the filters removed from this batch, for the guard and the report of apply_batch.
  if pg_catalog.to_regclass('pg_temp.ai_model_sync_filtered') is null then
    create temporary table ai_model_sync_filtered (api_identifier text primary key, reason text not null) on commit drop;
  else
    truncate pg_temp.ai_model_sync_filtered;
  end if;

  select nullif(coalesce(p.include, g.include), '{}') as include,
         coalesce(p.exclude, '{}') || coalesce(g.exclude, '{}') as exclude,
         nullif(coalesce(p.kinds, g.kinds), '{}') as kinds
    into f
    from (select) as one
    left join ai_model_sync.model_filters p on p.provider = filter_staged.provider
    left join ai_model_sync.model_filters g on g.provider = '*';
  if f.include is null and pg_catalog.cardinality(f.exclude) = 0 and f.kinds is null then
    return 0;
  end if;

  -- The kind as the merge will see it (only needed for a kinds filter): the row's manual override, else the admin
  -- catalog tier, else what the list reports, else the other catalog tiers, else the kind rule (model_defaults).
  with kinds as (
    select s.api_identifier,
           coalesce(case when t.defaults_snapshot is null or t.config->'kind' is distinct from t.defaults_snapshot->'kind'
                         then t.config->>'kind' end,
                    c.admin_config->>'kind', s.reported->>'kind', c.config->>'kind', s.kind_rule->>'kind') as kind
      from pg_temp.ai_model_sync_staged s
      left join ai_model_sync.catalog_config(filter_staged.provider) c on f.kinds is not null and c.ord = s.ord
      left join public.ai_providers t on f.kinds is not null and t.provider = filter_staged.provider
                                     and t.api_identifier = s.api_identifier
  ),
  decided as (
    select k.api_identifier,
           case
             when f.include is not null
                  and not exists (select from pg_catalog.unnest(f.include) as i(glob)
                                   where k.api_identifier like ai_model_sync.glob_like(i.glob)) then
               pg_catalog.format('include: matches none of %s', pg_catalog.array_to_string(f.include, ', '))
             when exists (select from pg_catalog.unnest(f.exclude) as x(glob) where k.api_identifier like ai_model_sync.glob_like(x.glob)) then
               pg_catalog.format('exclude: matches %s', (select pg_catalog.string_agg(x.glob, ', ')
                                                           from pg_catalog.unnest(f.exclude) as x(glob)
                                                          where k.api_identifier like ai_model_sync.glob_like(x.glob)))
             when f.kinds is not null and not coalesce(k.kind, 'unclassified') = any (f.kinds) then
               pg_catalog.format('kinds: %s is not one of %s', coalesce(k.kind, 'unclassified'), pg_catalog.array_to_string(f.kinds, ', '))
           end as reason
      from kinds k
  )
  insert into pg_temp.ai_model_sync_filtered (api_identifier, reason)
  select d.api_identifier, d.reason from decided d where d.reason is not null;
  get diagnostics removed = row_count;

  delete from pg_temp.ai_model_sync_staged s using pg_temp.ai_model_sync_filtered x where x.api_identifier = s.api_identifier;
  return removed;
end
$$;


--
-- Name: FUNCTION filter_staged(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.filter_staged(provider text) IS 'Applies the provider''s model filters (ai_model_sync.model_filters: its row, and the * row) to the batch being applied: removes from pg_temp.ai_model_sync_staged every model that matches no include glob, matches an exclude glob, or whose kind is not one of kinds (unclassified stands for a null kind), and records each with its reason in pg_temp.ai_model_sync_filtered. Returns how many it removed. Called by apply_batch after validation.';


--
-- Name: genai_prices_match(jsonb, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.genai_prices_match(clause jsonb, model text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  return case
    when clause ? 'or' then exists (select from pg_catalog.jsonb_array_elements(clause->'or') as c
                                     where ai_model_sync.genai_prices_match(c.value, model))
    when clause ? 'and' then not exists (select from pg_catalog.jsonb_array_elements(clause->'and') as c
                                          where not ai_model_sync.genai_prices_match(c.value, model))
    when clause ? 'equals' then model = clause->>'equals'
    when clause ? 'starts_with' then pg_catalog.starts_with(model, clause->>'starts_with')
    when clause ? 'ends_with' then pg_catalog.right(model, pg_catalog.length(clause->>'ends_with')) = clause->>'ends_with'
    when clause ? 'contains' then pg_catalog.strpos(model, clause->>'contains') > 0
    when clause ? 'regex' then model operator(pg_catalog.~) (clause->>'regex')
    else false
  end;
end
$$;


--
-- Name: FUNCTION genai_prices_match(clause jsonb, model text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.genai_prices_match(clause jsonb, model text) IS 'Whether a genai-prices match clause (equals, starts_with, ends_with, contains, regex, combined with or / and) matches a model name, as genai-prices matches the model of a request.';


--
-- Name: genai_prices_prices(jsonb, date); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.genai_prices_prices(payload jsonb, at date DEFAULT CURRENT_DATE) RETURNS TABLE(provider text, api_identifier text, key text, value numeric, entry text, problem text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  with providers as (select * from ai_model_sync.genai_prices_providers()),
  keys (price_key, key, long_context_key) as (
    values ('input_mtok', 'input_token_cost_rate', 'long_context_input_token_cost_rate'),
           ('output_mtok', 'output_token_cost_rate', 'long_context_output_token_cost_rate'),
           ('cache_read_mtok', 'cache_read_input_token_cost_rate', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_write_mtok', 'cache_write_input_token_cost_rate', 'long_context_cache_write_input_token_cost_rate'),
           ('cache_write_1h_mtok', 'cache_write_1h_input_token_cost_rate', 'long_context_cache_write_1h_input_token_cost_rate'),
           ('input_audio_mtok', 'input_audio_token_cost_rate', null),
           ('output_audio_mtok', 'output_audio_token_cost_rate', null)
  ),
  models as (
    select p.provider, m.value as model, m.ordinality as ord, p.source_provider || '/' || (m.value->>'id') as entry
      from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end) as sp
      join providers p on p.source_provider = sp.value->>'id'
      cross join lateral pg_catalog.jsonb_array_elements(
        case when pg_catalog.jsonb_typeof(sp.value->'models') = 'array' then sp.value->'models' else '[]' end)
        with ordinality as m
  ),
  candidates as (
    -- the names to price: each model's own id and every id of the provider's synced rows
    select m.provider, m.model->>'id' as api_identifier from models m where m.model ? 'id'
    union
    select c.provider, c.api_identifier from ai_model_sync.price_candidates() as c where c.provider in (select p.provider from providers p)
  ),
  leaves as (
    -- a clause without "and" matches when any of its leaves does: compared set-based below
    select m.provider, m.ord, l.leaf
      from models m,
           lateral pg_catalog.jsonb_path_query(m.model->'match',
             'lax $.** ? (exists(@.equals) || exists(@.starts_with) || exists(@.ends_with) || exists(@.contains) || exists(@.regex))') as l(leaf)
     where not pg_catalog.jsonb_path_exists(m.model->'match', 'lax $.** ? (exists(@.and))')
  ),
  hits as (
    select c.provider, c.api_identifier, l.ord
      from leaves l join candidates c on c.provider = l.provider and c.api_identifier = l.leaf->>'equals'
    union all
    select c.provider, c.api_identifier, l.ord
      from leaves l join candidates c on c.provider = l.provider
     where not l.leaf ? 'equals'
       and case when l.leaf ? 'starts_with' then pg_catalog.starts_with(c.api_identifier, l.leaf->>'starts_with')
                when l.leaf ? 'ends_with' then pg_catalog.right(c.api_identifier, pg_catalog.length(l.leaf->>'ends_with')) = l.leaf->>'ends_with'
                when l.leaf ? 'contains' then pg_catalog.strpos(c.api_identifier, l.leaf->>'contains') > 0
                when l.leaf ? 'regex' then c.api_identifier operator(pg_catalog.~) (l.leaf->>'regex')
                else false end
    union all
    select c.provider, c.api_identifier, m.ord
      from models m join candidates c on c.provider = m.provider
     where pg_catalog.jsonb_path_exists(m.model->'match', 'lax $.** ? (exists(@.and))')
       and ai_model_sync.genai_prices_match(m.model->'match', c.api_identifier)
  ),
  matched as (
    -- genai-prices takes the first model of the provider whose clause matches
    select distinct on (h.provider, h.api_identifier) h.provider, h.api_identifier, m.model, m.entry
      from hits h join models m on m.provider = h.provider and m.ord = h.ord
     order by h.provider, h.api_identifier, h.ord
  ),
  in_force as (
    -- the price set in force at `at`: the latest start_date not after it, else the unconstrained one;
    -- sets limited to a time of day (off-peak) are not the list price
    select distinct on (mt.provider, mt.api_identifier) mt.provider, mt.api_identifier, mt.entry, ps.prices
      from matched mt
      cross join lateral (
        select x.value->'prices' as prices, (x.value->'constraint'->>'start_date')::date as start_date
          from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(mt.model->'prices') = 'array'
                                                    then mt.model->'prices'
                                                    else pg_catalog.jsonb_build_array(pg_catalog.jsonb_build_object('prices', mt.model->'prices')) end) as x
         where coalesce(x.value->'constraint', '{}') - 'start_date' = '{}'::jsonb
      ) as ps
     where ps.start_date is null or ps.start_date <= at
     order by mt.provider, mt.api_identifier, ps.start_date desc nulls last
  ),
  mapped as (
    select f.provider, f.api_identifier, k.key,
           case when pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object' then f.prices->k.price_key->'base'
                else f.prices->k.price_key end as value, f.entry, 1000000 as per
      from in_force f join keys k on f.prices ? k.price_key
    union all
    select f.provider, f.api_identifier, k.long_context_key, t.value->'price', f.entry, 1000000
      from in_force f
      join keys k on k.long_context_key is not null and pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object'
      cross join lateral (select x.value from pg_catalog.jsonb_array_elements(f.prices->k.price_key->'tiers') as x
                           order by (x.value->>'start')::numeric limit 1) as t
    union all
    (select distinct on (f.provider, f.api_identifier) f.provider, f.api_identifier, 'long_context_threshold_tokens', t.value->'start', f.entry, 1
      from in_force f
      join keys k on pg_catalog.jsonb_typeof(f.prices->k.price_key) = 'object'
      cross join lateral (select x.value from pg_catalog.jsonb_array_elements(f.prices->k.price_key->'tiers') as x
                           order by (x.value->>'start')::numeric limit 1) as t
     order by f.provider, f.api_identifier, (t.value->>'start')::numeric)
  )
  select m.provider, m.api_identifier, m.key,
         case when pr.problem is null then ai_model_sync.price(m.value, m.per) end, m.entry, pr.problem
    from mapped m, lateral (select ai_model_sync.price_entry_problem(m.key, m.value, m.per) as problem) as pr
   where m.value is not null and m.value <> 'null'::jsonb
$_$;


--
-- Name: FUNCTION genai_prices_prices(payload jsonb, at date); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.genai_prices_prices(payload jsonb, at date) IS 'Maps genai-prices'' data file to (provider, api_identifier, config key, value per token) by its own rules: the provider id (x-ai = xai), each model''s match clause tried on the model''s own id and on every id of the provider''s rows and pending lists (price_candidates) (the first matching model wins), the price set in force at `at` (the latest start_date not after it; off-peak time windows are not list prices); *_mtok per 1M tokens; a tiered price {base, tiers} gives the base and the first tier as the long-context tier. entry is provider/model id; problem says why a value is skipped.';


--
-- Name: genai_prices_providers(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.genai_prices_providers() RETURNS TABLE(source_provider text, provider text)
    LANGUAGE sql IMMUTABLE ROWS 10 PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  values ('openai', 'openai'), ('anthropic', 'anthropic'), ('google', 'google'), ('mistral', 'mistral'),
         ('groq', 'groq'), ('deepseek', 'deepseek'), ('x-ai', 'xai'), ('together', 'together'),
         ('fireworks', 'fireworks'), ('openrouter', 'openrouter')
$$;


--
-- Name: FUNCTION genai_prices_providers(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.genai_prices_providers() IS 'The providers of genai-prices'' data file that are ours, with its id and ours (x-ai = xai): used by ai_model_sync.genai_prices_prices and ai_model_sync.price_candidates_digest.';


--
-- Name: glob_like(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.glob_like(glob text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
           glob, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_')
$$;


--
-- Name: FUNCTION glob_like(glob text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.glob_like(glob text) IS 'A glob on a whole id (* any characters, ? one character, everything else literal) as a LIKE pattern: id LIKE ai_model_sync.glob_like(''tts-*''). Used by the model filters and the kind rules. No SET search_path so that the planner inlines it; every name in it is schema-qualified.';


--
-- Name: history_fields(text, text, text, text, boolean, boolean, text, text, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.history_fields(provider text, api_identifier text, name text, description text, is_active boolean, is_listed boolean, name_snapshot text, description_snapshot text, config jsonb, defaults_snapshot jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.jsonb_build_object(
           'provider', provider, 'api_identifier', api_identifier, 'name', name, 'description', description,
           'is_active', is_active, 'is_listed', is_listed,
           'name_snapshot', name_snapshot, 'description_snapshot', description_snapshot)
         || coalesce((select pg_catalog.jsonb_object_agg('config.' || c.key, c.value)
                        from pg_catalog.jsonb_each(config) as c), '{}'::jsonb)
         || coalesce((select pg_catalog.jsonb_object_agg('defaults_snapshot.' || d.key, d.value)
                        from pg_catalog.jsonb_each(defaults_snapshot) as d), '{}'::jsonb)
$$;


--
-- Name: FUNCTION history_fields(provider text, api_identifier text, name text, description text, is_active boolean, is_listed boolean, name_snapshot text, description_snapshot text, config jsonb, defaults_snapshot jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.history_fields(provider text, api_identifier text, name text, description text, is_active boolean, is_listed boolean, name_snapshot text, description_snapshot text, config jsonb, defaults_snapshot jsonb) IS 'A row of ai_providers flattened to the fields history tracks: columns by name, config and defaults_snapshot keys as config.<key> and defaults_snapshot.<key>. id, created_at and updated_at are not tracked.';


--
-- Name: input_fingerprint(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.input_fingerprint(provider text, payload jsonb) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.md5(payload::text)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', c.model, c.match, c.tier,
                               -- the price in force now: a dated switch makes the next sync merge again
                               ai_model_sync.catalog_config_at(c.config, c.prices, pg_catalog.now()), c.prices),
                             E'\n' order by c.model, c.tier), ''))
                      from public.ai_model_catalog c where c.provider = input_fingerprint.provider)
         || ':' || (select pg_catalog.md5(pg_catalog.string_agg(p.prosrc, E'\n' order by p.proname, p.oid))
                      from pg_catalog.pg_proc p where p.pronamespace = 'ai_model_sync'::regnamespace)
         -- issue 15: the kind rules and the model filters (a filter change is a configuration change)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', r.position, r.pattern, r.config), E'\n' order by r.position), ''))
                      from ai_model_sync.kind_rules r where r.provider = input_fingerprint.provider)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', m.provider, coalesce(m.include::text, '-'), coalesce(m.exclude::text, '-'), coalesce(m.kinds::text, '-')), E'\n' order by m.provider), ''))
                      from ai_model_sync.model_filters m where m.provider in (input_fingerprint.provider, '*'))
         -- issue 13: the price sources' values for the provider, the price policy and the quorum
         || ':' || ai_model_sync.prices_fingerprint(input_fingerprint.provider)
$$;


--
-- Name: FUNCTION input_fingerprint(provider text, payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.input_fingerprint(provider text, payload jsonb) IS 'A digest of everything a batch''s merge depends on besides the rows: the payload, the provider''s catalog entries (with the dated price in force now, so that the hourly no-op merges again once a scheduled price starts or ends), the code of the ai_model_sync functions, the provider''s kind rules, the model filters that apply to it, and the price sources'' values with the price policy and quorum.';


--
-- Name: keep_cap_within_max(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.keep_cap_within_max() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if tg_op = 'UPDATE'
     and new.config->'hard_cap_output_tokens' is not distinct from old.config->'hard_cap_output_tokens'
     and new.config->'provider_max_output_tokens' is distinct from old.config->'provider_max_output_tokens' then
    new.config := pg_catalog.jsonb_set(new.config, '{hard_cap_output_tokens}', new.config->'provider_max_output_tokens');
    return new;
  end if;
  raise exception using
    errcode = 'check_violation',
    message = pg_catalog.format('invalid config for model %s/%s: hard_cap_output_tokens %s exceeds provider_max_output_tokens %s',
                                new.provider, new.api_identifier,
                                new.config->'hard_cap_output_tokens', new.config->'provider_max_output_tokens'),
    detail = 'The provider does not return more output tokens than provider_max_output_tokens; a larger cap would let '
             'requests ask for what the provider refuses.',
    hint = 'Set hard_cap_output_tokens at or below provider_max_output_tokens, or set it to null to return to the default.';
end
$$;


--
-- Name: FUNCTION keep_cap_within_max(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.keep_cap_within_max() IS 'Trigger (its WHEN clause finds hard_cap_output_tokens > provider_max_output_tokens): an UPDATE that lowered provider_max_output_tokens under a cap it did not touch lowers the cap to the new maximum (SPEC 4.2); any other write with the cap above the maximum is rejected with the reason.';


--
-- Name: keep_stale_prices(jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.keep_stale_prices(defaults jsonb, snapshot jsonb, current_config jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  -- A price never vanishes silently: a cost key that the row's previous defaults had, that the new defaults lack
  -- (a catalog entry removed or narrowed) and that the row still holds at that previous default joins the new
  -- defaults with its last value, listed in stale_price_keys. The row keeps billing it, the report and
  -- ai_models_stale_prices flag it, until an admin edits or removes the key or a default prices it again.
  select case
    when snapshot is null or current_config is null then defaults
    else (
      select case when pg_catalog.count(*) = 0 then defaults - 'stale_price_keys'
                  else (defaults - 'stale_price_keys')
                       || pg_catalog.jsonb_object_agg(s.key, s.value)
                       || pg_catalog.jsonb_build_object('stale_price_keys',
                            pg_catalog.jsonb_agg(s.key order by s.key)) end
        from pg_catalog.jsonb_each(snapshot) as s
       -- a price of 0 is not kept: without its default it is an unknown, never stored as $0 (e.g. the 0 that
       -- Together lists for models it does not bill per token, stored as a price before issue 12)
       where s.key like '%\_cost\_rate' and pg_catalog.jsonb_typeof(s.value) = 'number' and s.value <> '0'::jsonb
         and not (defaults ? s.key and defaults->s.key <> 'null'::jsonb)
         and current_config->s.key = s.value
    )
  end
$_$;


--
-- Name: FUNCTION keep_stale_prices(defaults jsonb, snapshot jsonb, current_config jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.keep_stale_prices(defaults jsonb, snapshot jsonb, current_config jsonb) IS 'The step of the sync between defaults and the merge that keeps a price from vanishing silently: each *_cost_rate key the row''s previous defaults (snapshot) had (a price above 0), the new defaults lack, and the row''s config still holds at that value is added to the new defaults with its last value and named in stale_price_keys (sorted). Stale keys are reported (stale_prices) and listed by public.ai_models_stale_prices until an admin edits or removes the key or a new default prices it. Rows created by hand (no snapshot) are left alone.';


--
-- Name: kind_rule_problems(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.kind_rule_problems(rule jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case when pg_catalog.jsonb_typeof(rule) is distinct from 'object' then
    array[pg_catalog.format('a rule must be a JSON object, got %s', coalesce(pg_catalog.jsonb_typeof(rule), 'nothing'))]
  else array(
    select p from (
      select pg_catalog.format('unknown field "%s" (allowed: pattern, config, source_url, notes)', k) as p, 1 as o, k
        from pg_catalog.jsonb_object_keys(rule) as k
       where k not in ('provider', 'pattern', 'config', 'source_url', 'notes', 'file')
      union all
      select 'missing field "pattern" (a non-empty glob on the id: * and ?)', 2, ''
       where pg_catalog.jsonb_typeof(rule->'pattern') is distinct from 'string' or pg_catalog.btrim(rule->>'pattern') = ''
      union all
      select 'missing field "config" (an object of kind, input_modalities, output_modalities, supports_* keys)', 3, ''
       where pg_catalog.jsonb_typeof(rule->'config') is distinct from 'object'
      union all
      select case
               when c.key not in ('kind', 'input_modalities', 'output_modalities') and c.key not like 'supports\_%' then
                 pg_catalog.format('config key "%s" is not a capability (kind, input_modalities, output_modalities, supports_*)', c.key)
               when c.key = 'kind' and (pg_catalog.jsonb_typeof(c.value) <> 'string' or c.value #>> '{}' not in
                    ('chat', 'completion', 'embedding', 'image', 'moderation', 'realtime', 'rerank', 'speech', 'transcription', 'video')) then
                 pg_catalog.format('kind %s is not one of chat, completion, embedding, image, moderation, realtime, rerank, speech, transcription, video', c.value)
               when c.key like '%\_modalities' and (pg_catalog.jsonb_typeof(c.value) <> 'array' or exists (
                      select from pg_catalog.jsonb_array_elements(c.value) as m
                       where m.value not in ('"audio"', '"file"', '"image"', '"text"', '"video"'))) then
                 pg_catalog.format('%s must be an array of audio, file, image, text, video, got %s', c.key, c.value)
               when c.key like 'supports\_%' and pg_catalog.jsonb_typeof(c.value) <> 'boolean' then
                 pg_catalog.format('%s must be true or false, got %s', c.key, c.value)
             end, 4, c.key
        from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(rule->'config') = 'object' then rule->'config' else '{}' end) as c
    ) as problems
    where p is not null
    order by o, k)
  end
$$;


--
-- Name: FUNCTION kind_rule_problems(rule jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.kind_rule_problems(rule jsonb) IS 'Every problem of one kind rule ({pattern, config, source_url, notes}): unknown field, missing pattern or config, a config key that is not a capability, a kind outside the documented set, modalities outside audio, file, image, text, video, a supports_* flag that is not a boolean. Empty when the rule is fine.';


--
-- Name: litellm_prices(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.litellm_prices(payload jsonb) RETURNS TABLE(provider text, api_identifier text, key text, value numeric, entry text, problem text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  with providers (litellm_provider, provider) as (
    values ('openai', 'openai'), ('text-completion-openai', 'openai'), ('anthropic', 'anthropic'),
           ('gemini', 'google'), ('mistral', 'mistral'), ('codestral', 'mistral'), ('groq', 'groq'),
           ('deepseek', 'deepseek'), ('xai', 'xai'), ('together_ai', 'together'), ('fireworks_ai', 'fireworks'),
           ('openrouter', 'openrouter'), ('ollama', 'ollama')
  ),
  plain (litellm_key, key) as (
    values ('input_cost_per_token', 'input_token_cost_rate'), ('output_cost_per_token', 'output_token_cost_rate'),
           ('cache_read_input_token_cost', 'cache_read_input_token_cost_rate'),
           ('cache_creation_input_token_cost', 'cache_write_input_token_cost_rate'),
           ('cache_creation_input_token_cost_above_1hr', 'cache_write_1h_input_token_cost_rate'),
           ('input_cost_per_audio_token', 'input_audio_token_cost_rate'),
           ('output_cost_per_audio_token', 'output_audio_token_cost_rate')
  ),
  tiered (litellm_key, key) as (
    values ('input_cost_per_token', 'long_context_input_token_cost_rate'),
           ('output_cost_per_token', 'long_context_output_token_cost_rate'),
           ('cache_read_input_token_cost', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_creation_input_token_cost', 'long_context_cache_write_input_token_cost_rate')
  ),
  entries as (
    select e.key as entry, e.value as spec, p.provider,
           case when e.key like p.litellm_provider || '/%' then pg_catalog.substr(e.key, pg_catalog.length(p.litellm_provider) + 2)
                when e.key like p.provider || '/%' then pg_catalog.substr(e.key, pg_catalog.length(p.provider) + 2)
                else e.key end as api_identifier
      from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as e
      join providers p on p.litellm_provider = e.value->>'litellm_provider'
     where e.key <> 'sample_spec' and pg_catalog.jsonb_typeof(e.value) = 'object'
       and coalesce(e.value->>'mode', 'chat') in ('chat', 'responses', 'completion', 'embedding')
  ),
  fields as (
    select en.entry, en.provider, en.api_identifier, f.key as litellm_key, f.value,
           pg_catalog.regexp_match(f.key, '^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$') as tier
      from entries en, pg_catalog.jsonb_each(en.spec) as f
     where f.value <> 'null'::jsonb
  ),
  lowest as (
    -- several thresholds cannot be one long-context tier: the lowest one counts (as the importer does)
    select f.entry, pg_catalog.min(f.tier[2]::bigint * 1000) as threshold
      from fields f where f.tier is not null group by f.entry
  ),
  mapped as (
    select f.provider, f.api_identifier, p.key, f.value, f.entry
      from fields f join plain p on p.litellm_key = f.litellm_key
    union all
    select f.provider, f.api_identifier, t.key, f.value, f.entry
      from fields f
      join lowest l on l.entry = f.entry and f.tier[2]::bigint * 1000 = l.threshold
      join tiered t on t.litellm_key = f.tier[1]
    union all
    select en.provider, en.api_identifier, 'long_context_threshold_tokens', pg_catalog.to_jsonb(l.threshold), en.entry
      from entries en join lowest l on l.entry = en.entry
  )
  select m.provider, m.api_identifier, m.key,
         -- per token already; price() gives the shortest exact decimal, as for the other tables
         case when pr.problem is null then ai_model_sync.price(m.value, 1) end, m.entry, pr.problem
    from mapped m, lateral (select ai_model_sync.price_entry_problem(m.key, m.value, 1) as problem) as pr
$_$;


--
-- Name: FUNCTION litellm_prices(payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.litellm_prices(payload jsonb) IS 'Maps a LiteLLM cost map to (provider, api_identifier, config key, value per token) by LiteLLM''s own rules: litellm_provider names the provider (gemini = Google''s Developer API; vertex_ai, azure, bedrock are not ours), the key without its provider prefix is the id, text modes only; *_above_Nk_tokens keys become the long-context tier (the lowest N). entry is the file''s own key; problem says why a value is skipped (sanity bounds).';


--
-- Name: load_catalog(ai_model_sync.catalog_tier, jsonb, text, text[]); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[] DEFAULT NULL::text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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


--
-- Name: FUNCTION load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[]); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.load_catalog(p_tier ai_model_sync.catalog_tier, p_entries jsonb, p_label text, p_providers text[]) IS 'Loads catalog entries (JSON array of {provider, model, match, config, prices, source_url, checked_on, notes, file}) into public.ai_model_catalog as tier p_tier (builtin or imported; admin is refused). Validates every entry first and raises (SQLSTATE 22000, detail listing file, entry and reason) without changing anything when one is bad. Otherwise inserts new entries, updates changed ones (no write for unchanged), and deletes rows of that tier for p_providers (default: the providers present in the load) that the load no longer has. Admin rows are never touched. Returns {label, tier, providers, entries, inserted, updated, deleted, unchanged, changes[]}.';


--
-- Name: load_kind_rules(jsonb, text[]); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.load_kind_rules(rules jsonb, providers text[]) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  bad record;
  changed boolean;
begin
  if pg_catalog.jsonb_typeof(rules) is distinct from 'array' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('kind rules must be a JSON array, got %s', coalesce(pg_catalog.jsonb_typeof(rules), 'NULL')),
      hint = 'Pass the rules of db/catalog/kinds/*.json: [{provider, pattern, config, ...}, ...].';
  end if;
  select r.ordinality, r.value->>'file' as file, r.value->>'provider' as provider, r.value->>'pattern' as pattern, p.problem
    into bad
    from pg_catalog.jsonb_array_elements(rules) with ordinality as r,
         pg_catalog.unnest(ai_model_sync.kind_rule_problems(r.value) ||
                           case when pg_catalog.jsonb_typeof(r.value->'provider') is distinct from 'string'
                                then array['missing field "provider"'] else '{}'::text[] end) as p(problem)
   order by r.ordinality
   limit 1;
  if found then
    raise exception using errcode = 'data_exception',
      message = pg_catalog.format('kind rules rejected: %s rule %s (%s): %s', coalesce(bad.file, 'rule'), bad.ordinality,
                                  coalesce(bad.pattern, '?'), bad.problem),
      detail = pg_catalog.format('provider %s, rule #%s of the load', coalesce(bad.provider, '?'), bad.ordinality),
      hint = 'Fix the rule (docs/capabilities.md lists the kinds and keys) and load again; nothing was changed.';
  end if;
  select r.value->>'provider' as provider, r.value->>'pattern' as pattern into bad
    from pg_catalog.jsonb_array_elements(rules) as r
   group by 1, 2 having pg_catalog.count(*) > 1
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = pg_catalog.format('kind rules rejected: %s pattern %s appears twice', bad.provider, bad.pattern),
      hint = 'Only the first of two equal patterns could ever match: remove the other.';
  end if;

  create temporary table if not exists ai_model_sync_kind_rules_load (
    provider text, position integer, pattern text, config jsonb, source_url text, notes text) on commit drop;
  truncate pg_temp.ai_model_sync_kind_rules_load;
  insert into pg_temp.ai_model_sync_kind_rules_load (provider, position, pattern, config, source_url, notes)
  select r.value->>'provider',
         (pg_catalog.row_number() over (partition by r.value->>'provider' order by r.ordinality))::integer,
         r.value->>'pattern', r.value->'config', r.value->>'source_url', r.value->>'notes'
    from pg_catalog.jsonb_array_elements(rules) with ordinality as r;

  -- Replace a provider's rules only when they changed: a reload of the same files writes nothing.
  select exists (
    (select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
       from pg_temp.ai_model_sync_kind_rules_load n
     except
     select k.provider, k.position, k.pattern, k.config, k.source_url, k.notes
       from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers))
    union all
    (select k.provider, k.position, k.pattern, k.config, k.source_url, k.notes
       from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers)
     except
     select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
       from pg_temp.ai_model_sync_kind_rules_load n)) into changed;
  if changed then
    delete from ai_model_sync.kind_rules k where k.provider = any (load_kind_rules.providers);
    insert into ai_model_sync.kind_rules (provider, position, pattern, config, source_url, notes)
    select n.provider, n.position, n.pattern, n.config, n.source_url, n.notes
      from pg_temp.ai_model_sync_kind_rules_load n
     where n.provider = any (load_kind_rules.providers);
  end if;
  return pg_catalog.jsonb_build_object('rules', pg_catalog.jsonb_array_length(rules), 'providers', pg_catalog.to_jsonb(providers),
                                       'changed', changed);
end
$$;


--
-- Name: FUNCTION load_kind_rules(rules jsonb, providers text[]); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.load_kind_rules(rules jsonb, providers text[]) IS 'Loads the built-in kind rules (db/catalog/kinds/*.json: [{provider, pattern, config, source_url, notes}], in file order) into ai_model_sync.kind_rules, replacing the rules of the given providers when they changed (a reload of the same rules writes nothing). Validates every rule first (ai_model_sync.kind_rule_problems) and raises, changing nothing, on the first bad one. Returns {rules, providers, changed}.';


--
-- Name: merge_config(jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.merge_config(current_config jsonb, snapshot jsonb, defaults jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
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
           -- the admin set this value: not a provider fact, not missing, not the snapshot's
           not (key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null)
             and c is not null and c <> 'null'::jsonb and c is distinct from s as manual,
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
    select m.key, m.c, m.s, m.d, m.manual,
           case when m.key = 'hard_cap_output_tokens' then (select cap from capped) else m.value end as value
    from merged m
  )
  select pg_catalog.jsonb_build_object(
    'config', coalesce(pg_catalog.jsonb_object_agg(key, value) filter (where value is not null and value <> 'null'::jsonb),
                       '{}'::jsonb),
    'overrides', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'default', d) order by key)
                            filter (where manual and value is distinct from d), '[]'::jsonb),
    'conflicts', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'old_default', s, 'new_default', d) order by key)
                            filter (where manual and value is distinct from d and d is distinct from s), '[]'::jsonb),
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
-- Name: model_defaults(text, text, bigint, bigint, jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb, admin jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select pg_catalog.jsonb_strip_nulls(
    pg_catalog.jsonb_build_object('tokenization_strategy',
      case ai_model_sync.payload_format(provider)
        when 'anthropic' then pg_catalog.jsonb_build_object('type', 'anthropic_tokenizer', 'model', api_identifier)
        when 'google' then '{"type": "google_gemini_tokenizer"}'::jsonb
        else '{"type": "rough_char_count", "chars_per_token_ratio": 4}'::jsonb
      end)
    || coalesce(catalog, '{}'::jsonb)
    || coalesce(reported, '{}'::jsonb)
    || coalesce(admin, '{}'::jsonb)
    || pg_catalog.jsonb_build_object(
         'provider_max_input_tokens', max_input_tokens,
         'provider_max_output_tokens', max_output_tokens,
         'context_window_tokens',
           coalesce(admin->'context_window_tokens', catalog->'context_window_tokens', pg_catalog.to_jsonb(max_input_tokens)),
         'hard_cap_output_tokens', pg_catalog.to_jsonb(least(
           coalesce((admin->>'hard_cap_output_tokens')::bigint, (catalog->>'hard_cap_output_tokens')::bigint),
           max_output_tokens)))
  )
$$;


--
-- Name: FUNCTION model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb, admin jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.model_defaults(provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, catalog jsonb, admin jsonb) IS 'The default config of a listed model, each layer overriding the one before: a tokenization strategy by wire format; the built-in and imported catalog; the prices the provider''s own list reports (OpenRouter, Together: live, so they beat a static catalog); the admin catalog tier; then the provider-reported limits (provider_max_*), the context window (the catalog''s, else the provider''s input limit) and the output cap (the catalog''s, never above the provider''s maximum output).';


--
-- Name: models_dev_prices(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.models_dev_prices(payload jsonb) RETURNS TABLE(provider text, api_identifier text, key text, value numeric, entry text, problem text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with providers (source_provider, provider) as (
    values ('openai', 'openai'), ('anthropic', 'anthropic'), ('google', 'google'), ('mistral', 'mistral'),
           ('groq', 'groq'), ('deepseek', 'deepseek'), ('xai', 'xai'), ('togetherai', 'together'),
           ('fireworks-ai', 'fireworks'), ('openrouter', 'openrouter')
  ),
  keys (cost_key, key, long_context_key) as (
    values ('input', 'input_token_cost_rate', 'long_context_input_token_cost_rate'),
           ('output', 'output_token_cost_rate', 'long_context_output_token_cost_rate'),
           ('cache_read', 'cache_read_input_token_cost_rate', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_write', 'cache_write_input_token_cost_rate', 'long_context_cache_write_input_token_cost_rate'),
           ('input_audio', 'input_audio_token_cost_rate', null),
           ('output_audio', 'output_audio_token_cost_rate', null)
  ),
  models as (
    select p.provider, m.key as api_identifier, m.value->'cost' as cost, p.source_provider || '/' || m.key as entry
      from providers p
      cross join lateral pg_catalog.jsonb_each(
        case when pg_catalog.jsonb_typeof(payload->p.source_provider->'models') = 'object'
             then payload->p.source_provider->'models' else '{}' end) as m
     where pg_catalog.jsonb_typeof(m.value->'cost') = 'object'
  ),
  mapped as (
    select m.provider, m.api_identifier, k.key, m.cost->k.cost_key as value, m.entry
      from models m join keys k on m.cost ? k.cost_key
    union all
    select m.provider, m.api_identifier, k.long_context_key, m.cost->'context_over_200k'->k.cost_key, m.entry
      from models m join keys k on k.long_context_key is not null and m.cost->'context_over_200k' ? k.cost_key
    union all
    select m.provider, m.api_identifier, 'long_context_threshold_tokens', '200000'::jsonb, m.entry
      from models m where pg_catalog.jsonb_typeof(m.cost->'context_over_200k') = 'object'
  )
  select m.provider, m.api_identifier, m.key,
         case when pr.problem is null then ai_model_sync.price(m.value, u.per) end, m.entry, pr.problem
    from mapped m,
         -- per 1M tokens, but the threshold, which counts tokens
         lateral (select case when m.key = 'long_context_threshold_tokens' then 1 else 1000000 end as per) as u,
         lateral (select ai_model_sync.price_entry_problem(m.key, m.value, u.per) as problem) as pr
   where m.value <> 'null'::jsonb
$$;


--
-- Name: FUNCTION models_dev_prices(payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.models_dev_prices(payload jsonb) IS 'Maps models.dev''s api.json to (provider, api_identifier, config key, value per token) by its own rules: the provider id (togetherai = together, fireworks-ai = fireworks) and the model id exactly; cost.* per 1M tokens (input, output, cache_read, cache_write, audio); context_over_200k is the long-context tier at 200,000 tokens. entry is provider/model as in the file; problem says why a value is skipped (sanity bounds).';


--
-- Name: normalise_batch(public.ai_model_fetches); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.normalise_batch(batch public.ai_model_fetches) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  bad record;
  listed bigint;
  has_kind_rules boolean; -- issue 15
begin
  -- Parse the payload once into a temporary table that validation and the plan read.
  if to_regclass('pg_temp.ai_model_sync_staged') is not null then
    drop table pg_temp.ai_model_sync_staged;
  end if;
  -- issue 15: kind_rule is the config of the first kind rule whose pattern matches the id (ai_model_sync.kind_rules)
  has_kind_rules := exists (select from ai_model_sync.kind_rules r where r.provider = batch.provider);
  create temporary table ai_model_sync_staged on commit drop as
    select s.*, ai_model_sync.version_base(s.api_identifier) as family,
           case when has_kind_rules then
             (select r.config from ai_model_sync.kind_rules r
               where r.provider = batch.provider and s.api_identifier like r.like_pattern
               order by r.position limit 1) end as kind_rule
      from ai_model_sync.staged_models(batch.provider, batch.payload) as s;
  analyze pg_temp.ai_model_sync_staged;

  -- Every entry is valid before anything is touched: the first malformed entry or duplicate id fails the batch.
  select s.ord, s.api_identifier, s.problem into bad
    from pg_temp.ai_model_sync_staged as s
   where s.problem is not null
   order by s.ord
   limit 1;
  if found then
    raise exception using errcode = 'invalid_parameter_value',
      message = format('%s batch %s: model %s of %s %s', batch.provider, batch.id, bad.ord,
                       jsonb_array_length(batch.payload),
                       coalesce('(' || left(bad.api_identifier, 80) || ') ', '') || bad.problem),
      detail = format('entry %s: %s', bad.ord, left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  select s.api_identifier, array_agg(s.ord order by s.ord) as ords
    into bad
    from pg_temp.ai_model_sync_staged as s
   group by s.api_identifier
  having count(*) > 1
   order by min(s.ord)
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = format('%s batch %s: duplicate model id %s (entries %s)', batch.provider, batch.id,
                       bad.api_identifier, array_to_string(bad.ords, ', ')),
      detail = 'A complete list names each model once; a repeated id means pages overlapped or the list is corrupt.',
      hint = 'Fetch the list again; nothing of this provider was changed.';
  end if;
  select count(*) into listed from pg_temp.ai_model_sync_staged;
  return listed;
end
$$;


--
-- Name: FUNCTION normalise_batch(batch public.ai_model_fetches); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.normalise_batch(batch public.ai_model_fetches) IS 'Step 3 of apply_batch: normalises the payload (ai_model_sync.staged_models) into the temporary table pg_temp.ai_model_sync_staged, one row per listed model with its family key and its kind rule (kind_rule, the first ai_model_sync.kind_rules pattern that matches), and raises on the first malformed entry or repeated id. Returns the number of models listed.';


--
-- Name: open_batch(bigint); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.open_batch(batch_id bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  context text;
  stack text[];
begin
  -- Only the sync's own code may open a batch: the caller must be a PL/pgSQL function of ai_model_sync (where
  -- nobody but the owner creates functions) that runs PERFORM ai_model_sync.open_batch(<variable>). The context
  -- lines are structured; a statement's own text cannot end a line in "at PERFORM" (its line ends with the quote
  -- the context adds), so a DO block, a client query or a pg_temp function cannot pass for the sync.
  get diagnostics context = pg_context;
  stack := pg_catalog.string_to_array(context, E'\n');
  if not (coalesce(stack[2], '') ~ '^SQL statement "SELECT ai_model_sync\.open_batch\([a-z_]+\)"$'
          and coalesce(stack[3], '') ~ '^PL/pgSQL function ai_model_sync\.[a-z_]+\([a-z0-9_, ]*\) line [0-9]+ at PERFORM$') then
    raise exception using errcode = 'insufficient_privilege',
      message = 'only the sync opens a batch',
      detail = 'ai_model_sync.open_batch is called by ai_model_sync.apply_batch; a change made otherwise is recorded without a batch.',
      hint = 'Apply staged lists with select ai_models_apply_pending() or call sync_ai_models().';
  end if;
  -- Only a staged list still pending can be opened: the sync applies nothing else (ai_model_sync.apply_provider).
  if not exists (select from public.ai_model_fetches f where f.id = open_batch.batch_id and f.status = 'pending') then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('batch %s is not a pending staged list', coalesce(open_batch.batch_id::text, 'NULL')),
      detail = 'Only the sync opens a batch, for the pending list it is applying.',
      hint = 'Apply staged lists with select ai_models_apply_pending() or call sync_ai_models().';
  end if;
  insert into ai_model_sync.applying_batches as a (xact, batch_id)
  values (pg_catalog.pg_current_xact_id(), open_batch.batch_id)
  on conflict (xact) do update set batch_id = excluded.batch_id, opened_at = pg_catalog.now();
  -- for logs only: the history triggers do not trust this setting
  perform pg_catalog.set_config('ai_model_sync.batch_id', open_batch.batch_id::text, true);
end
$_$;


--
-- Name: FUNCTION open_batch(batch_id bigint); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.open_batch(batch_id bigint) IS 'The sync (ai_model_sync.apply_batch) marks the pending batch it applies in this transaction: the history triggers record the batch from ai_model_sync.applying_batches, which only this SECURITY DEFINER function and close_batch write. Refuses any caller but a PL/pgSQL function of ai_model_sync (the sync), and any batch that is not pending.';


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
-- Name: payload_problem(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.payload_problem(payload jsonb) RETURNS TABLE(ord integer, api_identifier text, problem text)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select null::integer, null::text, pg_catalog.format('the payload must be a JSON array of models, got %s', pg_catalog.jsonb_typeof(payload))
   where pg_catalog.jsonb_typeof(payload) is distinct from 'array'
  union all
  (select e.ord::integer, null::text, pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
     from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end)
          with ordinality as e(obj, ord)
    where pg_catalog.jsonb_typeof(e.obj) <> 'object'
    order by e.ord
    limit 1)
$$;


--
-- Name: FUNCTION payload_problem(payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.payload_problem(payload jsonb) IS 'The first structural problem of a staged payload: not an array (ord NULL), or the first entry that is not an object. No row when the payload is an array of objects.';


--
-- Name: pg_cron_problem(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.pg_cron_problem() RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  cron_database text;
begin
  if exists (select from pg_extension e where e.extname = 'pg_cron') then
    return null;
  elsif not exists (select from pg_available_extensions a where a.name = 'pg_cron') then
    return 'the pg_cron package is not installed on the database server';
  end if;
  begin
    -- pg_cron defines cron.database_name when it is loaded; only shared_preload_libraries loads it
    cron_database := current_setting('cron.database_name', true);
  exception when insufficient_privilege then
    -- only superusers and pg_read_all_settings may read it
    return 'pg_cron is installed but the extension is not created here';
  end;
  return case
    when cron_database is null then
      'pg_cron is installed but not loaded: it is not in shared_preload_libraries (or the server was not restarted)'
    when cron_database <> current_database() then
      format('pg_cron is loaded for database %s (cron.database_name), not for this database (%s)',
             cron_database, current_database())
    else 'pg_cron is loaded for this database but the extension is not created here'
  end;
end
$$;


--
-- Name: FUNCTION pg_cron_problem(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.pg_cron_problem() IS 'NULL when the pg_cron extension exists in this database, else the first missing step: package, shared_preload_libraries, cron.database_name, CREATE EXTENSION (the last one also when this role may not read cron.database_name).';


--
-- Name: pg_input_is_valid_date(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.pg_input_is_valid_date(p_text text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
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
-- Name: plan_batch(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.plan_batch(provider text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if to_regclass('pg_temp.ai_model_sync_plan') is not null then
    drop table pg_temp.ai_model_sync_plan;
  end if;
  -- One row per listed model: its defaults (SPEC 4.1), the merged values (SPEC 4.2) and what to do with its row.
  -- The LATERAL ... OFFSET 0 subqueries compute each model's defaults and merge once: inlined, every reference
  -- below would evaluate them again.
  create temporary table ai_model_sync_plan on commit drop as
  select p.ord, p.api_identifier, p.name, p.description, p.defaults, p.m, p.row_id, p.was_active,
         p.manual_row, p.new_name, p.new_description, p.new_active,
         p.cur_name, p.name_snapshot, p.cur_description, p.description_snapshot,
         -- issue 13, the price sources: the row's previous defaults, the model's consensus (with the sources that
         -- agreed on each key), the consensus keys the price policy let into the defaults, the catalog layer, and
         -- where each price of the defaults came from (written by write_price_origins, reported by batch_report)
         p.cur_snapshot, p.consensus, p.consensus_sources, p.consensus_applied, p.catalog_config,
         p.price_origins,
         case
           when p.row_id is null then 'insert'
           -- rows created by hand (defaults_snapshot NULL) are never written by the sync
           when p.manual_row then 'manual'
           -- SPEC 4.3: a row whose content does not change is not written at all
           when (p.cur_config, p.cur_snapshot, p.cur_name, p.name_snapshot, p.cur_description, p.description_snapshot,
                 p.was_active, p.was_listed)
                is not distinct from
                (p.new_config, p.defaults, p.new_name, p.name, p.new_description, p.description, p.new_active, true)
             then 'unchanged'
           when p.new_active and not p.was_active then 'reactivate'
           else 'update'
         end as action
    from (
      select s.ord, s.api_identifier, coalesce(s.name, s.api_identifier) as name, s.description, d.defaults, mc.m,
             coalesce(mc.m->'config', d.defaults) as new_config,
             t.id as row_id, t.is_active as was_active, t.is_listed as was_listed,
             t.id is not null and t.defaults_snapshot is null as manual_row,
             t.config as cur_config, t.defaults_snapshot as cur_snapshot,
             -- name and description follow the config rule: an untouched (or cleared) value takes the new default
             case when t.name is null or t.name is not distinct from t.name_snapshot
                  then coalesce(s.name, s.api_identifier) else t.name end as new_name,
             case when t.description is null or t.description is not distinct from t.description_snapshot
                  then s.description else t.description end as new_description,
             -- SPEC 4.3: a listed model is active again, unless an admin disabled it while it was listed
             case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
             t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot,
             k.config as consensus, k.sources as consensus_sources, l.applied as consensus_applied,
             c.config as catalog_config, po.origins as price_origins
        from pg_temp.ai_model_sync_staged s
        left join ai_model_sync.catalog_config(plan_batch.provider) c on c.ord = s.ord
        left join public.ai_providers t on t.provider = plan_batch.provider and t.api_identifier = s.api_identifier
        -- issue 13: the consensus of the public price tables, one more layer of the defaults, let in by the policy
        left join ai_model_sync.consensus_config(plan_batch.provider) k on k.api_identifier = s.api_identifier
        cross join (select ai_model_sync.price_policy() as policy offset 0) as pp
        -- (most models have no consensus: then nothing to layer, and nothing computed)
        cross join lateral (
          select case when k.config is not null
                      then ai_model_sync.consensus_layer(k.config, c.config, s.reported, c.admin_config, pp.policy) end as applied
          offset 0) as l
        -- the catalog layer, computed once and passed to model_defaults as a plain column: an argument with a
        -- function call in it would keep model_defaults from being inlined (and cost a third of the plan, make bench)
        cross join lateral (
          select case when l.applied is null
                      then coalesce(s.kind_rule, '{}'::jsonb) || coalesce(c.config, '{}'::jsonb)
                      else ai_model_sync.with_consensus(coalesce(s.kind_rule, '{}'::jsonb) || coalesce(c.config, '{}'::jsonb),
                                                        l.applied) end as layer
          offset 0) as cl
        cross join lateral (
          -- SPEC 5: a price never vanishes silently: a cost key the new defaults lack keeps the row's last price, stale
          select ai_model_sync.keep_stale_prices(
                   ai_model_sync.model_defaults(plan_batch.provider, s.api_identifier, s.max_input_tokens,
                                                s.max_output_tokens, s.reported,
                                                -- the kind rule is the lowest catalog layer, the
                                                -- consensus keys the policy lets in its highest (issue 13)
                                                cl.layer,
                                                c.admin_config),
                   t.defaults_snapshot, t.config) as defaults
          offset 0) as d
        -- SPEC 4.2, key by key, only for rows with manual edits; an untouched row simply takes the defaults
        cross join lateral (
          select case when t.config is distinct from t.defaults_snapshot and t.defaults_snapshot is not null
                      then ai_model_sync.merge_config(t.config, t.defaults_snapshot, d.defaults) end as m
          offset 0) as mc
        -- issue 13: where each price of the defaults came from (inlined here, in FROM)
        cross join lateral ai_model_sync.price_origins(d.defaults, c.builtin_config, c.imported_config, s.reported,
                                                       c.admin_config, l.applied, k.sources) as po(origins)
    ) as p
   -- in list order (the consensus join may reorder): write_plan inserts, and history records, in that order
   order by p.ord;
end
$$;


--
-- Name: FUNCTION plan_batch(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.plan_batch(provider text) IS 'Step 4 of apply_batch: one statement that plans every listed model of pg_temp.ai_model_sync_staged into pg_temp.ai_model_sync_plan: its defaults (catalog + what the list reports, SPEC 4.1; stale prices kept, SPEC 5), the three-way merge of rows with manual edits (SPEC 4.2), the new config, name, description and is_active, and its action: insert, update, reactivate, unchanged, or manual (a hand-made row, never written). Issue 13: the consensus of the price tables is a layer of the defaults as the price policy lets it in (consensus_layer, with_consensus); the plan keeps the consensus, its sources, the keys applied, the catalog layer and each price''s origin (price_origins). The new config is coalesce(m->''config'', defaults). Run after the provider''s rows are locked.';


--
-- Name: plan_deactivations(text, bigint, boolean); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.plan_deactivations(provider text, listed bigint, force boolean) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  guard jsonb;
begin
  if to_regclass('pg_temp.ai_model_sync_gone') is not null then
    drop table pg_temp.ai_model_sync_gone;
  end if;
  -- Synced rows (defaults_snapshot set) that the previous list had and this one lacks; rows created by hand are
  -- never deactivated. An inactive one is only marked unlisted; an active one an admin kept active while it was
  -- unlisted before is left active.
  create temporary table ai_model_sync_gone on commit drop as
    select t.id, t.api_identifier, t.is_active and t.is_active is not distinct from t.is_listed as deactivates,
           x.reason as filtered -- issue 15: why the model filters removed it; NULL when the list lacks it
      from public.ai_providers t
      left join pg_temp.ai_model_sync_filtered x on x.api_identifier = t.api_identifier
     where t.provider = plan_deactivations.provider and t.defaults_snapshot is not null and t.is_listed
       and not exists (select from pg_temp.ai_model_sync_staged s where s.api_identifier = t.api_identifier);

  -- SPEC 4.3 guard: an empty list, or one that would deactivate more than half of the active synced models,
  -- deactivates nothing (unless forced). Issue 15: what the model filters removed counts neither as missing nor as
  -- active (a configuration change, not a broken list), and is deactivated even when the guard holds.
  select jsonb_build_object('listed', g.listed, 'kept', g.kept, 'deactivating', g.deactivating, 'active', g.active,
                            'holds', not force and g.deactivating > 0 and (g.listed = 0 or g.deactivating * 2 > g.active))
    into guard
    from (select plan_deactivations.listed as listed,
                 (select count(*) from pg_temp.ai_model_sync_staged) as kept,
                 (select count(*) from pg_temp.ai_model_sync_gone where deactivates and filtered is null) as deactivating,
                 (select count(*) from public.ai_providers t
                   where t.provider = plan_deactivations.provider and t.defaults_snapshot is not null and t.is_active)
                 - (select count(*) from pg_temp.ai_model_sync_gone where deactivates and filtered is not null) as active
         ) as g;
  return guard;
end
$$;


--
-- Name: FUNCTION plan_deactivations(provider text, listed bigint, force boolean); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.plan_deactivations(provider text, listed bigint, force boolean) IS 'Step 5 of apply_batch (SPEC 4.3): collects the provider''s synced rows that the list no longer has into pg_temp.ai_model_sync_gone and judges the guard (empty list, or more than half of the active synced models gone, unless force; the models the filters removed do not count and are always deactivated). Returns {listed (as received), kept (after the filters), deactivating, active, holds}.';


--
-- Name: price(jsonb, numeric); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price(value jsonb, per_tokens numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  -- trim_scale: the shortest decimal that is the exact value (0.000003, not 0.000003000000000000000000)
  select case when (value #>> '{}')::numeric >= 0 then pg_catalog.trim_scale((value #>> '{}')::numeric / per_tokens) end
$$;


--
-- Name: FUNCTION price(value jsonb, per_tokens numeric); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price(value jsonb, per_tokens numeric) IS 'A provider-reported price converted to USD per single token, as the shortest decimal that is the exact value (trim_scale); NULL for negative prices (OpenRouter uses -1 for routers whose price varies). Call only on values that price_problem() accepted. No SET search_path so that it inlines into staged_models; names are qualified.';


--
-- Name: price_candidates(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_candidates() RETURNS TABLE(provider text, api_identifier text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  select t.provider, t.api_identifier from public.ai_providers t
  union
  select f.provider,
         case when ai_model_sync.payload_format(f.provider) = 'google'
              then pg_catalog.regexp_replace(m.value #>> '{}', '^models/', '') else m.value #>> '{}' end
    from public.ai_model_fetches f,
         lateral pg_catalog.jsonb_path_query(f.payload,
           case when ai_model_sync.payload_format(f.provider) = 'google' then 'lax $[*].name' else 'lax $[*].id' end::jsonpath) as m(value)
   where f.status = 'pending' and pg_catalog.jsonb_typeof(f.payload) = 'array' and pg_catalog.jsonb_typeof(m.value) = 'string'
$_$;


--
-- Name: FUNCTION price_candidates(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_candidates() IS 'The model ids a rule-matched price table (genai-prices) is matched against: every row of ai_providers and every id of the pending staged lists.';


--
-- Name: price_candidates_digest(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_candidates_digest() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.md5(coalesce(pg_catalog.string_agg(c.provider || '/' || c.api_identifier, E'\n'
                                                        order by c.provider, c.api_identifier), ''))
    from ai_model_sync.price_candidates() as c
   where c.provider in (select p.provider from ai_model_sync.genai_prices_providers() as p)
$$;


--
-- Name: FUNCTION price_candidates_digest(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_candidates_digest() IS 'A digest of the candidate ids of the providers genai-prices covers: when it changes, the applied genai-prices copy is matched again (new models get their prices without a new copy of the table).';


--
-- Name: price_consensus(text, integer); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_consensus(provider text DEFAULT NULL::text, quorum integer DEFAULT NULL::integer) RETURNS TABLE(provider text, api_identifier text, key text, value numeric, sources text[], since timestamp with time zone)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with settings as (
    select coalesce(price_consensus.quorum, (select s.quorum from ai_model_sync.price_settings s), 2) as quorum
  ),
  agreeing as (
    -- numeric equality: 0.0000025 from a per-token table equals 2.5 / 1e6 from a per-1M one
    select v.provider, v.api_identifier, v.key, v.value, pg_catalog.array_agg(v.source order by v.source) as sources,
           pg_catalog.max(v.since) as since, pg_catalog.count(*) as n
      from ai_model_sync.price_values v
     where price_consensus.provider is null or v.provider = price_consensus.provider
     group by v.provider, v.api_identifier, v.key, v.value
  ),
  ranked as (
    select a.*, pg_catalog.rank() over w as r, pg_catalog.count(*) over (partition by a.provider, a.api_identifier, a.key, a.n) as same_n
      from agreeing a, settings s
     where a.n >= s.quorum
    window w as (partition by a.provider, a.api_identifier, a.key order by a.n desc)
  )
  -- the value the most sources give; two values backed by as many sources each are no consensus
  select r.provider, r.api_identifier, r.key, pg_catalog.trim_scale(r.value), r.sources, r.since
    from ranked r
   where r.r = 1 and r.same_n = 1
$$;


--
-- Name: FUNCTION price_consensus(provider text, quorum integer); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_consensus(provider text, quorum integer) IS 'Per model and config key, the value that at least quorum price sources (default: ai_model_sync.price_settings) give identically, with the sources that agree and since when they all do (the latest of their since). One provider, or all when provider is NULL.';


--
-- Name: price_entry_problem(text, jsonb, numeric); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_entry_problem(key text, value jsonb, per_tokens numeric) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case
    when pg_catalog.jsonb_typeof(value) is distinct from 'number' then
      pg_catalog.format('%s is not a number: %s', key, pg_catalog.left(value::text, 80))
    when key = 'long_context_threshold_tokens' then
      case when (value #>> '{}')::numeric <= 0 then pg_catalog.format('%s must be positive, got %s', key, value) end
    when (value #>> '{}')::numeric < 0 then
      pg_catalog.format('%s is negative: %s', key, value)
    when (value #>> '{}')::numeric / per_tokens > 0.001 then
      pg_catalog.format('%s = %s USD per token is above the sanity bound of 0.001 USD per token', key,
                        pg_catalog.trim_scale((value #>> '{}')::numeric / per_tokens))
      -- a value meant per single token that is this large is a per-1M price typed by mistake
      || case when per_tokens = 1 then pg_catalog.format(': it looks like a per-1M-tokens price (that would be %s per token)',
                                                          pg_catalog.trim_scale((value #>> '{}')::numeric / 1000000)) else '' end
  end
$$;


--
-- Name: FUNCTION price_entry_problem(key text, value jsonb, per_tokens numeric); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_entry_problem(key text, value jsonb, per_tokens numeric) IS 'Why one price is refused (not a number, negative, above 0.001 USD per token once divided by per_tokens, the tokens its unit covers), NULL when it counts: the one price check of the public price tables and of the catalog files (config and dated prices). Thresholds (long_context_threshold_tokens) must be positive. No SET search_path so that it inlines; every name is schema-qualified.';


--
-- Name: price_origins(jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_origins(defaults jsonb, builtin jsonb, imported jsonb, reported jsonb, admin jsonb, consensus jsonb, consensus_sources jsonb) RETURNS SETOF jsonb
    LANGUAGE sql IMMUTABLE ROWS 1 PARALLEL SAFE
    AS $$
  -- SETOF, called in FROM: the planner inlines a set-returning SQL function there, and no scalar SQL function
  -- with a FROM clause anywhere (called per model, the function call cost 1 s per 100,000 models: make bench)
  select coalesce(pg_catalog.jsonb_object_agg(d.key, case
           when admin ? d.key then '{"origin": "admin"}'::jsonb
           when reported ? d.key then '{"origin": "provider"}'::jsonb
           when consensus ? d.key then pg_catalog.jsonb_build_object('origin', 'consensus', 'sources', consensus_sources->d.key)
           when imported ? d.key then '{"origin": "imported"}'::jsonb
           when builtin ? d.key then '{"origin": "builtin"}'::jsonb
           -- kept at its last value by keep_stale_prices after every layer dropped it
           when defaults->'stale_price_keys' ? d.key then '{"origin": "stale"}'::jsonb
           else '{"origin": "unknown"}'::jsonb
         end), '{}'::jsonb)
    from pg_catalog.jsonb_each(defaults) as d
   where d.key like '%\_cost\_rate' or d.key = 'long_context_threshold_tokens'
$$;


--
-- Name: FUNCTION price_origins(defaults jsonb, builtin jsonb, imported jsonb, reported jsonb, admin jsonb, consensus jsonb, consensus_sources jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_origins(defaults jsonb, builtin jsonb, imported jsonb, reported jsonb, admin jsonb, consensus jsonb, consensus_sources jsonb) IS 'For each price key of a model''s defaults, the layer it came from, highest first: admin tier, the provider''s own list, the consensus of the price tables (with the sources that agreed), imported, builtin; stale for a price that no layer gives any more and that keep_stale_prices kept at its last value. One row; call it in FROM (LATERAL), where it inlines: no SET search_path, every name is schema-qualified.';


--
-- Name: price_policy(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_policy() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce((select s.policy from ai_model_sync.price_settings s), 'fill')
$$;


--
-- Name: FUNCTION price_policy(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_policy() IS 'The price policy the sync obeys (ai_model_sync.price_settings): fill, follow or report.';


--
-- Name: price_problem(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_problem(field text, value jsonb) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
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
-- Name: price_source_shape(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.price_source_shape(source text, payload jsonb) RETURNS TABLE(models bigint, problem text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case source
           when 'litellm' then (select pg_catalog.count(*) from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as e
                                 where e.key <> 'sample_spec' and pg_catalog.jsonb_typeof(e.value) = 'object')
           when 'models.dev' then (select pg_catalog.count(*)
                                     from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as p,
                                          pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(p.value->'models') = 'object' then p.value->'models' else '{}' end) as m)
           when 'genai-prices' then (select pg_catalog.count(*)
                                       from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end) as p,
                                            pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(p.value->'models') = 'array' then p.value->'models' else '[]' end) as m)
         end,
         case
           when source = 'litellm' and pg_catalog.jsonb_typeof(payload) <> 'object' then
             pg_catalog.format('a LiteLLM cost map is a JSON object keyed by model name, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'litellm' and not exists (select from pg_catalog.jsonb_each(payload) as e
                                                    where pg_catalog.jsonb_typeof(e.value->'litellm_provider') = 'string') then
             'no entry has a litellm_provider: not a LiteLLM cost map'
           when source = 'models.dev' and pg_catalog.jsonb_typeof(payload) <> 'object' then
             pg_catalog.format('models.dev''s api.json is a JSON object keyed by provider id, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'models.dev' and not exists (select from pg_catalog.jsonb_each(payload) as p
                                                       where pg_catalog.jsonb_typeof(p.value->'models') = 'object') then
             'no provider has "models": not models.dev''s api.json'
           when source = 'genai-prices' and pg_catalog.jsonb_typeof(payload) <> 'array' then
             pg_catalog.format('genai-prices'' data file is a JSON array of providers, got %s', pg_catalog.jsonb_typeof(payload))
           when source = 'genai-prices' and not exists (select from pg_catalog.jsonb_array_elements(payload) as p
                                                         where pg_catalog.jsonb_typeof(p.value->'models') = 'array') then
             'no provider has "models": not genai-prices'' data file'
         end
$$;


--
-- Name: FUNCTION price_source_shape(source text, payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.price_source_shape(source text, payload jsonb) IS 'How many models a staged price table holds (LiteLLM entries, models.dev or genai-prices models of every provider) and, when it is not a document of its source''s format, why.';


--
-- Name: prices_fingerprint(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.prices_fingerprint(provider text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.md5(
           (select pg_catalog.concat_ws(' ', s.policy, s.quorum) from ai_model_sync.price_settings s)
           || E'\n' || coalesce((select pg_catalog.string_agg(pg_catalog.concat_ws(' ', v.api_identifier, v.key, v.source, v.value), E'\n'
                                                               order by v.api_identifier, v.key, v.source)
                                  from ai_model_sync.price_values v where v.provider = prices_fingerprint.provider), ''))
$$;


--
-- Name: FUNCTION prices_fingerprint(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.prices_fingerprint(provider text) IS 'A digest of what the price sources give a provider''s merge: the price policy, the quorum and every source''s values for the provider''s models. Part of input_fingerprint: a change of either re-merges at the next sync.';


--
-- Name: prices_report(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.prices_report(items jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with i as (
    select x.value as item from pg_catalog.jsonb_array_elements(coalesce(items, '[]')) as x
  )
  select pg_catalog.jsonb_build_object(
    'policy', ai_model_sync.price_policy(),
    'quorum', (select s.quorum from ai_model_sync.price_settings s),
    'consensus_keys', (select pg_catalog.count(*) from i),
    'applied_keys', (select pg_catalog.count(*) from i where (i.item->>'applied')::boolean),
    -- consensus values that entered the defaults in this merge: a key nothing else set, or one they replaced
    'filled', (select coalesce(pg_catalog.jsonb_agg(i.item - 'applied' - 'catalog' order by i.item->>'api_identifier', i.item->>'key'), '[]')
                 from i where (i.item->>'applied')::boolean and coalesce(i.item->'catalog', 'null') = 'null'
                         and i.item->'previous' is distinct from i.item->'consensus'),
    'followed', (select coalesce(pg_catalog.jsonb_agg(i.item - 'applied' order by i.item->>'api_identifier', i.item->>'key'), '[]')
                   from i where (i.item->>'applied')::boolean and coalesce(i.item->'catalog', 'null') <> 'null'
                           and i.item->'previous' is distinct from i.item->'consensus'),
    'drifting', (select pg_catalog.count(*) from i where i.item->'in_force' is distinct from i.item->'consensus'),
    'drifting_keys', (select coalesce(pg_catalog.jsonb_agg(d.item - 'applied' - 'previous' order by d.item->>'api_identifier', d.item->>'key'), '[]')
                        from (select i.item from i where i.item->'in_force' is distinct from i.item->'consensus'
                               order by i.item->>'api_identifier', i.item->>'key' limit 20) as d)
  )
$$;


--
-- Name: FUNCTION prices_report(items jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.prices_report(items jsonb) IS 'The "prices" section of a batch''s report from one item per consensus key of the batch''s models: the policy and quorum, how many keys had a consensus and how many entered the defaults, those filled or followed by this merge (their default changed), and the keys whose value in force contradicts the consensus (count, the first 20).';


--
-- Name: rate(jsonb, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.rate(config jsonb, key text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case when pg_catalog.jsonb_typeof(config->key) = 'number' then (config->>key)::numeric end
$$;


--
-- Name: FUNCTION rate(config jsonb, key text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.rate(config jsonb, key text) IS 'A numeric config value (a cost rate or token threshold), NULL when absent or not a number. No SET search_path so that it inlines into usage_cost; every name is schema-qualified.';


--
-- Name: record_code_files(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.record_code_files(files jsonb) RETURNS text[]
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  stale text[];
  dropping text;
begin
  -- Objects recorded for files that are gone, or recorded under a signature the file no longer defines.
  select coalesce(array_agg(c.object order by c.path), '{}') into stale
    from ai_model_sync.code_files c
   where not exists (select from jsonb_to_recordset(files) as f(path text, object text) where f.object = c.object);
  foreach dropping in array stale loop
    -- "function x(...)" -> drop function if exists x(...): a migration may have dropped it already
    execute 'drop ' || split_part(dropping, ' ', 1) || ' if exists ' || substr(dropping, strpos(dropping, ' ') + 1);
  end loop;
  delete from ai_model_sync.code_files c
   where c.object = any (stale)
      or not exists (select from jsonb_to_recordset(files) as f(path text) where f.path = c.path);

  insert into ai_model_sync.code_files as c (path, object, digest)
  select f.path, f.object, f.digest from jsonb_to_recordset(files) as f(path text, object text, digest text)
  on conflict (path) do update set object = excluded.object, digest = excluded.digest, loaded_at = now()
   where (c.object, c.digest) is distinct from (excluded.object, excluded.digest);
  return stale;
end
$$;


--
-- Name: FUNCTION record_code_files(files jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.record_code_files(files jsonb) IS 'Records the code files just loaded ([{path, object, digest}]): drops the objects of files that are gone and the old signature of a file whose signature changed, then upserts the registry (ai_model_sync.code_files), writing only rows that changed. Returns the objects dropped. Called by the loader at the end of its transaction.';


--
-- Name: record_deletes(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.record_deletes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, old_config, model_created_at)
  select stamp, actor, batch, 'delete', o.id, o.provider, o.api_identifier, o.config, o.created_at
    from old_rows o;
  return null;
end
$$;


--
-- Name: FUNCTION record_deletes(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.record_deletes() IS 'Trigger (AFTER DELETE, per statement): records the deleted ai_providers rows.';


--
-- Name: record_inserts(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.record_inserts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier)
  select stamp, actor, batch, 'insert', n.id, n.provider, n.api_identifier
    from new_rows n;
  return null;
end
$$;


--
-- Name: FUNCTION record_inserts(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.record_inserts() IS 'Trigger (AFTER INSERT, per statement): records the inserted ai_providers rows in ai_provider_history.';


--
-- Name: record_truncate(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.record_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, old_config, model_created_at)
  select stamp, actor, batch, 'delete', p.id, p.provider, p.api_identifier, p.config, p.created_at
    from public.ai_providers p;
  return null;
end
$$;


--
-- Name: FUNCTION record_truncate(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.record_truncate() IS 'Trigger (BEFORE TRUNCATE): records every row of ai_providers as deleted (TRUNCATE has no transition table).';


--
-- Name: record_updates(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.record_updates() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  stamp timestamptz := pg_catalog.clock_timestamp();
  actor text := ai_model_sync.current_actor();
  batch bigint := ai_model_sync.current_batch();
begin
  -- A row whose id changed reads as a delete of the old id and an insert of the new one.
  insert into public.ai_provider_history
    (changed_at, changed_by, batch_id, operation, model_id, provider, api_identifier, changes, old_config, model_created_at)
  select stamp, actor, batch, c.operation, c.model_id, c.provider, c.api_identifier, c.changes, c.old_config, c.model_created_at
    from (
      select case when o.id is null then 'insert' when n.id is null then 'delete' else 'update' end as operation,
             coalesce(o.id, n.id) as model_id,
             coalesce(o.provider, n.provider) as provider,
             coalesce(o.api_identifier, n.api_identifier) as api_identifier,
             case when o.id is not null and n.id is not null then ai_model_sync.field_changes(
               ai_model_sync.history_fields(o.provider, o.api_identifier, o.name, o.description, o.is_active, o.is_listed,
                                            o.name_snapshot, o.description_snapshot, o.config, o.defaults_snapshot),
               ai_model_sync.history_fields(n.provider, n.api_identifier, n.name, n.description, n.is_active, n.is_listed,
                                            n.name_snapshot, n.description_snapshot, n.config, n.defaults_snapshot))
             end as changes,
             o.config as old_config,
             o.created_at as model_created_at
        from old_rows o
        full join new_rows n on n.id = o.id
    ) as c
   where c.operation <> 'update' or c.changes is not null;
  return null;
end
$$;


--
-- Name: FUNCTION record_updates(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.record_updates() IS 'Trigger (AFTER UPDATE, per statement): records what each updated ai_providers row changed (rows whose tracked fields are unchanged, e.g. only updated_at moved, are not recorded).';


--
-- Name: reject_invalid_config(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.reject_invalid_config() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
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
-- Name: reported_capabilities(text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.reported_capabilities(fmt text, capabilities jsonb, generation_methods jsonb, architecture jsonb, supported_parameters jsonb, model_type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  select case when pg_catalog.num_nonnulls(capabilities, generation_methods, architecture, supported_parameters, model_type,
                                           supports_chat, supports_image_input, supports_tools, thinking) > 0 then
    nullif(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'kind', case
        -- Google: the generation methods say which endpoint serves the model
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then case
          when generation_methods ? 'generateContent' then 'chat'
          when generation_methods ? 'embedContent' then 'embedding'
          when generation_methods ? 'bidiGenerateContent' then 'realtime'
          when generation_methods ? 'predictLongRunning' then 'video'
          when generation_methods ? 'predict' then 'image'
        end
        -- OpenRouter: what the model outputs
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'output_modalities') = 'array' then case
          when architecture -> 'output_modalities' ? 'embeddings' then 'embedding'
          when architecture -> 'output_modalities' ? 'text' then 'chat'
          when architecture -> 'output_modalities' ? 'image' then 'image'
          when architecture -> 'output_modalities' ? 'audio' then 'speech'
        end
        -- Mistral: capabilities.completion_chat (embedding, moderation and OCR models report none of it)
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'completion_chat') = 'boolean' then
          case when capabilities -> 'completion_chat' = 'true'::jsonb then 'chat' end
        -- Together: type
        when fmt = 'openai' and pg_catalog.jsonb_typeof(model_type) = 'string' then case model_type #>> '{}'
          when 'chat' then 'chat' when 'language' then 'completion' when 'image' then 'image'
          when 'embedding' then 'embedding' when 'moderation' then 'moderation' when 'rerank' then 'rerank'
          when 'audio' then 'speech' when 'transcribe' then 'transcription'
        end
        -- Fireworks: supports_chat
        when fmt = 'openai' and supports_chat = 'true'::jsonb then 'chat'
      end,
      'input_modalities', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities) = 'object' then
          case when capabilities #> '{pdf_input,supported}' = 'true'::jsonb then '["file"]'::jsonb else '[]'::jsonb end
          || case when capabilities #> '{image_input,supported}' = 'true'::jsonb then '["image"]'::jsonb else '[]'::jsonb end
          || '["text"]'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'input_modalities') = 'array' then nullif(
          case when architecture -> 'input_modalities' ? 'audio' then '["audio"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'file' then '["file"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'image' then '["image"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'text' then '["text"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'video' then '["video"]'::jsonb else '[]'::jsonb end, '[]'::jsonb)
        when fmt = 'openai' and capabilities -> 'completion_chat' = 'true'::jsonb then
          case when capabilities -> 'vision' = 'true'::jsonb then '["image", "text"]'::jsonb else '["text"]'::jsonb end
      end,
      'output_modalities', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities) = 'object' then '["text"]'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'output_modalities') = 'array' then nullif(
          case when architecture -> 'output_modalities' ? 'audio' then '["audio"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'file' then '["file"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'image' then '["image"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'text' then '["text"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'video' then '["video"]'::jsonb else '[]'::jsonb end, '[]'::jsonb)
        when fmt = 'openai' and capabilities -> 'completion_chat' = 'true'::jsonb then '["text"]'::jsonb
      end,
      'supports_tools', case
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'tools')
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'function_calling') = 'boolean' then
          capabilities -> 'function_calling'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supports_tools) = 'boolean' then supports_tools
      end,
      'supports_vision', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{image_input,supported}') = 'boolean' then
          capabilities #> '{image_input,supported}'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'input_modalities') = 'array' then
          pg_catalog.to_jsonb(architecture -> 'input_modalities' ? 'image')
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'vision') = 'boolean' then capabilities -> 'vision'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supports_image_input) = 'boolean' then supports_image_input
      end,
      'supports_reasoning', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{thinking,supported}') = 'boolean' then
          capabilities #> '{thinking,supported}'
        when fmt = 'google' and thinking = 'true'::jsonb then 'true'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'reasoning')
      end,
      'supports_structured_output', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{structured_outputs,supported}') = 'boolean' then
          capabilities #> '{structured_outputs,supported}'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'structured_outputs')
      end,
      'supports_batch', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{batch,supported}') = 'boolean' then
          capabilities #> '{batch,supported}'
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then
          pg_catalog.to_jsonb(generation_methods ? 'batchGenerateContent' or generation_methods ? 'asyncBatchEmbedContent')
      end,
      'supports_caching', case
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then
          pg_catalog.to_jsonb(generation_methods ? 'createCachedContent')
      end,
      'supports_citations', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{citations,supported}') = 'boolean' then
          capabilities #> '{citations,supported}'
      end,
      'supports_code_execution', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{code_execution,supported}') = 'boolean' then
          capabilities #> '{code_execution,supported}'
      end,
      'supports_fim', case
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'completion_fim') = 'boolean' then capabilities -> 'completion_fim'
      end
    )), '{}'::jsonb)
  end
$$;


--
-- Name: FUNCTION reported_capabilities(fmt text, capabilities jsonb, generation_methods jsonb, architecture jsonb, supported_parameters jsonb, model_type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.reported_capabilities(fmt text, capabilities jsonb, generation_methods jsonb, architecture jsonb, supported_parameters jsonb, model_type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb) IS 'The kind, input/output modalities and supports_* flags that one list entry reports (Anthropic capabilities, Google supportedGenerationMethods and thinking, OpenRouter architecture and supported_parameters, Mistral capabilities, Together type, Fireworks supports_*); NULL when it reports none. Keys nothing reports are absent, never guessed. Inlined into staged_models (no SET search_path; every name schema-qualified). See docs/capabilities.md.';


--
-- Name: reports_prices(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.reports_prices(provider text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select provider in ('openrouter', 'together')
$$;


--
-- Name: FUNCTION reports_prices(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.reports_prices(provider text) IS 'Whether a staged list of this provider may bring prices: only the presets whose real model lists report them (OpenRouter, Together). The "pricing" of any other list is ignored (and reported as a warning), so that a forged or proxied openai list cannot set gpt-4o to $0 (issue 10).';


--
-- Name: request_cost(text, text, timestamp with time zone, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.request_cost(provider text, api_identifier text, at timestamp with time zone, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint) RETURNS numeric
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  config jsonb;
  first_seen timestamptz;
  last_left timestamptz;
  model text := pg_catalog.format('%s/%s', provider, api_identifier);
  priced_at timestamptz := coalesce(at, pg_catalog.now());
  cost numeric;
  -- The caller of ai_models_cost (a SECURITY DEFINER function: current_user is its owner here). Readers, who may
  -- not read the history, see only active models, errors included (SPEC 9); admins also bill past usage of a
  -- model that is inactive now.
  reads_history boolean := pg_catalog.has_table_privilege(ai_model_sync.current_actor(), 'public.ai_provider_history', 'SELECT');
begin
  if provider is null or api_identifier is null then
    raise exception using errcode = 'null_value_not_allowed',
      message = 'ai_models_cost needs a provider and an api_identifier',
      detail = pg_catalog.format('provider = %s, api_identifier = %s', coalesce(provider, 'NULL'), coalesce(api_identifier, 'NULL')),
      hint = 'Pass the model as stored in ai_providers, e.g. ai_models_cost(''openai'', ''gpt-4o'', 1000, 200) or '
             'ai_models_cost(''openai'', ''gpt-4o'', response.usage).';
  end if;
  if input_tokens - cached_input_tokens - cache_write_input_tokens - cache_write_1h_input_tokens - audio_input_tokens < 0
     or output_tokens - reasoning_output_tokens - audio_output_tokens < 0 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the token classes of the usage exceed its totals for %s', model),
      detail = pg_catalog.format('input_tokens = %s (cached %s, cache writes %s + %s (1h), audio %s), '
                                 'output_tokens = %s (reasoning %s, audio %s)',
                                 input_tokens, cached_input_tokens, cache_write_input_tokens, cache_write_1h_input_tokens,
                                 audio_input_tokens, output_tokens, reasoning_output_tokens, audio_output_tokens),
      hint = 'input_tokens is the whole prompt and output_tokens the whole output, every class included; pass the '
             'provider''s usage object unchanged and ai_models_cost reads it.';
  end if;

  -- A reader knows only the active models (SPEC 9), errors included; an admin any model that has or had a row.
  if reads_history or exists (
       select from public.ai_providers p
        where p.provider = request_cost.provider and p.api_identifier = request_cost.api_identifier and p.is_active) then
    config := public.ai_models_config_at(provider, api_identifier, priced_at);
    if config is null then
      select pg_catalog.min(p.created_at) into first_seen
        from public.ai_providers p
       where p.provider = request_cost.provider and p.api_identifier = request_cost.api_identifier;
      select pg_catalog.max(h.changed_at) into last_left
        from public.ai_provider_history h
       where h.provider = request_cost.provider and h.api_identifier = request_cost.api_identifier
         and (h.operation = 'delete' or h.changes ?| array['provider', 'api_identifier']);
    end if;
  end if;
  if config is null and first_seen is null and last_left is null then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('unknown model %s', model),
      detail = case when reads_history then 'No row of ai_providers has, or ever had, this provider and api_identifier.'
                    else 'No active row of ai_providers has this provider and api_identifier.' end,
      hint = 'Use the provider''s API id (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro): '
             'select provider, api_identifier from ai_models_active.';
  elsif config is null then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('model %s had no row at %s', model, priced_at),
      detail = pg_catalog.concat_ws(' ',
        'Its row was created at ' || first_seen || '.',
        'A row of that name was deleted or renamed at ' || last_left || '.'),
      hint = 'Pass the time the usage happened as the at argument.';
  end if;
  -- A dated price of the catalog in force at that time beats the config the sync last wrote (docs/pricing-rules.md).
  config := ai_model_sync.config_in_force(provider, api_identifier, config, priced_at);

  cost := ai_model_sync.usage_cost(config, input_tokens, output_tokens, cached_input_tokens, cache_write_input_tokens,
                                   cache_write_1h_input_tokens, audio_input_tokens, reasoning_output_tokens,
                                   audio_output_tokens);
  if cost is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = case when ai_model_sync.rate(config, 'input_token_cost_rate') is null
                     then pg_catalog.format('model %s is unpriced: its config has no input_token_cost_rate', model)
                     else pg_catalog.format('model %s has no output_token_cost_rate but the usage has %s output tokens',
                                            model, output_tokens) end,
      detail = pg_catalog.format('The config in force at %s lacks the rate.', priced_at),
      hint = 'Price it with an admin catalog entry (insert into ai_model_catalog (provider, model, config) ...) and a '
             'sync, or by hand: update ai_providers set config = config || ''{"input_token_cost_rate": 0.0000025}'' ... '
             '(USD per single token). select * from ai_models_unpriced lists active models without a price.';
  end if;
  return cost;
end
$$;


--
-- Name: FUNCTION request_cost(provider text, api_identifier text, at timestamp with time zone, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.request_cost(provider text, api_identifier text, at timestamp with time zone, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint) IS 'The body of both forms of public.ai_models_cost: checks the counts (classes within their totals), prices only active models for a caller who may not read the history (readers; admins also bill past usage of inactive models), reads the config as of at (ai_models_config_at) with the catalog''s dated price in force then (config_in_force), and bills it with usage_cost. Unknown, inactive or unpriced model: errors with detail and hint (the detail never shows the config).';


--
-- Name: require_pg_cron(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.require_pg_cron() RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  problem text := ai_model_sync.pg_cron_problem();
begin
  -- Loaded for this database but not created here: create it when this role may (a superuser, or where pg_cron
  -- is allow-listed for it, as on Supabase); else say who must run what.
  if problem like '% but the extension is not created here' then
    begin
      create extension if not exists pg_cron;
      return;
    exception when insufficient_privilege then
      raise exception using errcode = 'insufficient_privilege',
        message = format('pg_cron is not created in database %s, and role %s may not create it', current_database(), current_user),
        detail = 'ai_models_schedule() runs CALL sync_ai_models() and the pruning of old staged lists as pg_cron jobs.',
        hint = format('A superuser must run: create extension pg_cron; in database %s (psql -d %s -c ''create extension pg_cron''), '
                      'then make schedule again.', current_database(), current_database());
    end;
  end if;
  if problem is not null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = format('pg_cron is not available in database %s: %s', current_database(), problem),
      detail = 'ai_models_schedule() runs CALL sync_ai_models() and the pruning of old staged lists as pg_cron jobs.',
      hint = format(
        'Supabase: enable pg_cron under Database > Extensions (or create extension pg_cron). PostgreSQL: install the '
        'package (Debian/Ubuntu: apt-get install postgresql-%s-cron; RHEL: pg_cron_%s), add to postgresql.conf '
        'shared_preload_libraries = ''pg_cron'' and cron.database_name = ''%s'', restart PostgreSQL, then run '
        'create extension pg_cron; in database %s. When pg_cron already serves another database, schedule from there: '
        'select cron.schedule_in_database(''ai_models_sync'', ''0 * * * *'', ''CALL public.sync_ai_models()'', %L). '
        'Or run CALL sync_ai_models() from your own scheduler.',
        current_setting('server_version_num')::integer / 10000,
        current_setting('server_version_num')::integer / 10000,
        current_database(), current_database(), current_database());
  end if;
end
$$;


--
-- Name: FUNCTION require_pg_cron(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.require_pg_cron() IS 'Makes sure the pg_cron extension exists in this database: creates it when pg_cron is loaded for this database and the role may create it; else raises an error that says exactly what to do (who must create it, or how to install and load pg_cron).';


--
-- Name: rows_fingerprint(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.rows_fingerprint(provider text) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- Any INSERT, UPDATE or DELETE changes some row's (xmin, ctid) or the count; row locks and VACUUM do not.
  select pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtextextended(t.xmin::text || t.ctid::text, 0)::numeric), 0)
    from public.ai_providers t
   where t.provider = rows_fingerprint.provider
$$;


--
-- Name: FUNCTION rows_fingerprint(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.rows_fingerprint(provider text) IS 'A cheap digest of the versions of a provider''s rows: it changes whenever any of them is inserted, updated or deleted.';


--
-- Name: schedule_job(text, text, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.schedule_job(job_name text, schedule text, command text) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform ai_model_sync.check_schedule(job_name, schedule);
  -- pg_cron updates the job of the same name (and user) in place: scheduling twice leaves one job.
  begin
    perform cron.schedule(job_name, schedule, command);
  exception
    when invalid_parameter_value then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('invalid cron expression %L for pg_cron job %s', schedule, job_name),
        detail = sqlerrm,
        hint = 'A cron expression has five fields: minute hour day-of-month month day-of-week, e.g. ''0 * * * *'' '
               '(hourly) or ''*/15 * * * *'' (every 15 minutes); nothing was scheduled.';
  end;
end
$$;


--
-- Name: FUNCTION schedule_job(job_name text, schedule text, command text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.schedule_job(job_name text, schedule text, command text) IS 'Creates or updates the current user''s pg_cron job of that name, after ai_model_sync.check_schedule (no job of ours is scheduled unchecked), turning pg_cron''s own "invalid schedule" into an error that says what a cron expression looks like.';


--
-- Name: settle_unchanged(public.ai_model_fetches, text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.settle_unchanged(batch public.ai_model_fetches, input_digest text) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  previous public.ai_model_fetches;
  settled jsonb;
begin
  select * into previous
    from public.ai_model_fetches f
   where f.provider = batch.provider and f.status = 'applied'
   order by f.applied_at desc, f.id desc
   limit 1;
  if previous.fingerprint is distinct from input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
     -- every listed model was accounted for (none lost to a hand insert racing the merge)
     or (previous.report->>'models')::bigint
        <> (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
           + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint
           + jsonb_array_length(previous.report->'manual_rows') then
    return null;
  end if;
  settled := previous.report || jsonb_build_object(
    'batch', batch.id, 'inserted', 0, 'updated', 0, 'deactivated', 0, 'reactivated', 0,
    'unchanged', (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
                 + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint,
    'deactivated_models', '[]'::jsonb, 'conflicts', '[]'::jsonb, 'adjusted', '[]'::jsonb,
    'deactivated_reasons', '[]'::jsonb, -- issue 15
    'same_as_batch', previous.id)
    -- issue 13: the price sources filled or followed nothing again
    || jsonb_build_object('prices', coalesce(previous.report->'prices', '{}'::jsonb) || '{"filled": [], "followed": []}'::jsonb);
  update public.ai_model_fetches f
     set status = 'applied', applied_at = now(), report = settled, fingerprint = previous.fingerprint
   where f.id = batch.id;
  return settled;
end
$$;


--
-- Name: FUNCTION settle_unchanged(batch public.ai_model_fetches, input_digest text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.settle_unchanged(batch public.ai_model_fetches, input_digest text) IS 'Step 2 of apply_batch, the hourly no-op: when the same input (payload, catalog, code: input_digest) meets rows nobody changed since the last applied batch, that batch''s merge would give exactly what is there. Then the batch is marked applied with the previous report (nothing written to ai_providers; its prices section with nothing filled or followed) and the report is returned; otherwise NULL, and the merge runs.';


--
-- Name: source_prices(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.source_prices(source text, payload jsonb) RETURNS TABLE(provider text, api_identifier text, key text, value numeric, entry text, problem text)
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select * from ai_model_sync.litellm_prices(payload) where source = 'litellm'
  union all
  select * from ai_model_sync.models_dev_prices(payload) where source = 'models.dev'
  union all
  select * from ai_model_sync.genai_prices_prices(payload) where source = 'genai-prices'
$$;


--
-- Name: FUNCTION source_prices(source text, payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.source_prices(source text, payload jsonb) IS 'The prices of one staged price table, mapped by the rules of its source (litellm, models.dev, genai-prices).';


--
-- Name: staged_models(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.staged_models(provider text, payload jsonb) RETURNS TABLE(ord integer, api_identifier text, name text, description text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb, problem text, not_token_priced boolean)
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
  -- jsonb_to_recordset extracts every field the three wire formats use in one pass (in C); the OFFSET 0
  -- fences keep the planner from pulling the subqueries up and evaluating each extraction many times.
  select v.ord::integer,
         v.api_identifier,
         v.name,
         v.description,
         case when v.problem is null then ai_model_sync.token_count(v.max_input) end,
         case when v.problem is null then ai_model_sync.token_count(v.max_output) end,
         -- issue 15: what the entry says the model is (reported_capabilities) joins the reported prices
         case when v.problem is null then nullif(coalesce(v.capabilities, '{}'::jsonb) || coalesce(
         case when v.problem is null
                   and (coalesce(v.input_price, v.output_price, v.cache_read_price, v.cache_write_price) is not null
                        and not v.not_token_priced
                        or coalesce(v.deprecated_at, v.retires_at) is not null)
              then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.input_price, v.price_unit) end,
           'output_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.output_price, v.price_unit) end,
           'cache_read_input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.cache_read_price, v.price_unit) end,
           'cache_write_input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.cache_write_price, v.price_unit) end,
           'provider_deprecated_at', v.deprecated_at,
           'provider_retires_at', v.retires_at)) end
         , '{}'::jsonb), '{}'::jsonb) end,
         v.problem,
         v.problem is null and v.not_token_priced
  from (
    select f.*,
           case
             when f.raw_id is null or f.raw_id = 'null'::jsonb then pg_catalog.format('has no "%s"', f.id_field)
             when pg_catalog.jsonb_typeof(f.raw_id) <> 'string' then
               pg_catalog.format('"%s" must be a string, got %s', f.id_field, pg_catalog.jsonb_typeof(f.raw_id))
             when f.api_identifier = '' then pg_catalog.format('has an empty "%s"', f.id_field)
             when pg_catalog.length(f.api_identifier) > 255 then pg_catalog.format('"%s" is longer than 255 characters', f.id_field)
             when f.api_identifier ~ '[[:cntrl:]]' then pg_catalog.format('"%s" contains control characters', f.id_field)
             else coalesce(
               ai_model_sync.token_field_problem(f.input_field, f.max_input),
               ai_model_sync.token_field_problem(f.output_field, f.max_output),
               ai_model_sync.price_problem('pricing', f.input_price),
               ai_model_sync.price_problem('pricing', f.output_price),
               ai_model_sync.price_problem('pricing', f.cache_read_price),
               ai_model_sync.price_problem('pricing', f.cache_write_price))
           end as problem
    from (
      select r.ord, r.raw_id, r.id_field, r.input_field, r.max_input, r.output_field, r.max_output,
             r.capabilities, -- issue 15
             case when pg_catalog.jsonb_typeof(r.raw_id) = 'string' then
               case when r.fmt = 'google' then pg_catalog.regexp_replace(r.raw_id #>> '{}', '^models/', '')
                    else r.raw_id #>> '{}' end
             end as api_identifier,
             case when pg_catalog.jsonb_typeof(r.raw_name) = 'string' then r.raw_name #>> '{}' end as name,
             case when pg_catalog.jsonb_typeof(r.description) = 'string' then r.description #>> '{}' end as description,
             -- OpenRouter: pricing {prompt, completion, input_cache_read, input_cache_write} in USD per token;
             -- Together: pricing {input, output} in USD per 1M tokens.
             case when r.pricing ? 'prompt' then 1 else 1000000 end::numeric as price_unit,
             coalesce(r.pricing->'prompt', r.pricing->'input') as input_price,
             coalesce(r.pricing->'completion', r.pricing->'output') as output_price,
             r.pricing->'input_cache_read' as cache_read_price,
             r.pricing->'input_cache_write' as cache_write_price,
             case when pg_catalog.jsonb_typeof(r.deprecated_at) = 'string' then r.deprecated_at end as deprecated_at,
             case when pg_catalog.jsonb_typeof(r.retires_at) = 'string' then r.retires_at end as retires_at,
             -- Together (pricing {input, output} per 1M): an image, audio or transcription model's price is per
             -- image / character / second, never per token; and a list price of 0 for input and output means no
             -- serverless price (such models run on dedicated endpoints, billed per minute), never "free". Neither
             -- is stored as a per-token price; both are reported as not billed per token.
             coalesce(r.fmt = 'openai' and pg_catalog.jsonb_typeof(r.pricing) = 'object' and not r.pricing ? 'prompt'
                      and (pg_catalog.jsonb_typeof(r.model_type) = 'string'
                           and r.model_type #>> '{}' not in ('chat', 'language', 'code', 'embedding', 'moderation', 'rerank')
                           or (pg_catalog.jsonb_typeof(r.pricing->'input') = 'number' and (r.pricing->>'input')::numeric = 0
                               and pg_catalog.jsonb_typeof(r.pricing->'output') = 'number' and (r.pricing->>'output')::numeric = 0)),
                      false) as not_token_priced
      from (
        select e.ord, e.fmt, e.description, e.type as model_type,
               -- lifecycle: OpenAI's shutdown_date and OpenRouter's expiration_date are the day the provider stops
               -- serving the model, as retires_at is
               coalesce(nullif(e.retires_at, 'null'), nullif(e.shutdown_date, 'null'), e.expiration_date) as retires_at,
               -- prices only from the lists that really report them (the others' pricing is ignored, SPEC 9)
               case when ai_model_sync.reports_prices(provider) then e.pricing end as pricing,
               case when e.fmt = 'google' then e.model_name else e.id end as raw_id,
               case when e.fmt = 'google' then 'name' else 'id' end as id_field,
               case e.fmt
                 when 'anthropic' then e.display_name
                 when 'google' then e."displayName"
                 else coalesce(e.display_name, e.model_name)
               end as raw_name,
               case e.fmt
                 when 'anthropic' then 'max_input_tokens'
                 when 'google' then 'inputTokenLimit'
                 else case
                   when e.context_length <> 'null' then 'context_length'
                   when e.max_context_length <> 'null' then 'max_context_length'
                   when e.context_window <> 'null' then 'context_window'
                   when e.max_model_len <> 'null' then 'max_model_len'
                   else 'top_provider.context_length'
                 end
               end as input_field,
               case e.fmt
                 when 'anthropic' then e.max_input_tokens
                 when 'google' then e."inputTokenLimit"
                 else coalesce(nullif(e.context_length, 'null'), nullif(e.max_context_length, 'null'),
                               nullif(e.context_window, 'null'), nullif(e.max_model_len, 'null'),
                               e.top_provider->'context_length')
               end as max_input,
               case e.fmt
                 when 'anthropic' then 'max_tokens'
                 when 'google' then 'outputTokenLimit'
                 else case
                   when e.max_completion_tokens <> 'null' then 'max_completion_tokens'
                   when e.max_output_tokens <> 'null' then 'max_output_tokens'
                   else 'top_provider.max_completion_tokens'
                 end
               end as output_field,
               case e.fmt
                 when 'anthropic' then e.max_tokens
                 when 'google' then e."outputTokenLimit"
                 else coalesce(nullif(e.max_completion_tokens, 'null'), nullif(e.max_output_tokens, 'null'),
                               e.top_provider->'max_completion_tokens')
               end as max_output,
               coalesce(nullif(e.deprecated_at, 'null'), e.deprecation) as deprecated_at,
               -- issue 15: capabilities
               ai_model_sync.reported_capabilities(e.fmt, e.capabilities, e."supportedGenerationMethods", e.architecture,
                 e.supported_parameters, e.type, e.supports_chat, e.supports_image_input, e.supports_tools, e.thinking) as capabilities
        from (
          select x.*, ai_model_sync.payload_format(provider) as fmt
          from rows from (pg_catalog.jsonb_to_recordset(payload) as (
                 id jsonb, name jsonb, display_name jsonb, "displayName" jsonb, description jsonb,
                 max_input_tokens jsonb, max_tokens jsonb, "inputTokenLimit" jsonb, "outputTokenLimit" jsonb,
                 context_length jsonb, max_context_length jsonb, context_window jsonb, max_model_len jsonb,
                 max_completion_tokens jsonb, max_output_tokens jsonb, top_provider jsonb, pricing jsonb,
                 deprecated_at jsonb, deprecation jsonb, retires_at jsonb,
                 -- issue 15: capabilities
                 capabilities jsonb, "supportedGenerationMethods" jsonb, architecture jsonb, supported_parameters jsonb,
                 type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb,
                 shutdown_date jsonb, expiration_date jsonb))
               with ordinality as x(id, model_name, display_name, "displayName", description,
                 max_input_tokens, max_tokens, "inputTokenLimit", "outputTokenLimit",
                 context_length, max_context_length, context_window, max_model_len,
                 max_completion_tokens, max_output_tokens, top_provider, pricing,
                 deprecated_at, deprecation, retires_at,
                 -- issue 15: capabilities
                 capabilities, "supportedGenerationMethods", architecture, supported_parameters,
                 type, supports_chat, supports_image_input, supports_tools, thinking,
                 shutdown_date, expiration_date, ord)
          offset 0
        ) as e
        offset 0
      ) as r
      offset 0
    ) as f
    offset 0
  ) as v
$$;


--
-- Name: FUNCTION staged_models(provider text, payload jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.staged_models(provider text, payload jsonb) IS 'Normalises a staged list (a JSON array of objects in the provider''s wire format) to one row per entry: id (Google''s models/ prefix dropped), display name, description, provider-reported limits and prices (per single token; only from the lists of ai_model_sync.reports_prices) with the kind, modalities and supports_* flags it reports (ai_model_sync.reported_capabilities), lifecycle dates (provider_deprecated_at; provider_retires_at from retires_at, OpenAI''s shutdown_date or OpenRouter''s expiration_date), problem: why the entry is malformed, NULL when it is fine, and not_token_priced: a list price that is not per token (Together''s image, audio and transcription models, and its 0 / 0 list prices), never stored as a token price. Pure; the caller checks that the payload is an array of objects (ai_model_sync.payload_problem).';


--
-- Name: supabase_roles_exist(); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.supabase_roles_exist() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.count(*) = 3 from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')
$$;


--
-- Name: FUNCTION supabase_roles_exist(); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.supabase_roles_exist() IS 'Whether this cluster has Supabase''s API roles (anon, authenticated, service_role): then PostgREST exposes the public schema and row-level security must guard it.';


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
    LANGUAGE sql STABLE PARALLEL SAFE
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
    SET search_path TO 'pg_catalog', 'pg_temp'
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
    SET search_path TO 'pg_catalog', 'pg_temp'
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
-- Name: usage_cost(jsonb, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.usage_cost(config jsonb, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- Each token is billed once, in its own class: the prompt's plain text tokens are what the other input classes
  -- leave of input_tokens, the plain output tokens what reasoning and audio leave of output_tokens.
  select (r.input_tokens - r.cached_input_tokens - r.cache_write_input_tokens - r.cache_write_1h_input_tokens
          - r.audio_input_tokens) * r.input_rate
         + r.cached_input_tokens * coalesce(r.cache_rate, r.input_rate)
         + case when r.cache_write_input_tokens = 0 then 0 else r.cache_write_input_tokens * r.write_rate end
         + case when r.cache_write_1h_input_tokens = 0 then 0 else r.cache_write_1h_input_tokens * r.write_1h_rate end
         + case when r.audio_input_tokens = 0 then 0 else r.audio_input_tokens * r.audio_input_rate end
         + case when r.text_output_tokens = 0 then 0 else r.text_output_tokens * r.output_rate end
         + case when r.reasoning_output_tokens = 0 then 0 else r.reasoning_output_tokens * r.reasoning_rate end
         + case when r.audio_output_tokens = 0 then 0 else r.audio_output_tokens * r.audio_output_rate end
    from (
      select w.*,
             coalesce(w.write_base, w.input_rate) as write_rate,
             coalesce(w.write_1h_base, w.write_base, w.input_rate) as write_1h_rate
        from (
          select b.*,
                 case when b.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_write_input_token_cost_rate'),
                                                b.cache_write_rate, ai_model_sync.rate(config, 'long_context_input_token_cost_rate'))
                      else b.cache_write_rate end as write_base,
                 case when b.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_write_1h_input_token_cost_rate'),
                                                b.cache_write_1h_rate)
                      else b.cache_write_1h_rate end as write_1h_base,
                 -- audio_input_ / audio_output_token_cost_rate: accepted spellings of the same rates
                 coalesce(ai_model_sync.rate(config, 'input_audio_token_cost_rate'),
                          ai_model_sync.rate(config, 'audio_input_token_cost_rate'), b.input_rate) as audio_input_rate,
                 coalesce(ai_model_sync.rate(config, 'reasoning_output_token_cost_rate'), b.output_rate) as reasoning_rate,
                 coalesce(ai_model_sync.rate(config, 'output_audio_token_cost_rate'),
                          ai_model_sync.rate(config, 'audio_output_token_cost_rate'), b.output_rate) as audio_output_rate
            from (
              select usage_cost.input_tokens, usage_cost.cached_input_tokens, usage_cost.cache_write_input_tokens,
                     usage_cost.cache_write_1h_input_tokens, usage_cost.audio_input_tokens,
                     usage_cost.output_tokens - usage_cost.reasoning_output_tokens - usage_cost.audio_output_tokens
                       as text_output_tokens,
                     usage_cost.reasoning_output_tokens, usage_cost.audio_output_tokens, l.long, l.cache_write_rate,
                     l.cache_write_1h_rate,
                     case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_input_token_cost_rate'), l.input_rate)
                          else l.input_rate end as input_rate,
                     case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_output_token_cost_rate'), l.output_rate)
                          else l.output_rate end as output_rate,
                     case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_read_input_token_cost_rate'),
                                                    l.cache_rate,
                                                    ai_model_sync.rate(config, 'long_context_input_token_cost_rate'))
                          else l.cache_rate end as cache_rate
                from (
                  select ai_model_sync.rate(config, 'input_token_cost_rate') as input_rate,
                         ai_model_sync.rate(config, 'output_token_cost_rate') as output_rate,
                         ai_model_sync.rate(config, 'cache_read_input_token_cost_rate') as cache_rate,
                         ai_model_sync.rate(config, 'cache_write_input_token_cost_rate') as cache_write_rate,
                         ai_model_sync.rate(config, 'cache_write_1h_input_token_cost_rate') as cache_write_1h_rate,
                         coalesce(usage_cost.input_tokens > ai_model_sync.rate(config, 'long_context_threshold_tokens'), false) as long
                ) as l
            ) as b
        ) as w
    ) as r
$$;


--
-- Name: FUNCTION usage_cost(config jsonb, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.usage_cost(config jsonb, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint) IS 'Pure: the USD cost of one request under a config. input_tokens counts the whole prompt (cache reads, cache writes and audio included: OpenAI''s convention), output_tokens the whole output (reasoning and audio included); each class is billed once at its own rate: cached_input_tokens at cache_read_input_token_cost_rate, cache_write_input_tokens (5-minute) at cache_write_input_token_cost_rate, cache_write_1h_input_tokens at cache_write_1h_input_token_cost_rate (else the 5-minute write rate), audio_input_tokens at input_audio_token_cost_rate (or audio_input_token_cost_rate), reasoning_output_tokens at reasoning_output_token_cost_rate, audio_output_tokens at output_audio_token_cost_rate (or audio_output_token_cost_rate); a class without its own rate costs the base input or output rate. A prompt longer than long_context_threshold_tokens bills every token at the long_context_* rates (each falling back to the base rate when absent). NULL when input_token_cost_rate is missing, or when there are output tokens and no output rate (an embedding model may lack one). Callers validate the counts.';


--
-- Name: usage_tokens(jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.usage_tokens(usage jsonb, OUT format text, OUT input_tokens bigint, OUT output_tokens bigint, OUT cached_input_tokens bigint, OUT cache_write_input_tokens bigint, OUT cache_write_1h_input_tokens bigint, OUT audio_input_tokens bigint, OUT reasoning_output_tokens bigint, OUT audio_output_tokens bigint) RETURNS record
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  u jsonb := usage;
  counted jsonb := '{}';
  path text;
  v jsonb;
  n numeric;
  google_keys text[] := array['promptTokenCount', 'candidatesTokenCount', 'cachedContentTokenCount', 'thoughtsTokenCount',
                              'toolUsePromptTokenCount', 'totalTokenCount', 'promptTokensDetails'];
  own_keys text[] := array['cached_input_tokens', 'cache_write_input_tokens', 'cache_write_1h_input_tokens',
                           'audio_input_tokens', 'reasoning_output_tokens', 'audio_output_tokens'];
  chat_keys text[] := array['prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details'];
  anthropic_keys text[] := array['cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation'];
  responses_keys text[] := array['input_tokens_details', 'output_tokens_details'];
  paths text[];
  write_total numeric;
begin
  -- The whole response, or its usage object: {"usage": {...}} (OpenAI, Anthropic), {"usageMetadata": {...}} (Google).
  if pg_catalog.jsonb_typeof(u -> 'usageMetadata') = 'object' then
    u := u -> 'usageMetadata';
  elsif pg_catalog.jsonb_typeof(u -> 'usage') = 'object' then
    u := u -> 'usage';
  end if;
  if u is null or pg_catalog.jsonb_typeof(u) <> 'object' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('usage must be a JSON object, got %s', coalesce(pg_catalog.jsonb_typeof(u), 'NULL')),
      detail = pg_catalog.format('usage = %s', pg_catalog.left(coalesce(usage::text, 'NULL'), 200)),
      hint = 'Pass the usage object of the provider''s response as it came back (OpenAI usage, Anthropic usage, Google usageMetadata).';
  end if;

  format := case
    when u ?| google_keys then 'google'
    when u ?| own_keys then 'ai_models_cost'
    when u ?| chat_keys then 'openai'
    when u ?| anthropic_keys then 'anthropic'
    when u ?| array['input_tokens', 'output_tokens'] then 'openai_responses'
  end;
  if format is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = 'usage is not a usage object of a known provider',
      detail = pg_catalog.format('keys: %s', (select pg_catalog.string_agg(k, ', ' order by k) from pg_catalog.jsonb_object_keys(u) as k)),
      hint = 'OpenAI: prompt_tokens / completion_tokens (or input_tokens / output_tokens); Anthropic: input_tokens, '
             'cache_creation_input_tokens, cache_read_input_tokens, output_tokens; Google: promptTokenCount, '
             'candidatesTokenCount, cachedContentTokenCount, thoughtsTokenCount.';
  end if;
  if (format = 'google' and u ?| (own_keys || chat_keys || anthropic_keys || responses_keys || array['input_tokens', 'output_tokens']))
     or (format = 'ai_models_cost' and u ?| (chat_keys || anthropic_keys || responses_keys))
     or (format = 'openai' and u ?| (anthropic_keys || responses_keys || array['input_tokens', 'output_tokens']))
     or (format = 'anthropic' and u ?| responses_keys) then
    raise exception using errcode = 'invalid_parameter_value',
      message = 'usage mixes the fields of different providers',
      detail = pg_catalog.format('keys: %s', (select pg_catalog.string_agg(k, ', ' order by k) from pg_catalog.jsonb_object_keys(u) as k)),
      hint = 'Pass one provider''s usage object unchanged; its fields mean different things per provider, so a mix '
             'cannot be billed without counting a token twice or leaving one out.';
  end if;

  paths := case format
    when 'google' then array['promptTokenCount', 'cachedContentTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount',
                             'toolUsePromptTokenCount']
    when 'ai_models_cost' then array['input_tokens', 'output_tokens'] || own_keys
    when 'openai' then array['prompt_tokens', 'prompt_tokens_details,cached_tokens', 'prompt_tokens_details,cache_write_tokens',
                             'prompt_tokens_details,audio_tokens', 'completion_tokens',
                             'completion_tokens_details,reasoning_tokens', 'completion_tokens_details,audio_tokens']
    when 'anthropic' then array['input_tokens', 'cache_creation_input_tokens', 'cache_creation,ephemeral_5m_input_tokens',
                                'cache_creation,ephemeral_1h_input_tokens', 'cache_read_input_tokens', 'output_tokens']
    else array['input_tokens', 'input_tokens_details,cached_tokens', 'input_tokens_details,cache_write_tokens',
               'input_tokens_details,audio_tokens', 'output_tokens', 'output_tokens_details,reasoning_tokens',
               'output_tokens_details,audio_tokens']
  end;
  -- Every count read: absent or null is 0, anything else a whole number of tokens, zero or more.
  foreach path in array paths loop
    v := u #> pg_catalog.string_to_array(path, ',');
    if v is null or v = 'null'::jsonb then
      n := 0;
    elsif pg_catalog.jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric >= 0
          and (v #>> '{}')::numeric = pg_catalog.trunc((v #>> '{}')::numeric) then
      n := (v #>> '{}')::numeric;
    else
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('usage field %s must be a whole number of tokens, zero or more, got %s',
                                    pg_catalog.replace(path, ',', '.'), v),
        detail = pg_catalog.format('%s usage: %s', format, pg_catalog.left(u::text, 300)),
        hint = 'Pass the usage object as the provider returned it.';
    end if;
    counted := counted || pg_catalog.jsonb_build_object(path, n);
  end loop;

  if format = 'google' then
    -- promptTokenCount includes the cached content; thoughts are billed as output, apart from candidatesTokenCount.
    input_tokens := (counted->>'promptTokenCount')::numeric + (counted->>'toolUsePromptTokenCount')::numeric;
    cached_input_tokens := (counted->>'cachedContentTokenCount')::numeric;
    cache_write_input_tokens := 0;
    cache_write_1h_input_tokens := 0;
    -- audio of the prompt, by modality (promptTokensDetails: [{"modality": "AUDIO", "tokenCount": n}])
    audio_input_tokens := coalesce((
      select pg_catalog.sum(case when pg_catalog.jsonb_typeof(d->'tokenCount') = 'number' then (d->>'tokenCount')::numeric end)
        from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(u->'promptTokensDetails') = 'array'
                                                  then u->'promptTokensDetails' else '[]'::jsonb end) as d
       where d->>'modality' = 'AUDIO'), 0);
    reasoning_output_tokens := (counted->>'thoughtsTokenCount')::numeric;
    audio_output_tokens := 0;
    output_tokens := (counted->>'candidatesTokenCount')::numeric + reasoning_output_tokens;
  elsif format = 'ai_models_cost' then
    input_tokens := (counted->>'input_tokens')::numeric;
    output_tokens := (counted->>'output_tokens')::numeric;
    cached_input_tokens := (counted->>'cached_input_tokens')::numeric;
    cache_write_input_tokens := (counted->>'cache_write_input_tokens')::numeric;
    cache_write_1h_input_tokens := (counted->>'cache_write_1h_input_tokens')::numeric;
    audio_input_tokens := (counted->>'audio_input_tokens')::numeric;
    reasoning_output_tokens := (counted->>'reasoning_output_tokens')::numeric;
    audio_output_tokens := (counted->>'audio_output_tokens')::numeric;
  elsif format = 'anthropic' then
    -- input_tokens excludes cache reads and writes; the 5-minute / 1-hour split is of cache_creation_input_tokens.
    write_total := case when u ? 'cache_creation_input_tokens' and u->'cache_creation_input_tokens' <> 'null'::jsonb
                        then (counted->>'cache_creation_input_tokens')::numeric
                        else (counted->>'cache_creation,ephemeral_5m_input_tokens')::numeric
                             + (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric end;
    if (u #> '{cache_creation,ephemeral_5m_input_tokens}' is not null
        and (counted->>'cache_creation,ephemeral_5m_input_tokens')::numeric
            + (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric <> write_total)
       or (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric > write_total then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('usage cache_creation (%s + %s) does not add up to cache_creation_input_tokens (%s)',
                                    counted->>'cache_creation,ephemeral_5m_input_tokens',
                                    counted->>'cache_creation,ephemeral_1h_input_tokens', write_total),
        detail = pg_catalog.format('anthropic usage: %s', pg_catalog.left(u::text, 300)),
        hint = 'Pass the usage object as Anthropic returned it.';
    end if;
    cache_write_1h_input_tokens := (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric;
    cache_write_input_tokens := write_total - cache_write_1h_input_tokens;
    cached_input_tokens := (counted->>'cache_read_input_tokens')::numeric;
    input_tokens := (counted->>'input_tokens')::numeric + write_total + cached_input_tokens;
    audio_input_tokens := 0;
    output_tokens := (counted->>'output_tokens')::numeric;
    reasoning_output_tokens := 0;
    audio_output_tokens := 0;
  else
    -- OpenAI (Chat Completions or Responses): the totals include the details (cached, written, audio, reasoning).
    input_tokens := coalesce((counted->>'prompt_tokens')::numeric, (counted->>'input_tokens')::numeric);
    cached_input_tokens := coalesce((counted->>'prompt_tokens_details,cached_tokens')::numeric,
                                    (counted->>'input_tokens_details,cached_tokens')::numeric);
    cache_write_input_tokens := coalesce((counted->>'prompt_tokens_details,cache_write_tokens')::numeric,
                                         (counted->>'input_tokens_details,cache_write_tokens')::numeric);
    cache_write_1h_input_tokens := 0;
    audio_input_tokens := coalesce((counted->>'prompt_tokens_details,audio_tokens')::numeric,
                                   (counted->>'input_tokens_details,audio_tokens')::numeric);
    output_tokens := coalesce((counted->>'completion_tokens')::numeric, (counted->>'output_tokens')::numeric);
    reasoning_output_tokens := coalesce((counted->>'completion_tokens_details,reasoning_tokens')::numeric,
                                        (counted->>'output_tokens_details,reasoning_tokens')::numeric);
    audio_output_tokens := coalesce((counted->>'completion_tokens_details,audio_tokens')::numeric,
                                    (counted->>'output_tokens_details,audio_tokens')::numeric);
  end if;
end
$$;


--
-- Name: FUNCTION usage_tokens(usage jsonb, OUT format text, OUT input_tokens bigint, OUT output_tokens bigint, OUT cached_input_tokens bigint, OUT cache_write_input_tokens bigint, OUT cache_write_1h_input_tokens bigint, OUT audio_input_tokens bigint, OUT reasoning_output_tokens bigint, OUT audio_output_tokens bigint); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.usage_tokens(usage jsonb, OUT format text, OUT input_tokens bigint, OUT output_tokens bigint, OUT cached_input_tokens bigint, OUT cache_write_input_tokens bigint, OUT cache_write_1h_input_tokens bigint, OUT audio_input_tokens bigint, OUT reasoning_output_tokens bigint, OUT audio_output_tokens bigint) IS 'Reads a provider''s usage object (OpenAI Chat Completions usage or Responses usage, Anthropic usage, Google usageMetadata, or ai_models_cost''s own keys; the whole response is accepted too) into the token classes of ai_model_sync.usage_cost, whose input_tokens is the whole prompt and output_tokens the whole output. OpenAI''s prompt_tokens already include cached, written and audio tokens; Anthropic''s input_tokens exclude cache reads and writes (added here); Google''s promptTokenCount includes cachedContentTokenCount, and thoughtsTokenCount is output outside candidatesTokenCount. Raises on a non-object, an unknown or mixed shape, or a count that is not a whole number of tokens.';


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
-- Name: with_consensus(jsonb, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.with_consensus(catalog jsonb, consensus jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
  select case
    when consensus is null then catalog
    when consensus ? 'long_context_threshold_tokens'
         and catalog->'long_context_threshold_tokens' is distinct from consensus->'long_context_threshold_tokens' then
      -- the consensus brings its own long-context tier (policy follow): the catalog's other tier goes
      coalesce((select pg_catalog.jsonb_object_agg(c.key, c.value) from pg_catalog.jsonb_each(catalog) as c
                 where c.key not like 'long\_context\_%'), '{}'::jsonb) || consensus
    else coalesce(catalog, '{}'::jsonb) || consensus
  end
$$;


--
-- Name: FUNCTION with_consensus(catalog jsonb, consensus jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.with_consensus(catalog jsonb, consensus jsonb) IS 'The catalog layer of a model''s defaults with the consensus keys the price policy lets in (consensus_layer) on top; a consensus long-context tier replaces a catalog tier at another threshold. What model_defaults gets as its catalog: the provider''s own prices and the admin tier stay above. No SET search_path so that it inlines; every name is schema-qualified.';


--
-- Name: write_plan(text, jsonb); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.write_plan(provider text, guard jsonb) RETURNS jsonb
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with updated as (
    update public.ai_providers t
       set config = coalesce(p.m->'config', p.defaults), defaults_snapshot = p.defaults,
           name = p.new_name, name_snapshot = p.name,
           description = p.new_description, description_snapshot = p.description,
           is_active = p.new_active, is_listed = true, updated_at = now()
      from pg_temp.ai_model_sync_plan p
     where t.provider = write_plan.provider and t.id = p.row_id and p.action in ('update', 'reactivate')
    returning t.id
  ),
  inserted as (
    insert into public.ai_providers
      (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot,
       is_active, is_listed)
    select write_plan.provider, p.api_identifier, p.name, p.description, p.defaults, p.defaults, p.name, p.description,
           true, true
      from pg_temp.ai_model_sync_plan p
     where p.action = 'insert'
     order by p.ord
    -- a row inserted by hand since the plan was made wins; the report then misses that model (settle_unchanged
    -- notices and merges the next list in full)
    on conflict (provider, api_identifier) do nothing
    returning id
  ),
  deactivated as (
    update public.ai_providers t
       set is_listed = false,
           is_active = case when g.deactivates then false else t.is_active end,
           updated_at = now()
      from pg_temp.ai_model_sync_gone g
     where t.provider = write_plan.provider and t.id = g.id
       and (not (guard->>'holds')::boolean or g.filtered is not null) -- issue 15: filtered ones always go
    returning t.api_identifier, g.deactivates, g.filtered
  )
  select jsonb_build_object(
    'inserted', (select count(*) from inserted),
    'written', (select count(*) from updated),
    'deactivated_models', (select coalesce(jsonb_agg(d.api_identifier order by d.api_identifier), '[]'::jsonb)
                             from deactivated d where d.deactivates),
    -- issue 15: why each was deactivated
    'deactivated_reasons', (select coalesce(jsonb_agg(jsonb_build_object(
                                 'api_identifier', d.api_identifier,
                                 'reason', coalesce('filtered: ' || d.filtered, 'not in the provider''s list'))
                               order by d.api_identifier), '[]'::jsonb)
                              from deactivated d where d.deactivates))
$$;


--
-- Name: FUNCTION write_plan(provider text, guard jsonb); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.write_plan(provider text, guard jsonb) IS 'Step 6 of apply_batch: writes the plan in one statement: updates the rows planned as update or reactivate, inserts the new models (a row inserted by hand meanwhile wins), marks the gone rows unlisted and deactivates them unless the guard holds (those the model filters removed always). Rows planned as unchanged or manual are not touched. Returns what it wrote.';


--
-- Name: write_price_origins(text); Type: FUNCTION; Schema: ai_model_sync; Owner: -
--

CREATE FUNCTION ai_model_sync.write_price_origins(provider text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- An UPDATE joined to the plan and an INSERT of the models without a row, not INSERT ... ON CONFLICT DO UPDATE:
  -- that one locks every conflicting row, also the unchanged ones, which made the full merge of 100,000 models
  -- a quarter slower (make bench).
  with planned as (
    select p.ord, p.api_identifier, p.price_origins
      from pg_temp.ai_model_sync_plan p
     -- a hand-made row is never the sync's: its prices are all manual
     where p.action <> 'manual'
  ),
  -- a model without a price key has no origins to tell: no row (the views list price keys only); a row left
  -- from when it had prices goes
  deleted as (
    delete from ai_model_sync.price_origins o
     using planned p
     where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier
       and p.price_origins = '{}'::jsonb
  ),
  updated as (
    update ai_model_sync.price_origins o
       set origins = p.price_origins
      from planned p
     where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier
       and p.price_origins <> '{}'::jsonb and o.origins is distinct from p.price_origins
    returning o.api_identifier
  )
  insert into ai_model_sync.price_origins (provider, api_identifier, origins)
  select write_price_origins.provider, p.api_identifier, p.price_origins
    from planned p
   where p.price_origins <> '{}'::jsonb
     and not exists (select from ai_model_sync.price_origins o
                      where o.provider = write_price_origins.provider and o.api_identifier = p.api_identifier)
   order by p.ord
  on conflict (provider, api_identifier) do nothing
$$;


--
-- Name: FUNCTION write_price_origins(provider text); Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON FUNCTION ai_model_sync.write_price_origins(provider text) IS 'Step 6b of apply_batch (issue 13): stores, per planned model of the provider, where each price of its defaults came from (pg_temp.ai_model_sync_plan.price_origins: admin, provider, consensus with its sources, imported, builtin, stale) in ai_model_sync.price_origins, writing only the models whose origins changed or are new; a model without any price key has no row. Read by the views ai_models_price_origin and ai_models_price_drift.';


--
-- Name: ai_models_apply_pending(boolean); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_apply_pending(force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;


--
-- Name: FUNCTION ai_models_apply_pending(force boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_apply_pending(force boolean) IS 'Like CALL sync_ai_models(), inside the caller''s transaction: applies the pending price tables, then every provider''s newest pending batch (each in a subtransaction, so a bad batch fails alone) and returns the reports as a JSON array. For dry runs: BEGIN; SELECT ai_models_apply_pending(); ROLLBACK;';


--
-- Name: ai_models_check(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_check() RETURNS TABLE(invariant text, provider text, api_identifier text, detail text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- unique (provider, api_identifier). The table's unique constraint enforces it; checked anyway so that the
  -- function stands on its own (a dropped or deferred constraint would show here).
  select 'duplicate_model', p.provider, p.api_identifier,
         pg_catalog.format('%s rows share this provider and api_identifier', pg_catalog.count(*))
    from public.ai_providers p
   group by p.provider, p.api_identifier
  having pg_catalog.count(*) > 1

  union all
  -- every synced row has its snapshots. The sync sets is_listed, defaults_snapshot and name_snapshot together;
  -- rows created by hand have none of them. A row with some but not all was half-written.
  select 'snapshot_missing', p.provider, p.api_identifier,
         pg_catalog.format('is_listed = %s, defaults_snapshot %s, name_snapshot %s',
                           coalesce(p.is_listed::text, 'NULL'),
                           case when p.defaults_snapshot is null then 'NULL' else 'set' end,
                           case when p.name_snapshot is null then 'NULL' else 'set' end)
    from public.ai_providers p
   where (p.is_listed is not null or p.defaults_snapshot is not null)
     and (p.is_listed is null or p.defaults_snapshot is null or p.name_snapshot is null)

  union all
  -- config (and the defaults the sync computed) valid: costs non-negative numbers or null, token counts positive
  -- whole numbers, tokenization_strategy of a known type. The trigger on ai_providers checks manual writes only
  -- (it skips config = defaults_snapshot), so invalid defaults coming from a payload or the catalog show up here.
  select 'config_invalid', p.provider, p.api_identifier, pg_catalog.format('%s: %s', v.col, b.problem)
    from public.ai_providers p
   cross join lateral (values ('config', p.config), ('defaults_snapshot', p.defaults_snapshot)) as v(col, cfg)
    join (
      -- config_problem() costs tens of microseconds a call: run it once per distinct value (most rows have
      -- config = defaults_snapshot, and many rows share their defaults)
      select d.cfg, ai_model_sync.config_problem(d.cfg) as problem
        from (select x.config from public.ai_providers x
              union
              select x.defaults_snapshot from public.ai_providers x where x.defaults_snapshot is not null) as d(cfg)
    ) as b on b.cfg = v.cfg
   where b.problem is not null

  union all
  -- hard_cap_output_tokens <= provider_max_output_tokens where both are known numbers (SPEC 4.2), in config and in
  -- the defaults.
  select 'cap_above_max', p.provider, p.api_identifier,
         pg_catalog.format('%s: hard_cap_output_tokens %s > provider_max_output_tokens %s',
                           v.col, v.cfg->'hard_cap_output_tokens', v.cfg->'provider_max_output_tokens')
    from public.ai_providers p
   cross join lateral (values ('config', p.config), ('defaults_snapshot', p.defaults_snapshot)) as v(col, cfg)
   where pg_catalog.jsonb_typeof(v.cfg->'hard_cap_output_tokens') = 'number'
     and pg_catalog.jsonb_typeof(v.cfg->'provider_max_output_tokens') = 'number'
     and (v.cfg->>'hard_cap_output_tokens')::numeric > (v.cfg->>'provider_max_output_tokens')::numeric

  union all
  -- no pending batch older than one that was applied: the sync supersedes older pending batches when it applies
  -- a newer one, and supersedes a stale one on the next CALL. (A batch staged with an old fetched_at while a sync
  -- runs shows here until the next CALL settles it.) Age is the sync's order: fetched_at, then id.
  select 'stale_pending_batch', f.provider, null::text,
         pg_catalog.format('batch %s (fetched %s) is pending, but batch %s, fetched later (%s), was applied',
                           f.id, f.fetched_at, a.id, a.fetched_at)
    from public.ai_model_fetches f
   cross join lateral (
     select a.id, a.fetched_at
       from public.ai_model_fetches a
      where a.provider = f.provider and a.status = 'applied' and (a.fetched_at, a.id) > (f.fetched_at, f.id)
      order by a.fetched_at desc, a.id desc
      limit 1
   ) as a
   where f.status = 'pending'

  union all
  -- every settled batch says what happened: a report, and for a failed one an error message.
  select 'batch_without_report', f.provider, null::text,
         pg_catalog.format('batch %s is %s but has %s', f.id, f.status,
                           case when f.report is null then 'no report' else 'an empty error' end)
    from public.ai_model_fetches f
   where f.status <> 'pending'
     and (f.report is null or (f.status = 'failed' and pg_catalog.btrim(coalesce(f.error, '')) = ''))

  union all
  -- every model of a provider's newest applied list has a row, and a synced row the sync counts as listed:
  -- nothing was lost, nothing was deactivated that the list contains. (An admin may still set is_active = false
  -- on a listed model by hand; is_listed records what the sync saw, so only the sync's own decision is checked.)
  select case when p.id is null then 'listed_model_missing' else 'listed_model_deactivated' end,
         n.provider, s.api_identifier,
         case when p.id is null
              then pg_catalog.format('batch %s lists it but ai_providers has no row', n.id)
              else pg_catalog.format('batch %s lists it but is_listed = %s, is_active = %s',
                                     n.id, coalesce(p.is_listed::text, 'NULL'), p.is_active)
         end
    from (
      select distinct on (f.provider) f.id, f.provider, f.payload
        from public.ai_model_fetches f
       where f.status = 'applied' and pg_catalog.jsonb_typeof(f.payload) = 'array' -- always, for an applied batch
       order by f.provider, f.fetched_at desc, f.id desc
    ) as n
   cross join lateral ai_model_sync.staged_models(n.provider, n.payload) as s
    left join public.ai_providers p on p.provider = n.provider and p.api_identifier = s.api_identifier
   where p.id is null or (p.defaults_snapshot is not null and p.is_listed is distinct from true)

  order by 1, 2, 3, 4
$$;


--
-- Name: FUNCTION ai_models_check(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_check() IS 'The catalog''s invariants; returns one row per violation (invariant, provider, api_identifier, detail), none when all hold: duplicate_model, snapshot_missing (a synced row without defaults_snapshot/name_snapshot/is_listed), config_invalid (config or defaults_snapshot fails ai_model_sync.config_problem), cap_above_max (hard_cap_output_tokens > provider_max_output_tokens), stale_pending_batch (pending but older than an applied batch), batch_without_report (settled without report or error), listed_model_missing / listed_model_deactivated (a model of the provider''s newest applied list without a row, or with a synced row not marked listed). Read-only; the reliability tests call it after every scenario.';


--
-- Name: ai_models_config_at(text, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_config_at(provider text, api_identifier text, at timestamp with time zone DEFAULT now()) RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- Every row that may have carried the name at that time: the row that carries it now, and rows that left it
  -- (deleted or renamed) after that time. For each, its state at that time is the old state kept by its first
  -- update or delete after it, else the row as it is now.
  with candidates as (
    select p.id as model_id from public.ai_providers p
     where p.provider = ai_models_config_at.provider and p.api_identifier = ai_models_config_at.api_identifier
    union
    select h.model_id from public.ai_provider_history h
     where h.provider = ai_models_config_at.provider and h.api_identifier = ai_models_config_at.api_identifier
       and (h.operation = 'delete' or h.changes ?| array['provider', 'api_identifier'])
       and h.changed_at > ai_models_config_at.at
  )
  select coalesce(nxt.old_config, cur.config)
    from candidates c
    left join lateral (
      select h.provider, h.api_identifier, h.old_config, h.model_created_at
        from public.ai_provider_history h
       where h.model_id = c.model_id and h.operation in ('update', 'delete') and h.changed_at > ai_models_config_at.at
       order by h.id
       limit 1
    ) as nxt on true
    left join public.ai_providers cur on cur.id = c.model_id and nxt.model_created_at is null
   where coalesce(nxt.provider, cur.provider) = ai_models_config_at.provider
     and coalesce(nxt.api_identifier, cur.api_identifier) = ai_models_config_at.api_identifier
     and coalesce(nxt.model_created_at, cur.created_at) <= ai_models_config_at.at
   limit 1
$$;


--
-- Name: FUNCTION ai_models_config_at(provider text, api_identifier text, at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_config_at(provider text, api_identifier text, at timestamp with time zone) IS 'The config of a model as of a time: what did we charge for gpt-4o on 3 March? select ai_models_config_at(''openai'', ''gpt-4o'', ''2026-03-03 12:00+00''). From ai_provider_history: the old config kept by the row''s first update or delete after that time, else its current config; renames and deletes are followed. NULL when no row had that provider and api_identifier then (a row counts from its created_at).';


--
-- Name: ai_models_cost(text, text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_cost(provider text, api_identifier text, usage jsonb, at timestamp with time zone DEFAULT now()) RETURNS numeric
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  t record;
begin
  -- a NULL provider or id is request_cost's error, as for the positional form
  select * into t from ai_model_sync.usage_tokens(usage);
  return ai_model_sync.request_cost(provider, api_identifier, at, t.input_tokens, t.output_tokens, t.cached_input_tokens,
                                    t.cache_write_input_tokens, t.cache_write_1h_input_tokens, t.audio_input_tokens,
                                    t.reasoning_output_tokens, t.audio_output_tokens);
end
$$;


--
-- Name: FUNCTION ai_models_cost(provider text, api_identifier text, usage jsonb, at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_cost(provider text, api_identifier text, usage jsonb, at timestamp with time zone) IS 'The cost in USD of a request from the provider''s own usage object, passed as it came back: OpenAI''s usage (Chat Completions prompt_tokens / completion_tokens with their details, or Responses input_tokens / output_tokens), Anthropic''s usage (input_tokens, cache_creation_input_tokens with its 5-minute / 1-hour split, cache_read_input_tokens, output_tokens) or Google''s usageMetadata; ai_model_sync.usage_tokens reads it so that no token is counted twice or left out, ai_model_sync.usage_cost bills each class (cache reads and writes, audio, reasoning) at its rate, with the prices in force at at. Readers price active models only; errors as the positional form. SECURITY DEFINER with a pinned search_path, so that readers may price usage without reading history.';


--
-- Name: ai_models_cost(text, text, bigint, bigint, bigint, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_cost(provider text, api_identifier text, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint DEFAULT 0, at timestamp with time zone DEFAULT now()) RETURNS numeric
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  model text := pg_catalog.format('%s/%s', provider, api_identifier);
begin
  if input_tokens is null or output_tokens is null or cached_input_tokens is null
     or input_tokens < 0 or output_tokens < 0 or cached_input_tokens < 0 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('token counts must be zero or more for %s', model),
      detail = pg_catalog.format('input_tokens = %s, output_tokens = %s, cached_input_tokens = %s',
                                 coalesce(input_tokens::text, 'NULL'), coalesce(output_tokens::text, 'NULL'),
                                 coalesce(cached_input_tokens::text, 'NULL')),
      hint = 'Pass the usage the provider reported; a request that used no tokens of a kind passes 0.';
  end if;
  if cached_input_tokens > input_tokens then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('cached_input_tokens (%s) exceeds input_tokens (%s) for %s', cached_input_tokens, input_tokens, model),
      detail = 'input_tokens counts the whole prompt, cached tokens included.',
      hint = 'OpenAI reports cached tokens inside prompt_tokens. For Anthropic (whose input_tokens exclude cache reads '
             'and writes) pass its usage object as it came back: ai_models_cost(''anthropic'', id, usage), which also '
             'bills cache writes.';
  end if;
  return ai_model_sync.request_cost(provider, api_identifier, at, input_tokens, output_tokens, cached_input_tokens,
                                    0, 0, 0, 0, 0);
end
$$;


--
-- Name: FUNCTION ai_models_cost(provider text, api_identifier text, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_cost(provider text, api_identifier text, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint, at timestamp with time zone) IS 'The cost in USD of a request: input_tokens (the whole prompt, cached_input_tokens included), output_tokens and cached_input_tokens, priced with the model''s config as of at (ai_provider_history, so past usage is billed at past prices, and the catalog''s dated price in force at at), see ai_model_sync.usage_cost for the rates. Cache writes, audio and reasoning tokens: use ai_models_cost(provider, api_identifier, usage jsonb, at). Readers price active models only. Unknown, inactive or unpriced model, negative counts: errors with detail and hint. SECURITY DEFINER so that readers may price usage without reading history.';


--
-- Name: ai_models_prune_fetches(interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_prune_fetches(retention interval DEFAULT '30 days'::interval) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION ai_models_prune_fetches(retention interval); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_prune_fetches(retention interval) IS 'Deletes staged batches and price-table copies (ai_price_fetches) settled (applied, superseded or failed) longer ago than the retention, keeping each provider''s and each price source''s newest applied one and every pending one; returns how many it deleted. Run daily by the ai_models_prune_fetches pg_cron job (see ai_models_schedule). History (ai_provider_history) is not pruned.';


--
-- Name: ai_models_schedule(text, interval, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_schedule(cron text DEFAULT '0 * * * *'::text, retention interval DEFAULT '30 days'::interval, prune_cron text DEFAULT '30 3 * * *'::text) RETURNS TABLE(jobid bigint, jobname text, schedule text, command text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- Validated strictly before pg_cron sees it (issue 10), and before the prerequisites: the first error is the bad
  -- expression (schedule_job checks again, as for every job of ours).
  perform ai_model_sync.check_schedule('ai_models_sync', cron);
  perform ai_model_sync.check_schedule('ai_models_prune_fetches', prune_cron);
  perform ai_model_sync.require_pg_cron();
  if retention is null or retention <= interval '0' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the retention must be a positive interval, got %s', coalesce(retention::text, 'NULL')),
      hint = 'For example ai_models_schedule(''0 * * * *'', ''30 days'').';
  end if;
  -- One transaction: if the second job is refused, the first one is not changed either.
  perform ai_model_sync.schedule_job('ai_models_sync', cron, 'CALL public.sync_ai_models()');
  perform ai_model_sync.schedule_job('ai_models_prune_fetches', prune_cron,
    pg_catalog.format('SELECT public.ai_models_prune_fetches(%L::interval)', retention));
  return query execute
    'select j.jobid, j.jobname::text, j.schedule, j.command from cron.job j
      where j.jobname in (''ai_models_sync'', ''ai_models_prune_fetches'') and j.username = current_user
      order by j.jobname';
end
$$;


--
-- Name: FUNCTION ai_models_schedule(cron text, retention interval, prune_cron text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_schedule(cron text, retention interval, prune_cron text) IS 'Creates or updates (by name, so calling it again changes the schedule and never duplicates) two pg_cron jobs of the current user in this database: ai_models_sync runs CALL sync_ai_models() on cron (default hourly), ai_models_prune_fetches prunes staged lists settled longer ago than retention on prune_cron (default daily 03:30); both schedules are validated strictly first (ai_model_sync.check_schedule). Needs the pg_cron extension here; says how to install it otherwise. Returns the two jobs.';


--
-- Name: ai_models_schedule_edge_function(text, text, text, text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_schedule_edge_function(url text, cron text DEFAULT '0 * * * *'::text, secret_name text DEFAULT 'ai_model_sync_function_secret'::text, jwt_secret_name text DEFAULT NULL::text, timeout_milliseconds integer DEFAULT 30000) RETURNS TABLE(jobid bigint, jobname text, schedule text, command text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  found integer;
  headers text;
  vault_name text;
begin
  if url is null or url !~ '^https?://[^/?#@\s]+(/[^?#\s]*)?$' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the function URL must be an http(s) URL without credentials or query, got %L', url),
      hint = 'For example ai_models_schedule_edge_function(''https://<project-ref>.supabase.co/functions/v1/sync-ai-models'').';
  end if;
  -- strictly, before the prerequisites (issue 10; schedule_job checks again)
  perform ai_model_sync.check_schedule('ai_models_sync_edge_function', cron);
  if timeout_milliseconds is null or timeout_milliseconds < 1000 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('timeout_milliseconds must be at least 1000, got %s', coalesce(timeout_milliseconds::text, 'NULL'));
  end if;
  if pg_catalog.to_regnamespace('net') is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = 'pg_net is not installed in this database: the job calls the Edge Function with net.http_post()',
      hint = 'Supabase: enable pg_net under Database > Extensions (or create extension pg_net;).';
  end if;
  if pg_catalog.to_regclass('vault.decrypted_secrets') is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = 'Supabase Vault (vault.decrypted_secrets) is not available: the job reads the function''s secret from it',
      hint = 'Supabase: Vault is enabled on every project (Database > Vault); elsewhere create extension supabase_vault;.';
  end if;
  foreach vault_name in array array[secret_name, jwt_secret_name] loop
    continue when vault_name is null;
    execute 'select pg_catalog.count(*)::integer from vault.decrypted_secrets where name = $1' into found using vault_name;
    if found = 0 then
      raise exception using errcode = 'undefined_object',
        message = pg_catalog.format('no Vault secret named %L', vault_name),
        hint = pg_catalog.format('Store it once: select vault.create_secret(''<the value>'', %L); the job reads it at every run, '
                                 'it is never copied into cron.job.', vault_name);
    end if;
  end loop;
  perform ai_model_sync.require_pg_cron();
  -- The secret is read from Vault when the job runs: cron.job holds only its name.
  if jwt_secret_name is null then
    -- the Edge Function deployed with --no-verify-jwt: the secret is the bearer token
    headers := pg_catalog.format(
      'jsonb_build_object(''Content-Type'', ''application/json'', ''Authorization'', ''Bearer '' || '
      '(select decrypted_secret from vault.decrypted_secrets where name = %L))', secret_name);
  else
    -- Supabase's JWT verification on: the JWT (e.g. the anon key) as the bearer token, the secret in its own header
    headers := pg_catalog.format(
      'jsonb_build_object(''Content-Type'', ''application/json'', '
      '''Authorization'', ''Bearer '' || (select decrypted_secret from vault.decrypted_secrets where name = %L), '
      '''x-ai-model-sync-secret'', (select decrypted_secret from vault.decrypted_secrets where name = %L))',
      jwt_secret_name, secret_name);
  end if;
  perform ai_model_sync.schedule_job('ai_models_sync_edge_function', cron, pg_catalog.format(
    'select net.http_post(url := %L, headers := %s, body := ''{}''::jsonb, timeout_milliseconds := %s)',
    url, headers, timeout_milliseconds));
  return query execute
    'select j.jobid, j.jobname::text, j.schedule, j.command from cron.job j
      where j.jobname = ''ai_models_sync_edge_function'' and j.username = current_user';
end
$_$;


--
-- Name: FUNCTION ai_models_schedule_edge_function(url text, cron text, secret_name text, jwt_secret_name text, timeout_milliseconds integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_schedule_edge_function(url text, cron text, secret_name text, jwt_secret_name text, timeout_milliseconds integer) IS 'Creates or updates the pg_cron job ai_models_sync_edge_function, which POSTs to the sync-ai-models Edge Function at url on cron (default hourly) with pg_net, the function secret read from Supabase Vault (secret_name) at every run, never stored in the job. With jwt_secret_name (a Vault secret holding a JWT such as the anon key) the JWT is the bearer token and the secret goes in x-ai-model-sync-secret, so that Supabase''s JWT verification may stay on; without it the function must be deployed with --no-verify-jwt. Needs pg_cron, pg_net and Vault; says how to get each otherwise. Remove the job with select cron.unschedule(''ai_models_sync_edge_function''). Returns the job.';


--
-- Name: ai_models_unschedule(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ai_models_unschedule() RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION ai_models_unschedule(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.ai_models_unschedule() IS 'Removes the ai_models_sync and ai_models_prune_fetches pg_cron jobs of this database; returns how many it removed (0 when none was scheduled). Removing another user''s job needs superuser rights.';


--
-- Name: sync_ai_models(boolean); Type: PROCEDURE; Schema: public; Owner: -
--

CREATE PROCEDURE public.sync_ai_models(IN force boolean DEFAULT false)
    LANGUAGE plpgsql
    AS $$
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


--
-- Name: PROCEDURE sync_ai_models(IN force boolean); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON PROCEDURE public.sync_ai_models(IN force boolean) IS 'Applies the newest pending copy of each price table (ai_price_fetches), then every pending staged batch: per provider the newest one, in its own transaction (older ones are superseded, a failing one is marked failed with its error and changes nothing). force => true lets a list deactivate more than half of a provider''s models. Call it outside an explicit transaction block (psql, pg_cron); inside one, use ai_models_apply_pending().';


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


--
-- Name: applying_batches; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.applying_batches (
    xact xid8 NOT NULL,
    batch_id bigint NOT NULL,
    opened_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE applying_batches; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.applying_batches IS 'The staged batch each transaction is applying (ai_model_sync.open_batch), removed again by close_batch or the transaction''s rollback. Owner-only: the history triggers trust it, not the ai_model_sync.batch_id setting.';


--
-- Name: code_files; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.code_files (
    path text NOT NULL,
    object text NOT NULL,
    digest text NOT NULL,
    loaded_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE code_files; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.code_files IS 'The code files (db/code) loaded into this database: one row per file, with the object it defines and the digest of the content loaded, so that a load executes only what changed and drops what was removed.';


--
-- Name: COLUMN code_files.object; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.code_files.object IS 'The object the file defines, as DROP takes it: "function ai_model_sync.apply_batch(bigint, boolean)".';


--
-- Name: COLUMN code_files.digest; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.code_files.digest IS 'SHA-256 of the file''s content when it was last executed.';


--
-- Name: kind_rules; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.kind_rules (
    provider text NOT NULL,
    "position" integer NOT NULL,
    pattern text NOT NULL,
    like_pattern text GENERATED ALWAYS AS (replace(replace(replace(replace(replace(pattern, '\'::text, '\\'::text), '%'::text, '\%'::text), '_'::text, '\_'::text), '*'::text, '%'::text), '?'::text, '_'::text)) STORED NOT NULL,
    config jsonb NOT NULL,
    source_url text,
    notes text,
    CONSTRAINT kind_rules_config_check CHECK (((jsonb_typeof(config) = 'object'::text) AND (ai_model_sync.config_problem(config) IS NULL))),
    CONSTRAINT kind_rules_pattern_check CHECK ((pattern <> ''::text)),
    CONSTRAINT kind_rules_position_check CHECK (("position" > 0)),
    CONSTRAINT kind_rules_provider_check CHECK ((provider <> ''::text))
);


--
-- Name: TABLE kind_rules; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.kind_rules IS 'Built-in rules by id pattern (db/catalog/kinds/<provider>.json, loaded with the catalog): the kind, modalities and supports_* flags of the ids a provider''s list does not describe. The first rule (lowest position) whose pattern matches an id applies; its config is the lowest layer of the defaults, below every catalog entry and what the list reports. Replaced wholesale per provider by ai_model_sync.load_kind_rules().';


--
-- Name: COLUMN kind_rules."position"; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.kind_rules."position" IS 'The rule''s place in its file: the first matching rule wins.';


--
-- Name: COLUMN kind_rules.pattern; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.kind_rules.pattern IS 'A glob on the whole api_identifier: * any characters, ? one character (ai_model_sync.glob_like), case-sensitive.';


--
-- Name: COLUMN kind_rules.like_pattern; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.kind_rules.like_pattern IS 'pattern as a LIKE pattern (generated).';


--
-- Name: COLUMN kind_rules.config; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.kind_rules.config IS 'The config keys the rule sets: kind, input_modalities, output_modalities, supports_*.';


--
-- Name: model_filters; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.model_filters (
    provider text NOT NULL,
    include text[],
    exclude text[],
    kinds text[],
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT model_filters_provider_check CHECK ((provider <> ''::text))
);


--
-- Name: TABLE model_filters; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.model_filters IS 'Which listed models the sync keeps, per provider, and for every provider in the row provider = ''*''. Written by the fetcher from AI_MODEL_SYNC_<PROVIDER>_INCLUDE / _EXCLUDE / AI_MODEL_SYNC_KINDS, or by hand; read by the merge, so CALL sync_ai_models() from pg_cron obeys it. A model the filters drop is deactivated like an unlisted one (not counted by the deactivation guard) and reported with the reason.';


--
-- Name: COLUMN model_filters.provider; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.model_filters.provider IS 'A provider name, or * for the defaults of every provider.';


--
-- Name: COLUMN model_filters.include; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.model_filters.include IS 'Globs on the id (* and ?): when set, only ids matching one of them are kept. The provider''s row, else the * row.';


--
-- Name: COLUMN model_filters.exclude; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.model_filters.exclude IS 'Globs on the id: ids matching one are dropped. The provider''s row and the * row both apply.';


--
-- Name: COLUMN model_filters.kinds; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.model_filters.kinds IS 'When set, only models of these kinds are kept (the word unclassified keeps models of unknown kind). The provider''s row, else the * row.';


--
-- Name: price_origins; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.price_origins (
    provider text NOT NULL,
    api_identifier text NOT NULL,
    origins jsonb NOT NULL
);


--
-- Name: TABLE price_origins; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.price_origins IS 'Per synced model with at least one price key in its defaults, for each such key: {"key": {"origin": "builtin|imported|provider|admin|consensus|stale", "sources": [...]}} as the last merge layered them. Written by ai_model_sync.write_price_origins, read by the views ai_models_price_origin and ai_models_price_drift.';


--
-- Name: price_settings; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.price_settings (
    singleton boolean DEFAULT true NOT NULL,
    policy text DEFAULT 'fill'::text NOT NULL,
    quorum integer DEFAULT 2 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT price_settings_policy_check CHECK ((policy = ANY (ARRAY['fill'::text, 'follow'::text, 'report'::text]))),
    CONSTRAINT price_settings_quorum_check CHECK ((quorum >= 1)),
    CONSTRAINT price_settings_singleton_check CHECK (singleton)
);


--
-- Name: TABLE price_settings; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.price_settings IS 'One row: how consensus prices enter the defaults. policy fill (only keys nothing else sets), follow (also replace built-in and imported values) or report (nothing applied); quorum = how many sources must give the same value.';


--
-- Name: price_values; Type: TABLE; Schema: ai_model_sync; Owner: -
--

CREATE TABLE ai_model_sync.price_values (
    source text NOT NULL,
    provider text NOT NULL,
    api_identifier text NOT NULL,
    key text NOT NULL,
    value numeric NOT NULL,
    fetch_id bigint NOT NULL,
    since timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE price_values; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON TABLE ai_model_sync.price_values IS 'Per source, model and config key, the value (USD per single token; tokens for long_context_threshold_tokens) of the source''s newest applied copy. Rewritten only where a value changed.';


--
-- Name: COLUMN price_values.fetch_id; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.price_values.fetch_id IS 'The ai_price_fetches copy the value was last read from.';


--
-- Name: COLUMN price_values.since; Type: COMMENT; Schema: ai_model_sync; Owner: -
--

COMMENT ON COLUMN ai_model_sync.price_values.since IS 'When the source first gave this value (its first applied copy that did).';


--
-- Name: schema_migrations; Type: TABLE; Schema: ai_model_sync_migrations; Owner: -
--

CREATE TABLE ai_model_sync_migrations.schema_migrations (
    version character varying(128) NOT NULL
);


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
    prices jsonb,
    CONSTRAINT ai_model_catalog_admin_prices_check CHECK (((prices IS NULL) OR (tier <> 'admin'::ai_model_sync.catalog_tier))),
    CONSTRAINT ai_model_catalog_config_check CHECK ((ai_model_sync.config_problem(config) IS NULL)),
    CONSTRAINT ai_model_catalog_match_check CHECK ((match = ANY (ARRAY['exact'::text, 'family'::text]))),
    CONSTRAINT ai_model_catalog_model_check CHECK ((model <> ''::text)),
    CONSTRAINT ai_model_catalog_prices_check CHECK (((prices IS NULL) OR (jsonb_typeof(prices) = 'array'::text))),
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
-- Name: COLUMN ai_model_catalog.prices; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_model_catalog.prices IS 'Dated prices: [{"from": "YYYY-MM-DD", "until": "YYYY-MM-DD", "config": {cost keys}}], either bound optional, from its first day (00:00 UTC) through its last (until inclusive), periods not overlapping. The period in force overlays config (ai_model_sync.catalog_config_at); outside every period config holds. NULL: none. Validated by ai_model_sync.catalog_entry_problems; builtin and imported tiers only (docs/pricing-rules.md).';


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
-- Name: ai_models_active; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_active WITH (security_barrier='true', security_invoker='true') AS
 SELECT p.id,
    p.provider,
    p.api_identifier,
    p.name,
    p.description,
    p.config,
    p.created_at,
    p.updated_at,
    (p.config ->> 'kind'::text) AS kind,
        CASE
            WHEN (jsonb_typeof((p.config -> 'input_modalities'::text)) = 'array'::text) THEN ARRAY( SELECT jsonb_array_elements_text((p.config -> 'input_modalities'::text)) AS jsonb_array_elements_text)
            ELSE NULL::text[]
        END AS input_modalities,
        CASE
            WHEN (jsonb_typeof((p.config -> 'output_modalities'::text)) = 'array'::text) THEN ARRAY( SELECT jsonb_array_elements_text((p.config -> 'output_modalities'::text)) AS jsonb_array_elements_text)
            ELSE NULL::text[]
        END AS output_modalities
   FROM public.ai_providers p
  WHERE p.is_active;


--
-- Name: VIEW ai_models_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_active IS 'The models an application may use (is_active), without the sync''s bookkeeping columns, with kind and the input and output modalities (text[]) as columns (docs/capabilities.md). What ai_models_reader reads: on plain PostgreSQL the view runs with its owner''s rights (the reader has no access to ai_providers, security_barrier keeps inactive rows from leaking through leaky functions); on Supabase it runs with the caller''s rights and row-level security filters ai_providers (see ai_model_sync.enable_row_level_security).';


--
-- Name: ai_models_overrides; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_overrides WITH (security_invoker='true') AS
 SELECT p.id AS model_id,
    p.provider,
    p.api_identifier,
    p.is_active,
    o.key,
    o.value,
    o.default_value
   FROM (public.ai_providers p
     CROSS JOIN LATERAL ( SELECT c.key,
            c.value,
            (p.defaults_snapshot -> c.key) AS default_value
           FROM jsonb_each(p.config) c(key, value)
          WHERE ((c.value <> 'null'::jsonb) AND (c.value IS DISTINCT FROM (p.defaults_snapshot -> c.key)))
        UNION ALL
         SELECT f.key,
            to_jsonb(f.value) AS to_jsonb,
            to_jsonb(f.snapshot) AS to_jsonb
           FROM ( VALUES ('name'::text,p.name,p.name_snapshot), ('description'::text,p.description,p.description_snapshot)) f(key, value, snapshot)
          WHERE ((f.value IS NOT NULL) AND (f.value IS DISTINCT FROM f.snapshot))) o)
  WHERE (p.defaults_snapshot IS NOT NULL);


--
-- Name: VIEW ai_models_overrides; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_overrides IS 'The manual overrides the sync keeps: per synced model (rows created by hand are all manual and not listed), each config key, name or description whose value differs from what the sync computed (default_value, NULL when no default has the key). Setting the key to null or removing it returns it to the default at the next sync.';


--
-- Name: ai_provider_history; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_provider_history (
    id bigint NOT NULL,
    changed_at timestamp with time zone NOT NULL,
    changed_by text NOT NULL,
    batch_id bigint,
    operation text NOT NULL,
    model_id uuid NOT NULL,
    provider text NOT NULL,
    api_identifier text NOT NULL,
    changes jsonb,
    old_config jsonb,
    model_created_at timestamp with time zone,
    CONSTRAINT ai_provider_history_old_state CHECK (((operation = ANY (ARRAY['update'::text, 'delete'::text])) = (model_created_at IS NOT NULL))),
    CONSTRAINT ai_provider_history_operation_check CHECK ((operation = ANY (ARRAY['baseline'::text, 'insert'::text, 'update'::text, 'delete'::text]))),
    CONSTRAINT ai_provider_history_update_has_changes CHECK (((operation = 'update'::text) = (changes IS NOT NULL)))
);


--
-- Name: TABLE ai_provider_history; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.ai_provider_history IS 'Every change of an ai_providers row, by the sync or by hand, recorded by statement-level triggers (set-based: a sync that writes 100k rows adds one INSERT ... SELECT). Each update or delete keeps the row''s state before it (identity, old_config, model_created_at) and what changed; the state after it is the next entry''s old state, or the row itself. An insert is a narrow entry (the new row holds its values), which keeps a first sync cheap. Append-only: nobody is granted INSERT, UPDATE or DELETE. Answers "what did we charge for gpt-4o on 3 March?": select ai_models_config_at(''openai'', ''gpt-4o'', ''2026-03-03 12:00+00'').';


--
-- Name: COLUMN ai_provider_history.changed_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.changed_at IS 'When the change was made: the time its statement''s trigger ran (clock_timestamp()), so that the changes of one row are ordered as they happened even across concurrent transactions.';


--
-- Name: COLUMN ai_provider_history.changed_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.changed_by IS 'Who made the change: the role in effect (SET ROLE, as PostgREST does for authenticated), else the session user.';


--
-- Name: COLUMN ai_provider_history.batch_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.batch_id IS 'The ai_model_fetches batch whose sync made the change; NULL for manual changes. No foreign key: history outlives pruned batches.';


--
-- Name: COLUMN ai_provider_history.operation; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.operation IS 'insert, update or delete of the row; baseline marks a row that existed before history was kept.';


--
-- Name: COLUMN ai_provider_history.model_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.model_id IS 'ai_providers.id of the row.';


--
-- Name: COLUMN ai_provider_history.provider; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.provider IS 'The row''s provider before the change (for an insert or baseline: the row''s).';


--
-- Name: COLUMN ai_provider_history.api_identifier; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.api_identifier IS 'The row''s api_identifier before the change (for an insert or baseline: the row''s).';


--
-- Name: COLUMN ai_provider_history.changes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.changes IS 'For an update, what changed: {"field": {"old": ..., "new": ...}} where field is a column (name, description, is_active, is_listed, name_snapshot, description_snapshot, provider, api_identifier) or a top-level key of config or defaults_snapshot as config.<key> / defaults_snapshot.<key>; a missing key reads as null. NULL otherwise.';


--
-- Name: COLUMN ai_provider_history.old_config; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.old_config IS 'For an update or delete, the row''s whole config before it. The config as of a time is the old_config of the row''s first update or delete after that time, else the row''s current config (see ai_models_config_at).';


--
-- Name: COLUMN ai_provider_history.model_created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_provider_history.model_created_at IS 'For an update or delete, the row''s created_at before it: when the model began, for rows since deleted.';


--
-- Name: ai_models_conflicts; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_conflicts WITH (security_invoker='true') AS
 SELECT o.model_id,
    o.provider,
    o.api_identifier,
    o.is_active,
    o.key,
    o.value,
    moved.old_default,
    o.default_value AS new_default,
    moved.changed_at AS default_changed_at,
    moved.batch_id AS default_changed_by_batch
   FROM (((public.ai_models_overrides o
     CROSS JOIN LATERAL ( SELECT
                CASE
                    WHEN (o.key = ANY (ARRAY['name'::text, 'description'::text])) THEN o.key
                    ELSE ('config.'::text || o.key)
                END AS value_field,
                CASE
                    WHEN (o.key = ANY (ARRAY['name'::text, 'description'::text])) THEN (o.key || '_snapshot'::text)
                    ELSE ('defaults_snapshot.'::text || o.key)
                END AS default_field) f)
     CROSS JOIN LATERAL ( SELECT COALESCE(max(h.id), (0)::bigint) AS id
           FROM public.ai_provider_history h
          WHERE ((h.model_id = o.model_id) AND (h.operation = ANY (ARRAY['update'::text, 'delete'::text])) AND (h.changes ? f.value_field))) set_at)
     CROSS JOIN LATERAL ( SELECT ((h.changes -> f.default_field) -> 'old'::text) AS old_default,
            h.changed_at,
            h.batch_id
           FROM public.ai_provider_history h
          WHERE ((h.model_id = o.model_id) AND (h.operation = ANY (ARRAY['update'::text, 'delete'::text])) AND (h.id > set_at.id) AND (h.changes ? f.default_field))
          ORDER BY h.id
         LIMIT 1) moved)
  WHERE (moved.old_default IS DISTINCT FROM COALESCE(o.default_value, 'null'::jsonb));


--
-- Name: VIEW ai_models_conflicts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_conflicts IS 'Open conflicts: manual overrides whose default moved after the override was last written (from ai_provider_history, so a conflict stays listed after its batch''s report is pruned). It closes when the admin writes the key again (acknowledging the new default) or resets it (null or removed). old_default is the default when the override was written, new_default the current one.';


--
-- Name: ai_models_price_drift; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_price_drift WITH (security_invoker='true') AS
 SELECT p.id AS model_id,
    p.provider,
    p.api_identifier,
    k.key,
    ai_model_sync.rate(p.config, k.key) AS value,
        CASE
            WHEN (NOT (p.config ? k.key)) THEN 'none'::text
            WHEN ((p.defaults_snapshot IS NULL) OR ((p.config -> k.key) IS DISTINCT FROM (p.defaults_snapshot -> k.key))) THEN 'manual'::text
            ELSE COALESCE(((o.origins -> k.key) ->> 'origin'::text), 'unknown'::text)
        END AS origin,
    k.value AS consensus,
    k.sources,
    ( SELECT jsonb_object_agg(v.source, trim_scale(v.value) ORDER BY v.source) AS jsonb_object_agg
           FROM ai_model_sync.price_values v
          WHERE ((v.provider = p.provider) AND (v.api_identifier = p.api_identifier) AND (v.key = k.key))) AS source_values,
    k.since
   FROM ((ai_model_sync.price_consensus() k(provider, api_identifier, key, value, sources, since)
     JOIN public.ai_providers p ON (((p.provider = k.provider) AND (p.api_identifier = k.api_identifier))))
     LEFT JOIN ai_model_sync.price_origins o ON (((o.provider = p.provider) AND (o.api_identifier = p.api_identifier))))
  WHERE (ai_model_sync.rate(p.config, k.key) IS DISTINCT FROM k.value);


--
-- Name: VIEW ai_models_price_drift; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_price_drift IS 'Every price where the consensus of the public price tables (at least the quorum of sources agreeing, values per single token) contradicts the value in force (value, NULL when the model has none; origin as in ai_models_price_origin), with every source''s value and since when the agreeing sources agree. Current under every price policy, report included.';


--
-- Name: ai_models_price_origin; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_price_origin WITH (security_invoker='true') AS
 SELECT p.id AS model_id,
    p.provider,
    p.api_identifier,
    c.key,
    ai_model_sync.rate(p.config, c.key) AS value,
        CASE
            WHEN ((p.defaults_snapshot IS NULL) OR (c.value IS DISTINCT FROM (p.defaults_snapshot -> c.key))) THEN 'manual'::text
            ELSE COALESCE(((o.origins -> c.key) ->> 'origin'::text), 'unknown'::text)
        END AS origin,
        CASE
            WHEN ((p.defaults_snapshot IS NOT NULL) AND (NOT (c.value IS DISTINCT FROM (p.defaults_snapshot -> c.key))) AND ((o.origins -> c.key) ? 'sources'::text)) THEN ARRAY( SELECT jsonb_array_elements_text(((o.origins -> c.key) -> 'sources'::text)) AS jsonb_array_elements_text)
            ELSE NULL::text[]
        END AS sources
   FROM ((public.ai_providers p
     CROSS JOIN LATERAL jsonb_each(p.config) c(key, value))
     LEFT JOIN ai_model_sync.price_origins o ON (((o.provider = p.provider) AND (o.api_identifier = p.api_identifier))))
  WHERE (((c.key ~~ '%\_cost\_rate'::text) OR (c.key = 'long_context_threshold_tokens'::text)) AND (c.value <> 'null'::jsonb));


--
-- Name: VIEW ai_models_price_origin; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_price_origin IS 'Where each price in force comes from (values per single token): manual (an edit of ai_providers, or a row created by hand), admin (the admin catalog tier), provider (the provider''s own list), consensus (of the price tables in sources), imported or builtin (the catalog), stale (no layer gives it any more: kept at its last value, see ai_models_stale_prices).';


--
-- Name: ai_models_stale_prices; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_stale_prices WITH (security_barrier='true', security_invoker='true') AS
 SELECT p.provider,
    p.api_identifier,
    k.key,
    (p.config -> k.key) AS value,
    p.is_active,
    p.updated_at
   FROM public.ai_providers p,
    LATERAL jsonb_array_elements_text(
        CASE
            WHEN (jsonb_typeof((p.defaults_snapshot -> 'stale_price_keys'::text)) = 'array'::text) THEN (p.defaults_snapshot -> 'stale_price_keys'::text)
            ELSE '[]'::jsonb
        END) k(key)
  WHERE ((p.config -> k.key) = (p.defaults_snapshot -> k.key));


--
-- Name: VIEW ai_models_stale_prices; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_stale_prices IS 'Prices kept although no default has them any more (issue 12): the catalog entry that priced the model was removed or narrowed, so the row keeps its last price and the sync flags it (report: stale_prices) until an admin decides (edit the key, or remove it: config - key) or a new default prices it. One row per model and key.';


--
-- Name: ai_models_unpriced; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.ai_models_unpriced WITH (security_invoker='true') AS
 SELECT p.id AS model_id,
    p.provider,
    p.api_identifier,
    p.name,
    (p.defaults_snapshot IS NULL) AS created_by_hand,
    p.created_at
   FROM public.ai_providers p
  WHERE (p.is_active AND (COALESCE((p.config -> 'input_token_cost_rate'::text), 'null'::jsonb) = 'null'::jsonb));


--
-- Name: VIEW ai_models_unpriced; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON VIEW public.ai_models_unpriced IS 'Active models without an input_token_cost_rate: no catalog entry and no provider price covers them, so ai_models_cost() cannot price their usage. Price them with an admin catalog entry or a manual config edit.';


--
-- Name: ai_price_fetches; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_price_fetches (
    id bigint NOT NULL,
    source text NOT NULL,
    payload jsonb NOT NULL,
    location text,
    etag text,
    last_modified text,
    digest text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    fetched_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_at timestamp with time zone,
    error text,
    report jsonb,
    CONSTRAINT ai_price_fetches_digest_check CHECK ((digest <> ''::text)),
    CONSTRAINT ai_price_fetches_failed_has_error CHECK (((status = 'failed'::text) = (error IS NOT NULL))),
    CONSTRAINT ai_price_fetches_source_check CHECK ((source = ANY (ARRAY['litellm'::text, 'models.dev'::text, 'genai-prices'::text]))),
    CONSTRAINT ai_price_fetches_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'applied'::text, 'superseded'::text, 'failed'::text])))
);


--
-- Name: TABLE ai_price_fetches; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.ai_price_fetches IS 'Staging: one row per fetch of one public price table, the document exactly as published. CALL sync_ai_models() maps the newest pending copy of each source to per-token prices (ai_model_sync.price_values) before the providers.';


--
-- Name: COLUMN ai_price_fetches.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.source IS 'litellm, models.dev or genai-prices.';


--
-- Name: COLUMN ai_price_fetches.payload; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.payload IS 'The source''s JSON document as the server (or the imported file) gave it.';


--
-- Name: COLUMN ai_price_fetches.location; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.location IS 'The URL (or local file) the document came from.';


--
-- Name: COLUMN ai_price_fetches.etag; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.etag IS 'The server''s ETag, sent back as If-None-Match on the next fetch.';


--
-- Name: COLUMN ai_price_fetches.last_modified; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.last_modified IS 'The server''s Last-Modified, sent back as If-Modified-Since.';


--
-- Name: COLUMN ai_price_fetches.digest; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.digest IS 'SHA-256 (hex) of the document''s bytes: a fetch whose digest equals the last staged one is not staged again.';


--
-- Name: COLUMN ai_price_fetches.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.status IS 'pending on insert; applied, superseded (a newer copy of the same source was applied instead) or failed (not a document of the source''s format, or under a tenth of the previous applied copy''s models: nothing changed).';


--
-- Name: COLUMN ai_price_fetches.error; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.error IS 'Why a failed copy failed: message, detail and hint.';


--
-- Name: COLUMN ai_price_fetches.report; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.ai_price_fetches.report IS 'What applying the copy did: models and prices mapped, entries skipped by the sanity bounds, duplicate keys.';


--
-- Name: ai_price_fetches_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ai_price_fetches ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ai_price_fetches_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: ai_provider_history_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ai_provider_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.ai_provider_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: applying_batches applying_batches_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.applying_batches
    ADD CONSTRAINT applying_batches_pkey PRIMARY KEY (xact);


--
-- Name: code_files code_files_object_key; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.code_files
    ADD CONSTRAINT code_files_object_key UNIQUE (object);


--
-- Name: code_files code_files_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.code_files
    ADD CONSTRAINT code_files_pkey PRIMARY KEY (path);


--
-- Name: kind_rules kind_rules_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.kind_rules
    ADD CONSTRAINT kind_rules_pkey PRIMARY KEY (provider, "position");


--
-- Name: kind_rules kind_rules_provider_pattern_key; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.kind_rules
    ADD CONSTRAINT kind_rules_provider_pattern_key UNIQUE (provider, pattern);


--
-- Name: model_filters model_filters_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.model_filters
    ADD CONSTRAINT model_filters_pkey PRIMARY KEY (provider);


--
-- Name: price_origins price_origins_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.price_origins
    ADD CONSTRAINT price_origins_pkey PRIMARY KEY (provider, api_identifier);


--
-- Name: price_settings price_settings_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.price_settings
    ADD CONSTRAINT price_settings_pkey PRIMARY KEY (singleton);


--
-- Name: price_values price_values_pkey; Type: CONSTRAINT; Schema: ai_model_sync; Owner: -
--

ALTER TABLE ONLY ai_model_sync.price_values
    ADD CONSTRAINT price_values_pkey PRIMARY KEY (provider, api_identifier, key, source);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: ai_model_sync_migrations; Owner: -
--

ALTER TABLE ONLY ai_model_sync_migrations.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


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
-- Name: ai_price_fetches ai_price_fetches_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_price_fetches
    ADD CONSTRAINT ai_price_fetches_pkey PRIMARY KEY (id);


--
-- Name: ai_provider_history ai_provider_history_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_provider_history
    ADD CONSTRAINT ai_provider_history_pkey PRIMARY KEY (id);


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
-- Name: ai_model_fetches_pending_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_model_fetches_pending_idx ON public.ai_model_fetches USING btree (provider, fetched_at DESC, id DESC) WHERE (status = 'pending'::text);


--
-- Name: ai_model_fetches_provider_fetched_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_model_fetches_provider_fetched_at_idx ON public.ai_model_fetches USING btree (provider, fetched_at DESC);


--
-- Name: ai_price_fetches_source_fetched_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_price_fetches_source_fetched_at_idx ON public.ai_price_fetches USING btree (source, fetched_at DESC, id DESC);


--
-- Name: ai_provider_history_left_identity_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_provider_history_left_identity_idx ON public.ai_provider_history USING btree (provider, api_identifier) WHERE ((operation = 'delete'::text) OR (changes ?| ARRAY['provider'::text, 'api_identifier'::text]));


--
-- Name: INDEX ai_provider_history_left_identity_idx; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON INDEX public.ai_provider_history_left_identity_idx IS 'Rows that left a provider/api_identifier (deleted or renamed): the rows ai_providers no longer finds by that name.';


--
-- Name: ai_provider_history_model_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_provider_history_model_idx ON public.ai_provider_history USING btree (model_id, id) WHERE (operation = ANY (ARRAY['update'::text, 'delete'::text]));


--
-- Name: ai_providers ai_providers_config_is_valid; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_config_is_valid BEFORE INSERT OR UPDATE OF config ON public.ai_providers FOR EACH ROW WHEN ((new.config IS DISTINCT FROM new.defaults_snapshot)) EXECUTE FUNCTION ai_model_sync.reject_invalid_config();


--
-- Name: ai_providers ai_providers_history_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_history_delete AFTER DELETE ON public.ai_providers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_model_sync.record_deletes();


--
-- Name: ai_providers ai_providers_history_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_history_insert AFTER INSERT ON public.ai_providers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_model_sync.record_inserts();


--
-- Name: ai_providers ai_providers_history_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_history_truncate BEFORE TRUNCATE ON public.ai_providers FOR EACH STATEMENT EXECUTE FUNCTION ai_model_sync.record_truncate();


--
-- Name: ai_providers ai_providers_history_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_history_update AFTER UPDATE ON public.ai_providers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ai_model_sync.record_updates();


--
-- Name: ai_providers ai_providers_output_cap_within_max; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_output_cap_within_max BEFORE INSERT OR UPDATE OF config ON public.ai_providers FOR EACH ROW WHEN (((jsonb_typeof((new.config -> 'hard_cap_output_tokens'::text)) = 'number'::text) AND (jsonb_typeof((new.config -> 'provider_max_output_tokens'::text)) = 'number'::text) AND ((new.config -> 'hard_cap_output_tokens'::text) > (new.config -> 'provider_max_output_tokens'::text)))) EXECUTE FUNCTION ai_model_sync.keep_cap_within_max();


--
-- Name: ai_providers ai_providers_touch_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_providers_touch_updated_at BEFORE UPDATE ON public.ai_providers FOR EACH ROW WHEN (((old.* IS DISTINCT FROM new.*) AND (NOT (new.updated_at IS DISTINCT FROM old.updated_at)))) EXECUTE FUNCTION ai_model_sync.touch_updated_at();


--
-- Name: ai_providers zz_ai_providers_skip_unchanged; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER zz_ai_providers_skip_unchanged BEFORE UPDATE ON public.ai_providers FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();


--
-- Name: ai_providers Authenticated users can read active models; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Authenticated users can read active models" ON public.ai_providers FOR SELECT TO authenticated USING (is_active);


--
-- Name: ai_providers Model admins can manage models; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model admins can manage models" ON public.ai_providers TO ai_models_admin USING (true) WITH CHECK (true);


--
-- Name: ai_model_fetches Model admins can manage staged lists; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model admins can manage staged lists" ON public.ai_model_fetches TO ai_models_admin USING (true) WITH CHECK (true);


--
-- Name: ai_price_fetches Model admins can manage staged price tables; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model admins can manage staged price tables" ON public.ai_price_fetches TO ai_models_admin USING (true) WITH CHECK (true);


--
-- Name: ai_model_catalog Model admins can manage the catalog; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model admins can manage the catalog" ON public.ai_model_catalog TO ai_models_admin USING (true) WITH CHECK (true);


--
-- Name: ai_provider_history Model admins can read model history; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model admins can read model history" ON public.ai_provider_history FOR SELECT TO ai_models_admin USING (true);


--
-- Name: ai_providers Model readers can read active models; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Model readers can read active models" ON public.ai_providers FOR SELECT TO ai_models_reader USING (is_active);


--
-- Name: ai_model_fetches Roles allowed to insert can stage pending model lists; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Roles allowed to insert can stage pending model lists" ON public.ai_model_fetches FOR INSERT WITH CHECK ((status = 'pending'::text));


--
-- Name: ai_price_fetches Roles allowed to insert can stage pending price tables; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Roles allowed to insert can stage pending price tables" ON public.ai_price_fetches FOR INSERT WITH CHECK ((status = 'pending'::text));


--
-- Name: ai_price_fetches Roles allowed to read validators can read staged price tables; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "Roles allowed to read validators can read staged price tables" ON public.ai_price_fetches FOR SELECT USING (true);


--
-- Name: ai_providers The service role can manage models; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "The service role can manage models" ON public.ai_providers TO service_role USING (true) WITH CHECK (true);


--
-- Name: ai_model_fetches The service role can manage staged lists; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "The service role can manage staged lists" ON public.ai_model_fetches TO service_role USING (true) WITH CHECK (true);


--
-- Name: ai_price_fetches The service role can manage staged price tables; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "The service role can manage staged price tables" ON public.ai_price_fetches TO service_role USING (true) WITH CHECK (true);


--
-- Name: ai_model_catalog The service role can manage the catalog; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "The service role can manage the catalog" ON public.ai_model_catalog TO service_role USING (true) WITH CHECK (true);


--
-- Name: ai_provider_history The service role can read model history; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY "The service role can read model history" ON public.ai_provider_history FOR SELECT TO service_role USING (true);


--
-- Name: ai_model_catalog; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_model_catalog ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_model_fetches; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_model_fetches ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_price_fetches; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_price_fetches ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_provider_history; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_provider_history ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_providers; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_providers ENABLE ROW LEVEL SECURITY;

--
-- PostgreSQL database dump complete
--

\unrestrict 5eu7pMoXbvU2j9EBhY39dNuuzDBR4gLBbpZnF85DwvcpwvMz9CFLFBy0ONbZoNT


--
-- Dbmate schema migrations
--

INSERT INTO ai_model_sync_migrations.schema_migrations (version) VALUES
    ('20261125010000'),
    ('20261125010100'),
    ('20261125010200'),
    ('20261125010300'),
    ('20261125020000'),
    ('20261125050000'),
    ('20261125050100'),
    ('20261125050200'),
    ('20261125050300'),
    ('20261125050400'),
    ('20261125050500'),
    ('20261125070000'),
    ('20261125070100'),
    ('20261201010000'),
    ('20261201030000'),
    ('20261201100000'),
    ('20261201200000'),
    ('20261201300100'),
    ('20261201400000'),
    ('20261202000000');
