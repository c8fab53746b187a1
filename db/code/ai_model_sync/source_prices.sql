create or replace function ai_model_sync.source_prices(source text, payload jsonb)
returns table (provider text, api_identifier text, key text, value numeric, entry text, problem text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select * from ai_model_sync.litellm_prices(payload) where source = 'litellm'
  union all
  select * from ai_model_sync.models_dev_prices(payload) where source = 'models.dev'
  union all
  select * from ai_model_sync.genai_prices_prices(payload) where source = 'genai-prices'
$$;
comment on function ai_model_sync.source_prices(text, jsonb) is
  'The prices of one staged price table, mapped by the rules of its source (litellm, models.dev, genai-prices).';
