create or replace function ai_model_sync.price(value jsonb, per_tokens numeric) returns numeric
language sql immutable parallel safe
as $$
  select case when (value #>> '{}')::numeric >= 0 then (value #>> '{}')::numeric / per_tokens end
$$;
comment on function ai_model_sync.price(jsonb, numeric) is
  'A provider-reported price converted to USD per single token; NULL for negative prices (OpenRouter uses -1 '
  'for routers whose price varies). Call only on values that price_problem() accepted.';
