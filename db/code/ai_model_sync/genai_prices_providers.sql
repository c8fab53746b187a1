-- genai-prices' provider ids and ours, stated once: the mapper prices these providers and the candidate digest
-- watches them. rows 10: with the default estimate of 1000 rows the mapper's plan matched every rule against every
-- candidate the slow way (make bench, price sources: the first run took 1.7 s instead of 0.45 s).
create or replace function ai_model_sync.genai_prices_providers()
returns table (source_provider text, provider text)
language sql immutable parallel safe rows 10
set search_path = pg_catalog, pg_temp
as $$
  values ('openai', 'openai'), ('anthropic', 'anthropic'), ('google', 'google'), ('mistral', 'mistral'),
         ('groq', 'groq'), ('deepseek', 'deepseek'), ('x-ai', 'xai'), ('together', 'together'),
         ('fireworks', 'fireworks'), ('openrouter', 'openrouter')
$$;
comment on function ai_model_sync.genai_prices_providers() is
  'The providers of genai-prices'' data file that are ours, with its id and ours (x-ai = xai): used by '
  'ai_model_sync.genai_prices_prices and ai_model_sync.price_candidates_digest.';
