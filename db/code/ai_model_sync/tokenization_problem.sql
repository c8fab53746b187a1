create or replace function ai_model_sync.tokenization_problem(strategy jsonb) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when strategy is null or strategy = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(strategy) <> 'object' then
      pg_catalog.format('tokenization_strategy must be an object, got %s', strategy)
    when strategy->>'type' = 'tiktoken' then
      case when pg_catalog.jsonb_typeof(strategy->'tiktoken_encoding_name') is distinct from 'string'
        then 'tokenization_strategy of type tiktoken needs a string tiktoken_encoding_name (o200k_base, cl100k_base, ...)' end
    when strategy->>'type' = 'rough_char_count' then
      case when pg_catalog.jsonb_typeof(strategy->'chars_per_token_ratio') is distinct from 'number'
             or (strategy->>'chars_per_token_ratio')::numeric <= 0
        then 'tokenization_strategy of type rough_char_count needs a positive number chars_per_token_ratio' end
    when strategy->>'type' = 'anthropic_tokenizer' then
      case when pg_catalog.jsonb_typeof(strategy->'model') is distinct from 'string'
        then 'tokenization_strategy of type anthropic_tokenizer needs a string model' end
    when strategy->>'type' in ('google_gemini_tokenizer', 'none') then null
    else pg_catalog.format(
      'tokenization_strategy.type must be one of tiktoken, rough_char_count, anthropic_tokenizer, google_gemini_tokenizer, none; got %s',
      coalesce((strategy->'type')::text, 'nothing'))
  end
$$;
comment on function ai_model_sync.tokenization_problem(jsonb) is
  'NULL when a tokenization_strategy value has one of the shapes of SPEC 3.2, else what is wrong with it.';
