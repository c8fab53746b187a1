create or replace function ai_model_sync.price_entry_problem(key text, value jsonb, per_tokens numeric) returns text
language sql immutable parallel safe
as $$
  select case
    when pg_catalog.jsonb_typeof(value) is distinct from 'number' then
      pg_catalog.format('%s is not a number: %s', key, pg_catalog.left(value::text, 80))
    when key = 'long_context_threshold_tokens' then
      case when (value #>> '{}')::numeric <= 0 then pg_catalog.format('%s must be positive, got %s', key, value) end
    when (value #>> '{}')::numeric < 0 then
      pg_catalog.format('%s is negative: %s', key, value)
    when (value #>> '{}')::numeric / per_tokens > 0.001 then
      pg_catalog.format('%s = %s USD per token is above the sanity bound of 0.001 USD per token', key,
                        pg_catalog.trim_scale((value #>> '{}')::numeric / per_tokens))
      -- a value meant per single token that is this large is a per-1M price typed by mistake
      || case when per_tokens = 1 then pg_catalog.format(': it looks like a per-1M-tokens price (that would be %s per token)',
                                                          pg_catalog.trim_scale((value #>> '{}')::numeric / 1000000)) else '' end
  end
$$;
comment on function ai_model_sync.price_entry_problem(text, jsonb, numeric) is
  'Why one price is refused (not a number, negative, above 0.001 USD per token once divided by per_tokens, the '
  'tokens its unit covers), NULL when it counts: the one price check of the public price tables and of the catalog '
  'files (config and dated prices). Thresholds (long_context_threshold_tokens) must '
  'be positive. No SET search_path so that it inlines; every name is schema-qualified.';
