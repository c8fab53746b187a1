-- LiteLLM's model_prices_and_context_window.json: one object keyed by model name, prices in USD per token.
create or replace function ai_model_sync.litellm_prices(payload jsonb)
returns table (provider text, api_identifier text, key text, value numeric, entry text, problem text)
language sql stable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  with providers (litellm_provider, provider) as (
    values ('openai', 'openai'), ('text-completion-openai', 'openai'), ('anthropic', 'anthropic'),
           ('gemini', 'google'), ('mistral', 'mistral'), ('codestral', 'mistral'), ('groq', 'groq'),
           ('deepseek', 'deepseek'), ('xai', 'xai'), ('together_ai', 'together'), ('fireworks_ai', 'fireworks'),
           ('openrouter', 'openrouter'), ('ollama', 'ollama')
  ),
  plain (litellm_key, key) as (
    values ('input_cost_per_token', 'input_token_cost_rate'), ('output_cost_per_token', 'output_token_cost_rate'),
           ('cache_read_input_token_cost', 'cache_read_input_token_cost_rate'),
           ('cache_creation_input_token_cost', 'cache_write_input_token_cost_rate'),
           ('cache_creation_input_token_cost_above_1hr', 'cache_write_1h_input_token_cost_rate'),
           ('input_cost_per_audio_token', 'input_audio_token_cost_rate'),
           ('output_cost_per_audio_token', 'output_audio_token_cost_rate')
  ),
  tiered (litellm_key, key) as (
    values ('input_cost_per_token', 'long_context_input_token_cost_rate'),
           ('output_cost_per_token', 'long_context_output_token_cost_rate'),
           ('cache_read_input_token_cost', 'long_context_cache_read_input_token_cost_rate'),
           ('cache_creation_input_token_cost', 'long_context_cache_write_input_token_cost_rate')
  ),
  entries as (
    select e.key as entry, e.value as spec, p.provider,
           case when e.key like p.litellm_provider || '/%' then pg_catalog.substr(e.key, pg_catalog.length(p.litellm_provider) + 2)
                when e.key like p.provider || '/%' then pg_catalog.substr(e.key, pg_catalog.length(p.provider) + 2)
                else e.key end as api_identifier
      from pg_catalog.jsonb_each(case when pg_catalog.jsonb_typeof(payload) = 'object' then payload else '{}' end) as e
      join providers p on p.litellm_provider = e.value->>'litellm_provider'
     where e.key <> 'sample_spec' and pg_catalog.jsonb_typeof(e.value) = 'object'
       and coalesce(e.value->>'mode', 'chat') in ('chat', 'responses', 'completion', 'embedding')
  ),
  fields as (
    select en.entry, en.provider, en.api_identifier, f.key as litellm_key, f.value,
           pg_catalog.regexp_match(f.key, '^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$') as tier
      from entries en, pg_catalog.jsonb_each(en.spec) as f
     where f.value <> 'null'::jsonb
  ),
  lowest as (
    -- several thresholds cannot be one long-context tier: the lowest one counts (as the importer does)
    select f.entry, pg_catalog.min(f.tier[2]::bigint * 1000) as threshold
      from fields f where f.tier is not null group by f.entry
  ),
  mapped as (
    select f.provider, f.api_identifier, p.key, f.value, f.entry
      from fields f join plain p on p.litellm_key = f.litellm_key
    union all
    select f.provider, f.api_identifier, t.key, f.value, f.entry
      from fields f
      join lowest l on l.entry = f.entry and f.tier[2]::bigint * 1000 = l.threshold
      join tiered t on t.litellm_key = f.tier[1]
    union all
    select en.provider, en.api_identifier, 'long_context_threshold_tokens', pg_catalog.to_jsonb(l.threshold), en.entry
      from entries en join lowest l on l.entry = en.entry
  )
  select m.provider, m.api_identifier, m.key,
         -- per token already; price() gives the shortest exact decimal, as for the other tables
         case when pr.problem is null then ai_model_sync.price(m.value, 1) end, m.entry, pr.problem
    from mapped m, lateral (select ai_model_sync.price_entry_problem(m.key, m.value, 1) as problem) as pr
$$;
comment on function ai_model_sync.litellm_prices(jsonb) is
  'Maps a LiteLLM cost map to (provider, api_identifier, config key, value per token) by LiteLLM''s own rules: '
  'litellm_provider names the provider (gemini = Google''s Developer API; vertex_ai, azure, bedrock are not ours), '
  'the key without its provider prefix is the id, text modes only; *_above_Nk_tokens keys become the long-context '
  'tier (the lowest N). entry is the file''s own key; problem says why a value is skipped (sanity bounds).';
