create or replace function ai_model_sync.request_cost(
  provider text, api_identifier text, at timestamptz, input_tokens bigint, output_tokens bigint,
  cached_input_tokens bigint, cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint,
  audio_input_tokens bigint, reasoning_output_tokens bigint, audio_output_tokens bigint
) returns numeric
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  config jsonb;
  first_seen timestamptz;
  last_left timestamptz;
  model text := pg_catalog.format('%s/%s', provider, api_identifier);
  priced_at timestamptz := coalesce(at, pg_catalog.now());
  cost numeric;
  -- The caller of ai_models_cost (a SECURITY DEFINER function: current_user is its owner here). Readers, who may
  -- not read the history, see only active models, errors included (SPEC 9); admins also bill past usage of a
  -- model that is inactive now.
  reads_history boolean := pg_catalog.has_table_privilege(ai_model_sync.current_actor(), 'public.ai_provider_history', 'SELECT');
begin
  if provider is null or api_identifier is null then
    raise exception using errcode = 'null_value_not_allowed',
      message = 'ai_models_cost needs a provider and an api_identifier',
      detail = pg_catalog.format('provider = %s, api_identifier = %s', coalesce(provider, 'NULL'), coalesce(api_identifier, 'NULL')),
      hint = 'Pass the model as stored in ai_providers, e.g. ai_models_cost(''openai'', ''gpt-4o'', 1000, 200) or '
             'ai_models_cost(''openai'', ''gpt-4o'', response.usage).';
  end if;
  if input_tokens - cached_input_tokens - cache_write_input_tokens - cache_write_1h_input_tokens - audio_input_tokens < 0
     or output_tokens - reasoning_output_tokens - audio_output_tokens < 0 then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('the token classes of the usage exceed its totals for %s', model),
      detail = pg_catalog.format('input_tokens = %s (cached %s, cache writes %s + %s (1h), audio %s), '
                                 'output_tokens = %s (reasoning %s, audio %s)',
                                 input_tokens, cached_input_tokens, cache_write_input_tokens, cache_write_1h_input_tokens,
                                 audio_input_tokens, output_tokens, reasoning_output_tokens, audio_output_tokens),
      hint = 'input_tokens is the whole prompt and output_tokens the whole output, every class included; pass the '
             'provider''s usage object unchanged and ai_models_cost reads it.';
  end if;

  -- A reader knows only the active models (SPEC 9), errors included; an admin any model that has or had a row.
  if reads_history or exists (
       select from public.ai_providers p
        where p.provider = request_cost.provider and p.api_identifier = request_cost.api_identifier and p.is_active) then
    config := public.ai_models_config_at(provider, api_identifier, priced_at);
    if config is null then
      select pg_catalog.min(p.created_at) into first_seen
        from public.ai_providers p
       where p.provider = request_cost.provider and p.api_identifier = request_cost.api_identifier;
      select pg_catalog.max(h.changed_at) into last_left
        from public.ai_provider_history h
       where h.provider = request_cost.provider and h.api_identifier = request_cost.api_identifier
         and (h.operation = 'delete' or h.changes ?| array['provider', 'api_identifier']);
    end if;
  end if;
  if config is null and first_seen is null and last_left is null then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('unknown model %s', model),
      detail = case when reads_history then 'No row of ai_providers has, or ever had, this provider and api_identifier.'
                    else 'No active row of ai_providers has this provider and api_identifier.' end,
      hint = 'Use the provider''s API id (gpt-4o, claude-sonnet-4-5, gemini-2.5-pro): '
             'select provider, api_identifier from ai_models_active.';
  elsif config is null then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('model %s had no row at %s', model, priced_at),
      detail = pg_catalog.concat_ws(' ',
        'Its row was created at ' || first_seen || '.',
        'A row of that name was deleted or renamed at ' || last_left || '.'),
      hint = 'Pass the time the usage happened as the at argument.';
  end if;
  -- A dated price of the catalog in force at that time beats the config the sync last wrote (docs/pricing-rules.md).
  config := ai_model_sync.config_in_force(provider, api_identifier, config, priced_at);

  cost := ai_model_sync.usage_cost(config, input_tokens, output_tokens, cached_input_tokens, cache_write_input_tokens,
                                   cache_write_1h_input_tokens, audio_input_tokens, reasoning_output_tokens,
                                   audio_output_tokens);
  if cost is null then
    raise exception using errcode = 'object_not_in_prerequisite_state',
      message = case when ai_model_sync.rate(config, 'input_token_cost_rate') is null
                     then pg_catalog.format('model %s is unpriced: its config has no input_token_cost_rate', model)
                     else pg_catalog.format('model %s has no output_token_cost_rate but the usage has %s output tokens',
                                            model, output_tokens) end,
      detail = pg_catalog.format('The config in force at %s lacks the rate.', priced_at),
      hint = 'Price it with an admin catalog entry (insert into ai_model_catalog (provider, model, config) ...) and a '
             'sync, or by hand: update ai_providers set config = config || ''{"input_token_cost_rate": 0.0000025}'' ... '
             '(USD per single token). select * from ai_models_unpriced lists active models without a price.';
  end if;
  return cost;
end
$$;
comment on function ai_model_sync.request_cost(text, text, timestamptz, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint) is
  'The body of both forms of public.ai_models_cost: checks the counts (classes within their totals), prices only '
  'active models for a caller who may not read the history (readers; admins also bill past usage of inactive '
  'models), reads the config as of at (ai_models_config_at) with the catalog''s dated price in force then '
  '(config_in_force), and bills it with usage_cost. Unknown, inactive or unpriced model: errors with detail and hint '
  '(the detail never shows the config).';
