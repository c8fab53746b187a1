create or replace function ai_model_sync.supabase_roles_exist() returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.count(*) = 3 from pg_catalog.pg_roles r where r.rolname in ('anon', 'authenticated', 'service_role')
$$;
comment on function ai_model_sync.supabase_roles_exist() is
  'Whether this cluster has Supabase''s API roles (anon, authenticated, service_role): then PostgREST exposes the '
  'public schema and row-level security must guard it.';
