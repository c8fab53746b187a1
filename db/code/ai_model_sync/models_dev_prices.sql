-- models.dev's api.json: {provider id: {models: {model id: {cost: {...} per 1M tokens}}}}.
create or replace function ai_model_sync.models_dev_prices(payload jsonb)
returns table (provider text, api_identifier text, key text, value numeric, entry text, problem text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with providers (source_provider, provider) as (
    values ('openai', 'openai'), ('anthropic', 'anthropic'), ('google', 'google'), ('mistral', 'mistral'),
           ('groq', 'groq'), ('deepseek', 'deepseek'), ('xai', 'xai'), ('togetherai', 'together'),
           ('fireworks-ai', 'fireworks'), ('openrouter', 'openrouter')
  ),
  keys (cost_key, key, long_context_key) as (
    values ('input', 'input_token_cost_rate', 'long_context_input_token_cost_rate'),
           ('output', 'output_token_cost_rate', 'long_context_output_token_cost_rate'),
           ('cache_read', 'cache_read_input_token_cost_rate', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_write', 'cache_write_input_token_cost_rate', 'long_context_cache_write_input_token_cost_rate'),
           ('input_audio', 'input_audio_token_cost_rate', null),
           ('output_audio', 'output_audio_token_cost_rate', null)
  ),
  models as (
    select p.provider, m.key as api_identifier, m.value->'cost' as cost, p.source_provider || '/' || m.key as entry
      from providers p
      cross join lateral pg_catalog.jsonb_each(
        case when pg_catalog.jsonb_typeof(payload->p.source_provider->'models') = 'object'
             then payload->p.source_provider->'models' else '{}' end) as m
     where pg_catalog.jsonb_typeof(m.value->'cost') = 'object'
  ),
  mapped as (
    select m.provider, m.api_identifier, k.key, m.cost->k.cost_key as value, m.entry
      from models m join keys k on m.cost ? k.cost_key
    union all
    select m.provider, m.api_identifier, k.long_context_key, m.cost->'context_over_200k'->k.cost_key, m.entry
      from models m join keys k on k.long_context_key is not null and m.cost->'context_over_200k' ? k.cost_key
    union all
    select m.provider, m.api_identifier, 'long_context_threshold_tokens', '200000'::jsonb, m.entry
      from models m where pg_catalog.jsonb_typeof(m.cost->'context_over_200k') = 'object'
  )
  select m.provider, m.api_identifier, m.key,
         case when pr.problem is null then ai_model_sync.price(m.value, u.per) end, m.entry, pr.problem
    from mapped m,
         -- per 1M tokens, but the threshold, which counts tokens
         lateral (select case when m.key = 'long_context_threshold_tokens' then 1 else 1000000 end as per) as u,
         lateral (select ai_model_sync.price_entry_problem(m.key, m.value, u.per) as problem) as pr
   where m.value <> 'null'::jsonb
$$;
comment on function ai_model_sync.models_dev_prices(jsonb) is
  'Maps models.dev''s api.json to (provider, api_identifier, config key, value per token) by its own rules: the '
  'provider id (togetherai = together, fireworks-ai = fireworks) and the model id exactly; cost.* per 1M tokens '
  '(input, output, cache_read, cache_write, audio); context_over_200k is the long-context tier at 200,000 tokens. '
  'entry is provider/model as in the file; problem says why a value is skipped (sanity bounds).';
