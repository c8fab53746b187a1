-- No SET clause: inlined into ai_model_sync.staged_models on the hot path; its names are all qualified.
create or replace function ai_model_sync.reports_prices(provider text) returns boolean
language sql immutable parallel safe
as $$
  select provider in ('openrouter', 'together')
$$;
comment on function ai_model_sync.reports_prices(text) is
  'Whether a staged list of this provider may bring prices: only the presets whose real model lists report them '
  '(OpenRouter, Together). The "pricing" of any other list is ignored (and reported as a warning), so that a forged '
  'or proxied openai list cannot set gpt-4o to $0 (issue 10).';
