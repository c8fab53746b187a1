-- Idempotent (run by this migration on Supabase; run it again after creating the roles on a plain server that
-- gains PostgREST). Table owners (the sync under pg_cron, the migrations) bypass RLS: nothing is FORCEd.
create or replace function ai_model_sync.enable_row_level_security() returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
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
comment on function ai_model_sync.enable_row_level_security() is
  'Supabase: enables row-level security on the project''s tables with policies named as sentences: authenticated '
  'reads active models only, anon nothing, only service_role (and the project''s admin, fetcher and reader roles, '
  'within their grants) write or read the rest. The grants are ai_model_sync.apply_privileges'', which calls this '
  'function: it takes back everything Supabase''s default privileges give the API roles. Idempotent.';
