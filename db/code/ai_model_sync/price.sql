create or replace function ai_model_sync.price(value jsonb, per_tokens numeric) returns numeric
language sql immutable parallel safe
as $$
  -- trim_scale: the shortest decimal that is the exact value (0.000003, not 0.000003000000000000000000)
  select case when (value #>> '{}')::numeric >= 0 then pg_catalog.trim_scale((value #>> '{}')::numeric / per_tokens) end
$$;
comment on function ai_model_sync.price(jsonb, numeric) is
  'A provider-reported price converted to USD per single token, as the shortest decimal that is the exact value '
  '(trim_scale); NULL for negative prices (OpenRouter uses -1 for routers whose price varies). Call only on values '
  'that price_problem() accepted. No SET search_path so that it inlines into staged_models; names are qualified.';
