create or replace function ai_model_sync.payload_format(provider text) returns text
language sql immutable parallel safe
as $$
  select case provider when 'anthropic' then 'anthropic' when 'google' then 'google' else 'openai' end
$$;
comment on function ai_model_sync.payload_format(text) is
  'The wire format of a provider''s list: anthropic, google, or openai (OpenAI and every OpenAI-compatible provider).';
