-- Least-privilege roles (NOLOGIN group roles: grant them to login roles, e.g.
--   create role model_fetcher login password '...' in role ai_models_fetcher;).
-- Roles are cluster-wide: another database of this server may have created them already, or be creating them
-- right now, so each is created only when missing and a concurrent creation is tolerated.
create or replace function ai_model_sync.ensure_role(role_name text, description text) returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
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
comment on function ai_model_sync.ensure_role(text, text) is
  'Creates a NOLOGIN role with its comment unless the role exists (roles are shared by every database of the cluster).';
