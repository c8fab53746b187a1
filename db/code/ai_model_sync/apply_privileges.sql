-- The one place where the privileges of every object of the project are (re)applied (docs/security.md, SPEC 9).
-- Run by the loader (fetcher/migrate.ts, make sql) after every load that changed something: a function it dropped
-- and created again starts with PostgreSQL's default EXECUTE for PUBLIC and, on Supabase, with the default
-- privileges that give anon, authenticated and service_role ALL on new objects of public. Idempotent.
create or replace function ai_model_sync.apply_privileges() returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
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
comment on function ai_model_sync.apply_privileges() is
  'The one place where the privileges of the project''s objects are (re)applied after the code is (re)loaded: '
  'EXECUTE on every routine of ours revoked from PUBLIC and granted per role; table grants per role; history '
  'append-only; no sequence privilege for anyone; on Supabase everything its default privileges gave anon, '
  'authenticated and service_role taken back, then only what each role needs granted, and row-level security '
  'enabled. Idempotent.';
