create or replace aggregate ai_model_sync.jsonb_merge_agg(jsonb) (
  sfunc = pg_catalog.jsonb_concat,
  stype = jsonb,
  initcond = '{}'
);
comment on aggregate ai_model_sync.jsonb_merge_agg(jsonb) is
  'Merges JSON objects key by key; later objects (in the aggregate''s ORDER BY) win.';
