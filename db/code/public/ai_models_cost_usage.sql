create or replace function public.ai_models_cost(
  provider text, api_identifier text, usage jsonb, at timestamptz default now()
) returns numeric
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  t record;
begin
  -- a NULL provider or id is request_cost's error, as for the positional form
  select * into t from ai_model_sync.usage_tokens(usage);
  return ai_model_sync.request_cost(provider, api_identifier, at, t.input_tokens, t.output_tokens, t.cached_input_tokens,
                                    t.cache_write_input_tokens, t.cache_write_1h_input_tokens, t.audio_input_tokens,
                                    t.reasoning_output_tokens, t.audio_output_tokens);
end
$$;
comment on function public.ai_models_cost(text, text, jsonb, timestamptz) is
  'The cost in USD of a request from the provider''s own usage object, passed as it came back: OpenAI''s usage '
  '(Chat Completions prompt_tokens / completion_tokens with their details, or Responses input_tokens / '
  'output_tokens), Anthropic''s usage (input_tokens, cache_creation_input_tokens with its 5-minute / 1-hour split, '
  'cache_read_input_tokens, output_tokens) or Google''s usageMetadata; ai_model_sync.usage_tokens reads it so that '
  'no token is counted twice or left out, ai_model_sync.usage_cost bills each class (cache reads and writes, audio, '
  'reasoning) at its rate, with the prices in force at at. Readers price active models only; errors as the positional form. '
  'SECURITY DEFINER with a pinned search_path, so that readers may price usage without reading history.';
