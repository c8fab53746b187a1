create or replace function ai_model_sync.apply_privileges() returns void
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- views are created again by a load: their grants with them
  grant select on public.ai_models_price_drift, public.ai_models_price_origin to ai_models_admin;
  -- On Supabase the API roles get ALL on every new object of public: take back what a load may have created.
  if ai_model_sync.supabase_roles_exist() then
    perform ai_model_sync.enable_row_level_security();
  end if;
end
$$;
comment on function ai_model_sync.apply_privileges() is
  'Re-applies the privileges of the project''s objects after the code is (re)loaded: a function or view created '
  'again would otherwise lose its grants, or on Supabase gain the API roles'' default privileges. Idempotent.';
