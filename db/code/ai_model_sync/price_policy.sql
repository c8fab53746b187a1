create or replace function ai_model_sync.price_policy() returns text
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select coalesce((select s.policy from ai_model_sync.price_settings s), 'fill')
$$;
comment on function ai_model_sync.price_policy() is
  'The price policy the sync obeys (ai_model_sync.price_settings): fill, follow or report.';
