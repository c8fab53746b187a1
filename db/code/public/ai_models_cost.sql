create or replace function public.ai_models_cost(
  provider text, api_identifier text, input_tokens bigint, output_tokens bigint,
  cached_input_tokens bigint default 0, at timestamptz default now()
) returns numeric
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  config jsonb;
  first_seen timestamptz;
  last_left timestamptz;
  model text := pg_catalog.format('%s/%s', provider, api_identifier);
  cost numeric;
  -- Readers (who may not read the history) see only active models, errors included (SPEC 9).
  reads_history boolean := pg_catalog.has_table_privilege(ai_model_sync.current_actor(), 'public.ai_provider_history', 'SELECT');
begin
  if provider is null or api_identifier is null then
    raise exception using errcode = 'null_value_not_allowed',
      message = 'ai_models_cost needs a provider and an api_identifier',
      detail = pg_catalog.format('provider = %s, api_identifier = %s', coalesce(provider, 'NULL'), coalesce(api_identifier, 'NULL')),
      hint = 'Pass the model as stored in ai_providers, e.g. ai_models_cost(''openai'', ''gpt-4o'', 1000, 200).';
  end if;
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
      hint = 'OpenAI reports cached tokens inside prompt_tokens; for Anthropic pass input_tokens + '
             'cache_read_input_tokens as input_tokens and cache_read_input_tokens as cached_input_tokens.';
  end if;

  if not reads_history and not exists (
       select from public.ai_providers p
        where p.provider = ai_models_cost.provider and p.api_identifier = ai_models_cost.api_identifier and p.is_active) then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('unknown model %s', model),
      detail = 'No active row of ai_providers has this provider and api_identifier.',
      hint = 'Use the provider''s API id (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro): '
             'select provider, api_identifier from ai_models_active.';
  end if;

  config := public.ai_models_config_at(provider, api_identifier, coalesce(at, pg_catalog.now()));
  if config is null then
    select pg_catalog.min(p.created_at) into first_seen
      from public.ai_providers p
     where p.provider = ai_models_cost.provider and p.api_identifier = ai_models_cost.api_identifier;
    select pg_catalog.max(h.changed_at) into last_left
      from public.ai_provider_history h
     where h.provider = ai_models_cost.provider and h.api_identifier = ai_models_cost.api_identifier
       and (h.operation = 'delete' or h.changes ?| array['provider', 'api_identifier']);
    if first_seen is null and last_left is null then
      raise exception using errcode = 'no_data_found',
        message = pg_catalog.format('unknown model %s', model),
        detail = 'No row of ai_providers has, or ever had, this provider and api_identifier.',
        hint = 'Use the provider''s API id (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro): '
               'select provider, api_identifier from ai_models_active.';
    end if;
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('model %s had no row at %s', model, coalesce(at, pg_catalog.now())),
      detail = pg_catalog.concat_ws(' ',
        'Its row was created at ' || first_seen || '.',
        'A row of that name was deleted or renamed at ' || last_left || '.'),
      hint = 'Pass the time the usage happened as the at argument.';
  end if;

  cost := ai_model_sync.usage_cost(config, input_tokens, output_tokens, cached_input_tokens);
  if cost is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = case when ai_model_sync.rate(config, 'input_token_cost_rate') is null
                     then pg_catalog.format('model %s is unpriced: its config has no input_token_cost_rate', model)
                     else pg_catalog.format('model %s has no output_token_cost_rate but the usage has %s output tokens',
                                            model, output_tokens) end,
      detail = case when reads_history
                    then pg_catalog.format('config at %s: %s', coalesce(at, pg_catalog.now()), pg_catalog.left(config::text, 300))
                    else pg_catalog.format('config at %s: see ai_models_active', coalesce(at, pg_catalog.now())) end,
      hint = 'Price it with an admin catalog entry (insert into ai_model_catalog (provider, model, config) ...) and a '
             'sync, or by hand: update ai_providers set config = config || ''{"input_token_cost_rate": 0.0000025}'' ... '
             '(USD per single token). select * from ai_models_unpriced lists active models without a price.';
  end if;
  return cost;
end
$$;
comment on function public.ai_models_cost(text, text, bigint, bigint, bigint, timestamptz) is
  'The cost in USD of a request: input_tokens (the whole prompt, cached_input_tokens included), output_tokens and '
  'cached_input_tokens, priced with the model''s config as of at (ai_provider_history, so past usage is billed at '
  'past prices), see ai_model_sync.usage_cost for the rates. Unknown model, unpriced model, negative counts: errors '
  'with detail and hint. SECURITY DEFINER (search_path pg_catalog, pg_temp) so that readers may price usage without '
  'reading history; a caller who may not read the history prices active models only and sees no config in errors.';
