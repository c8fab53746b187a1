create or replace function ai_model_sync.touch_updated_at() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;
comment on function ai_model_sync.touch_updated_at() is
  'Trigger: moves updated_at when a manual UPDATE changes a row without setting updated_at itself.';
