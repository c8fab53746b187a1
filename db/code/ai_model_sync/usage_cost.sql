create or replace function ai_model_sync.usage_cost(
  config jsonb, input_tokens bigint, output_tokens bigint, cached_input_tokens bigint,
  cache_write_input_tokens bigint, cache_write_1h_input_tokens bigint, audio_input_tokens bigint,
  reasoning_output_tokens bigint, audio_output_tokens bigint
) returns numeric
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- Each token is billed once, in its own class: the prompt's plain text tokens are what the other input classes
  -- leave of input_tokens, the plain output tokens what reasoning and audio leave of output_tokens.
  select (r.input_tokens - r.cached_input_tokens - r.cache_write_input_tokens - r.cache_write_1h_input_tokens
          - r.audio_input_tokens) * r.input_rate
         + r.cached_input_tokens * coalesce(r.cache_rate, r.input_rate)
         + case when r.cache_write_input_tokens = 0 then 0 else r.cache_write_input_tokens * r.write_rate end
         + case when r.cache_write_1h_input_tokens = 0 then 0 else r.cache_write_1h_input_tokens * r.write_1h_rate end
         + case when r.audio_input_tokens = 0 then 0 else r.audio_input_tokens * r.audio_input_rate end
         + case when r.text_output_tokens = 0 then 0 else r.text_output_tokens * r.output_rate end
         + case when r.reasoning_output_tokens = 0 then 0 else r.reasoning_output_tokens * r.reasoning_rate end
         + case when r.audio_output_tokens = 0 then 0 else r.audio_output_tokens * r.audio_output_rate end
    from (
      select w.*,
             coalesce(w.write_base, w.input_rate) as write_rate,
             coalesce(w.write_1h_base, w.write_base, w.input_rate) as write_1h_rate
        from (
          select b.*,
                 case when b.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_write_input_token_cost_rate'),
                                                b.cache_write_rate, ai_model_sync.rate(config, 'long_context_input_token_cost_rate'))
                      else b.cache_write_rate end as write_base,
                 case when b.long then coalesce(ai_model_sync.rate(config, 'long_context_cache_write_1h_input_token_cost_rate'),
                                                b.cache_write_1h_rate)
                      else b.cache_write_1h_rate end as write_1h_base,
                 -- audio_input_ / audio_output_token_cost_rate: accepted spellings of the same rates
                 coalesce(ai_model_sync.rate(config, 'input_audio_token_cost_rate'),
                          ai_model_sync.rate(config, 'audio_input_token_cost_rate'), b.input_rate) as audio_input_rate,
                 coalesce(ai_model_sync.rate(config, 'reasoning_output_token_cost_rate'), b.output_rate) as reasoning_rate,
                 coalesce(ai_model_sync.rate(config, 'output_audio_token_cost_rate'),
                          ai_model_sync.rate(config, 'audio_output_token_cost_rate'), b.output_rate) as audio_output_rate
            from (
              select usage_cost.input_tokens, usage_cost.cached_input_tokens, usage_cost.cache_write_input_tokens,
                     usage_cost.cache_write_1h_input_tokens, usage_cost.audio_input_tokens,
                     usage_cost.output_tokens - usage_cost.reasoning_output_tokens - usage_cost.audio_output_tokens
                       as text_output_tokens,
                     usage_cost.reasoning_output_tokens, usage_cost.audio_output_tokens, l.long, l.cache_write_rate,
                     l.cache_write_1h_rate,
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
                         ai_model_sync.rate(config, 'cache_write_input_token_cost_rate') as cache_write_rate,
                         ai_model_sync.rate(config, 'cache_write_1h_input_token_cost_rate') as cache_write_1h_rate,
                         coalesce(usage_cost.input_tokens > ai_model_sync.rate(config, 'long_context_threshold_tokens'), false) as long
                ) as l
            ) as b
        ) as w
    ) as r
$$;
comment on function ai_model_sync.usage_cost(jsonb, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint) is
  'Pure: the USD cost of one request under a config. input_tokens counts the whole prompt (cache reads, cache '
  'writes and audio included: OpenAI''s convention), output_tokens the whole output (reasoning and audio '
  'included); each class is billed once at its own rate: cached_input_tokens at cache_read_input_token_cost_rate, '
  'cache_write_input_tokens (5-minute) at cache_write_input_token_cost_rate, cache_write_1h_input_tokens at '
  'cache_write_1h_input_token_cost_rate (else the 5-minute write rate), audio_input_tokens at '
  'input_audio_token_cost_rate (or audio_input_token_cost_rate), reasoning_output_tokens at '
  'reasoning_output_token_cost_rate, audio_output_tokens at output_audio_token_cost_rate (or '
  'audio_output_token_cost_rate); a class without its own rate costs the base input or output rate. A prompt longer '
  'than long_context_threshold_tokens bills every token at the long_context_* rates (each falling back to the base '
  'rate when absent). NULL when input_token_cost_rate is missing, or when there are output tokens and no output '
  'rate (an embedding model may lack one). Callers validate the counts.';
