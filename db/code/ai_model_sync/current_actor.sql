create or replace function ai_model_sync.current_actor() returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case when pg_catalog.current_setting('role') = 'none' then session_user::text
              else pg_catalog.current_setting('role') end
$$;
comment on function ai_model_sync.current_actor() is
  'The role a change is attributed to: the role set with SET ROLE, else the session user. Unlike current_user it is '
  'not the owner of the SECURITY DEFINER trigger function that asks.';
