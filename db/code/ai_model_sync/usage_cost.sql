create or replace function ai_model_sync.usage_cost(
  config jsonb, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint
) returns numeric
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select (r.input_tokens - r.cached_input_tokens) * r.input_rate
         + r.cached_input_tokens * coalesce(r.cache_rate, r.input_rate)
         + case when r.output_tokens = 0 then 0 else r.output_tokens * r.output_rate end
    from (
      select usage_cost.input_tokens, usage_cost.output_tokens, usage_cost.cached_input_tokens,
             case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_input_token_cost_rate'), l.input_rate)
                  else l.input_rate end as input_rate,
             case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_output_token_cost_rate'), l.output_rate)
                  else l.output_rate end as output_rate,
             case when l.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_read_input_token_cost_rate'),
                                            l.cache_rate,
                                            ai_model_sync.rate(config, 'long_context_input_token_cost_rate'))
                  else l.cache_rate end as cache_rate
        from (
          select ai_model_sync.rate(config, 'input_token_cost_rate') as input_rate,
                 ai_model_sync.rate(config, 'output_token_cost_rate') as output_rate,
                 ai_model_sync.rate(config, 'cache_read_input_token_cost_rate') as cache_rate,
                 coalesce(usage_cost.input_tokens > ai_model_sync.rate(config, 'long_context_threshold_tokens'), false) as long
        ) as l
    ) as r
$$;
comment on function ai_model_sync.usage_cost(jsonb, bigint, bigint, bigint) is
  'Pure: the USD cost of one request under a config. input_tokens counts the whole prompt, cached_input_tokens '
  'included (OpenAI''s usage convention); cached tokens cost cache_read_input_token_cost_rate when priced, else the '
  'input rate. A prompt longer than long_context_threshold_tokens bills every token at the long_context_* rates '
  '(each falling back to the base rate when absent; cached tokens at long_context_cache_read_input_token_cost_rate, '
  'else the cache rate, else the long-context input rate). NULL when input_token_cost_rate is missing, or when there are output tokens and '
  'no output rate (an embedding model may lack one). Callers validate the counts.';
