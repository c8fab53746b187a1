create or replace function public.ai_models_cost(
  provider text, api_identifier text, input_tokens bigint, output_tokens bigint,
  cached_input_tokens bigint default 0, at timestamptz default now()
) returns numeric
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  model text := pg_catalog.format('%s/%s', provider, api_identifier);
begin
  if input_tokens is null or output_tokens is null or cached_input_tokens is null
     or input_tokens < 0 or output_tokens < 0 or cached_input_tokens < 0 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('token counts must be zero or more for %s', model),
      detail = pg_catalog.format('input_tokens = %s, output_tokens = %s, cached_input_tokens = %s',
                                 coalesce(input_tokens::text, 'NULL'), coalesce(output_tokens::text, 'NULL'),
                                 coalesce(cached_input_tokens::text, 'NULL')),
      hint = 'Pass the usage the provider reported; a request that used no tokens of a kind passes 0.';
  end if;
  if cached_input_tokens > input_tokens then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('cached_input_tokens (%s) exceeds input_tokens (%s) for %s', cached_input_tokens, input_tokens, model),
      detail = 'input_tokens counts the whole prompt, cached tokens included.',
      hint = 'OpenAI reports cached tokens inside prompt_tokens. For Anthropic (whose input_tokens exclude cache reads '
             'and writes) pass its usage object as it came back: ai_models_cost(''anthropic'', id, usage), which also '
             'bills cache writes.';
  end if;
  return ai_model_sync.request_cost(provider, api_identifier, at, input_tokens, output_tokens, cached_input_tokens,
                                    0, 0, 0, 0, 0);
end
$$;
comment on function public.ai_models_cost(text, text, bigint, bigint, bigint, timestamptz) is
  'The cost in USD of a request: input_tokens (the whole prompt, cached_input_tokens included), output_tokens and '
  'cached_input_tokens, priced with the model''s config as of at (ai_provider_history, so past usage is billed at '
  'past prices, and the catalog''s dated price in force at at), see ai_model_sync.usage_cost for the rates. Cache '
  'writes, audio and reasoning tokens: use ai_models_cost(provider, api_identifier, usage jsonb, at). Readers price active models '
  'only. Unknown, inactive or unpriced model, negative counts: errors with detail and hint. SECURITY DEFINER so that '
  'readers may price usage without reading history.';
