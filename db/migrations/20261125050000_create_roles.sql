-- migrate:up

-- Least-privilege roles (NOLOGIN group roles: grant them to login roles, e.g.
--   create role model_fetcher login password '...' in role ai_models_fetcher;).
-- Roles are cluster-wide: another database of this server may have created them already, or be creating them
-- right now, so each is created only when missing and a concurrent creation is tolerated.
create function ai_model_sync.ensure_role(role_name text, description text) returns void
language plpgsql
set search_path = ''
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

select ai_model_sync.ensure_role('ai_models_fetcher',
  'ai-model-sync: stages fetched model lists (INSERT (provider, payload) on ai_model_fetches) and nothing else.');
select ai_model_sync.ensure_role('ai_models_reader',
  'ai-model-sync: reads the active models (SELECT on public.ai_models_active).');
select ai_model_sync.ensure_role('ai_models_admin',
  'ai-model-sync: edits ai_providers and ai_model_catalog, runs the sync, reads staged lists, history and admin views.');

create view public.ai_models_active with (security_barrier) as
  select p.id, p.provider, p.api_identifier, p.name, p.description, p.config, p.created_at, p.updated_at
    from public.ai_providers p
   where p.is_active;
comment on view public.ai_models_active is
  'The models an application may use (is_active), without the sync''s bookkeeping columns. What ai_models_reader '
  'reads: on plain PostgreSQL the view runs with its owner''s rights (the reader has no access to ai_providers, '
  'security_barrier keeps inactive rows from leaking through leaky functions); on Supabase it runs with the '
  'caller''s rights and row-level security filters ai_providers (see ai_model_sync.enable_row_level_security).';

grant usage on schema public to ai_models_fetcher, ai_models_reader, ai_models_admin;

-- The fetcher may name only provider and payload: status, report and the other columns keep their defaults,
-- so it cannot mark a list applied. It has no SELECT, so it stages without RETURNING.
grant insert (provider, payload) on public.ai_model_fetches to ai_models_fetcher;

grant select on public.ai_models_active to ai_models_reader, ai_models_admin;

-- The admin path: everything the sync and a catalog editor need. The sync runs with its caller's rights.
grant usage on schema ai_model_sync to ai_models_admin;
grant select, insert, update, delete on public.ai_providers, public.ai_model_catalog to ai_models_admin;
grant select, insert, update, delete on public.ai_model_fetches to ai_models_admin;
grant execute on procedure public.sync_ai_models(boolean) to ai_models_admin;
grant execute on function public.ai_models_apply_pending(boolean) to ai_models_admin;

-- migrate:down

revoke all on public.ai_model_fetches, public.ai_providers, public.ai_model_catalog
  from ai_models_fetcher, ai_models_reader, ai_models_admin;
revoke all on schema ai_model_sync from ai_models_admin;
revoke all on schema public from ai_models_fetcher, ai_models_reader, ai_models_admin;
revoke all on procedure public.sync_ai_models(boolean) from ai_models_admin;
revoke all on function public.ai_models_apply_pending(boolean) from ai_models_admin;
drop view public.ai_models_active;
drop function ai_model_sync.ensure_role(text, text);
-- The roles stay when another database of the cluster still grants them something.
do $$
declare
  role_name text;
begin
  foreach role_name in array array['ai_models_fetcher', 'ai_models_reader', 'ai_models_admin'] loop
    begin
      execute pg_catalog.format('drop role if exists %I', role_name);
    exception when dependent_objects_still_exist then
      raise notice 'role % is kept: other databases of this cluster still use it', role_name;
    end;
  end loop;
end
$$;
