create or replace function ai_model_sync.model_defaults(
  provider text, api_identifier text, max_input_tokens bigint, max_output_tokens bigint, reported jsonb,
  catalog jsonb, admin jsonb
) returns jsonb
language sql stable parallel safe
as $$
  select pg_catalog.jsonb_strip_nulls(
    pg_catalog.jsonb_build_object('tokenization_strategy',
      case ai_model_sync.payload_format(provider)
        when 'anthropic' then pg_catalog.jsonb_build_object('type', 'anthropic_tokenizer', 'model', api_identifier)
        when 'google' then '{"type": "google_gemini_tokenizer"}'::jsonb
        else '{"type": "rough_char_count", "chars_per_token_ratio": 4}'::jsonb
      end)
    || coalesce(catalog, '{}'::jsonb)
    || coalesce(reported, '{}'::jsonb)
    || coalesce(admin, '{}'::jsonb)
    || pg_catalog.jsonb_build_object(
         'provider_max_input_tokens', max_input_tokens,
         'provider_max_output_tokens', max_output_tokens,
         'context_window_tokens',
           coalesce(admin->'context_window_tokens', catalog->'context_window_tokens', pg_catalog.to_jsonb(max_input_tokens)),
         'hard_cap_output_tokens', pg_catalog.to_jsonb(least(
           coalesce((admin->>'hard_cap_output_tokens')::bigint, (catalog->>'hard_cap_output_tokens')::bigint),
           max_output_tokens)))
  )
$$;
comment on function ai_model_sync.model_defaults(text, text, bigint, bigint, jsonb, jsonb, jsonb) is
  'The default config of a listed model, each layer overriding the one before: a tokenization strategy by wire '
  'format; the built-in and imported catalog; the prices the provider''s own list reports (OpenRouter, Together: '
  'live, so they beat a static catalog); the admin catalog tier; then the provider-reported limits '
  '(provider_max_*), the context window (the catalog''s, else the provider''s input limit) and the output cap '
  '(the catalog''s, never above the provider''s maximum output).';
