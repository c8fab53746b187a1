-- migrate:up

-- Price origins are kept for models with at least one price key only (write_price_origins): the rows that the
-- first version wrote for models without any price say nothing.
delete from ai_model_sync.price_origins where origins = '{}'::jsonb;
comment on table ai_model_sync.price_origins is
  'Per synced model with at least one price key in its defaults, for each such key: {"key": {"origin": '
  '"builtin|imported|provider|admin|consensus|stale", "sources": [...]}} as the last merge layered them. Written by '
  'ai_model_sync.write_price_origins, read by the views ai_models_price_origin and ai_models_price_drift.';

-- migrate:down

comment on table ai_model_sync.price_origins is
  'Per synced model, for each price key of its defaults: {"key": {"origin": "builtin|imported|provider|admin|consensus", '
  '"sources": [...]}} as the last merge layered them.';
