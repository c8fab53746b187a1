create or replace function ai_model_sync.usage_tokens(
  usage jsonb,
  out format text, out input_tokens bigint, out output_tokens bigint, out cached_input_tokens bigint,
  out cache_write_input_tokens bigint, out cache_write_1h_input_tokens bigint, out audio_input_tokens bigint,
  out reasoning_output_tokens bigint, out audio_output_tokens bigint
)
language plpgsql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
declare
  u jsonb := usage;
  counted jsonb := '{}';
  path text;
  v jsonb;
  n numeric;
  google_keys text[] := array['promptTokenCount', 'candidatesTokenCount', 'cachedContentTokenCount', 'thoughtsTokenCount',
                              'toolUsePromptTokenCount', 'totalTokenCount', 'promptTokensDetails'];
  own_keys text[] := array['cached_input_tokens', 'cache_write_input_tokens', 'cache_write_1h_input_tokens',
                           'audio_input_tokens', 'reasoning_output_tokens', 'audio_output_tokens'];
  chat_keys text[] := array['prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details'];
  anthropic_keys text[] := array['cache_creation_input_tokens', 'cache_read_input_tokens', 'cache_creation'];
  responses_keys text[] := array['input_tokens_details', 'output_tokens_details'];
  paths text[];
  write_total numeric;
begin
  -- The whole response, or its usage object: {"usage": {...}} (OpenAI, Anthropic), {"usageMetadata": {...}} (Google).
  if pg_catalog.jsonb_typeof(u -> 'usageMetadata') = 'object' then
    u := u -> 'usageMetadata';
  elsif pg_catalog.jsonb_typeof(u -> 'usage') = 'object' then
    u := u -> 'usage';
  end if;
  if u is null or pg_catalog.jsonb_typeof(u) <> 'object' then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('usage must be a JSON object, got %s', coalesce(pg_catalog.jsonb_typeof(u), 'NULL')),
      detail = pg_catalog.format('usage = %s', pg_catalog.left(coalesce(usage::text, 'NULL'), 200)),
      hint = 'Pass the usage object of the provider''s response as it came back (OpenAI usage, Anthropic usage, Google usageMetadata).';
  end if;

  format := case
    when u ?| google_keys then 'google'
    when u ?| own_keys then 'ai_models_cost'
    when u ?| chat_keys then 'openai'
    when u ?| anthropic_keys then 'anthropic'
    when u ?| array['input_tokens', 'output_tokens'] then 'openai_responses'
  end;
  if format is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = 'usage is not a usage object of a known provider',
      detail = pg_catalog.format('keys: %s', (select pg_catalog.string_agg(k, ', ' order by k) from pg_catalog.jsonb_object_keys(u) as k)),
      hint = 'OpenAI: prompt_tokens / completion_tokens (or input_tokens / output_tokens); Anthropic: input_tokens, '
             'cache_creation_input_tokens, cache_read_input_tokens, output_tokens; Google: promptTokenCount, '
             'candidatesTokenCount, cachedContentTokenCount, thoughtsTokenCount.';
  end if;
  if (format = 'google' and u ?| (own_keys || chat_keys || anthropic_keys || responses_keys || array['input_tokens', 'output_tokens']))
     or (format = 'ai_models_cost' and u ?| (chat_keys || anthropic_keys || responses_keys))
     or (format = 'openai' and u ?| (anthropic_keys || responses_keys || array['input_tokens', 'output_tokens']))
     or (format = 'anthropic' and u ?| responses_keys) then
    raise exception using errcode = 'invalid_parameter_value',
      message = 'usage mixes the fields of different providers',
      detail = pg_catalog.format('keys: %s', (select pg_catalog.string_agg(k, ', ' order by k) from pg_catalog.jsonb_object_keys(u) as k)),
      hint = 'Pass one provider''s usage object unchanged; its fields mean different things per provider, so a mix '
             'cannot be billed without counting a token twice or leaving one out.';
  end if;

  paths := case format
    when 'google' then array['promptTokenCount', 'cachedContentTokenCount', 'candidatesTokenCount', 'thoughtsTokenCount',
                             'toolUsePromptTokenCount']
    when 'ai_models_cost' then array['input_tokens', 'output_tokens'] || own_keys
    when 'openai' then array['prompt_tokens', 'prompt_tokens_details,cached_tokens', 'prompt_tokens_details,cache_write_tokens',
                             'prompt_tokens_details,audio_tokens', 'completion_tokens',
                             'completion_tokens_details,reasoning_tokens', 'completion_tokens_details,audio_tokens']
    when 'anthropic' then array['input_tokens', 'cache_creation_input_tokens', 'cache_creation,ephemeral_5m_input_tokens',
                                'cache_creation,ephemeral_1h_input_tokens', 'cache_read_input_tokens', 'output_tokens']
    else array['input_tokens', 'input_tokens_details,cached_tokens', 'input_tokens_details,cache_write_tokens',
               'input_tokens_details,audio_tokens', 'output_tokens', 'output_tokens_details,reasoning_tokens',
               'output_tokens_details,audio_tokens']
  end;
  -- Every count read: absent or null is 0, anything else a whole number of tokens, zero or more.
  foreach path in array paths loop
    v := u #> pg_catalog.string_to_array(path, ',');
    if v is null or v = 'null'::jsonb then
      n := 0;
    elsif pg_catalog.jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric >= 0
          and (v #>> '{}')::numeric = pg_catalog.trunc((v #>> '{}')::numeric) then
      n := (v #>> '{}')::numeric;
    else
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('usage field %s must be a whole number of tokens, zero or more, got %s',
                                    pg_catalog.replace(path, ',', '.'), v),
        detail = pg_catalog.format('%s usage: %s', format, pg_catalog.left(u::text, 300)),
        hint = 'Pass the usage object as the provider returned it.';
    end if;
    counted := counted || pg_catalog.jsonb_build_object(path, n);
  end loop;

  if format = 'google' then
    -- promptTokenCount includes the cached content; thoughts are billed as output, apart from candidatesTokenCount.
    input_tokens := (counted->>'promptTokenCount')::numeric + (counted->>'toolUsePromptTokenCount')::numeric;
    cached_input_tokens := (counted->>'cachedContentTokenCount')::numeric;
    cache_write_input_tokens := 0;
    cache_write_1h_input_tokens := 0;
    -- audio of the prompt, by modality (promptTokensDetails: [{"modality": "AUDIO", "tokenCount": n}])
    audio_input_tokens := coalesce((
      select pg_catalog.sum(case when pg_catalog.jsonb_typeof(d->'tokenCount') = 'number' then (d->>'tokenCount')::numeric end)
        from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(u->'promptTokensDetails') = 'array'
                                                  then u->'promptTokensDetails' else '[]'::jsonb end) as d
       where d->>'modality' = 'AUDIO'), 0);
    reasoning_output_tokens := (counted->>'thoughtsTokenCount')::numeric;
    audio_output_tokens := 0;
    output_tokens := (counted->>'candidatesTokenCount')::numeric + reasoning_output_tokens;
  elsif format = 'ai_models_cost' then
    input_tokens := (counted->>'input_tokens')::numeric;
    output_tokens := (counted->>'output_tokens')::numeric;
    cached_input_tokens := (counted->>'cached_input_tokens')::numeric;
    cache_write_input_tokens := (counted->>'cache_write_input_tokens')::numeric;
    cache_write_1h_input_tokens := (counted->>'cache_write_1h_input_tokens')::numeric;
    audio_input_tokens := (counted->>'audio_input_tokens')::numeric;
    reasoning_output_tokens := (counted->>'reasoning_output_tokens')::numeric;
    audio_output_tokens := (counted->>'audio_output_tokens')::numeric;
  elsif format = 'anthropic' then
    -- input_tokens excludes cache reads and writes; the 5-minute / 1-hour split is of cache_creation_input_tokens.
    write_total := case when u ? 'cache_creation_input_tokens' and u->'cache_creation_input_tokens' <> 'null'::jsonb
                        then (counted->>'cache_creation_input_tokens')::numeric
                        else (counted->>'cache_creation,ephemeral_5m_input_tokens')::numeric
                             + (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric end;
    if (u #> '{cache_creation,ephemeral_5m_input_tokens}' is not null
        and (counted->>'cache_creation,ephemeral_5m_input_tokens')::numeric
            + (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric <> write_total)
       or (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric > write_total then
      raise exception using errcode = 'invalid_parameter_value',
        message = pg_catalog.format('usage cache_creation (%s + %s) does not add up to cache_creation_input_tokens (%s)',
                                    counted->>'cache_creation,ephemeral_5m_input_tokens',
                                    counted->>'cache_creation,ephemeral_1h_input_tokens', write_total),
        detail = pg_catalog.format('anthropic usage: %s', pg_catalog.left(u::text, 300)),
        hint = 'Pass the usage object as Anthropic returned it.';
    end if;
    cache_write_1h_input_tokens := (counted->>'cache_creation,ephemeral_1h_input_tokens')::numeric;
    cache_write_input_tokens := write_total - cache_write_1h_input_tokens;
    cached_input_tokens := (counted->>'cache_read_input_tokens')::numeric;
    input_tokens := (counted->>'input_tokens')::numeric + write_total + cached_input_tokens;
    audio_input_tokens := 0;
    output_tokens := (counted->>'output_tokens')::numeric;
    reasoning_output_tokens := 0;
    audio_output_tokens := 0;
  else
    -- OpenAI (Chat Completions or Responses): the totals include the details (cached, written, audio, reasoning).
    input_tokens := coalesce((counted->>'prompt_tokens')::numeric, (counted->>'input_tokens')::numeric);
    cached_input_tokens := coalesce((counted->>'prompt_tokens_details,cached_tokens')::numeric,
                                    (counted->>'input_tokens_details,cached_tokens')::numeric);
    cache_write_input_tokens := coalesce((counted->>'prompt_tokens_details,cache_write_tokens')::numeric,
                                         (counted->>'input_tokens_details,cache_write_tokens')::numeric);
    cache_write_1h_input_tokens := 0;
    audio_input_tokens := coalesce((counted->>'prompt_tokens_details,audio_tokens')::numeric,
                                   (counted->>'input_tokens_details,audio_tokens')::numeric);
    output_tokens := coalesce((counted->>'completion_tokens')::numeric, (counted->>'output_tokens')::numeric);
    reasoning_output_tokens := coalesce((counted->>'completion_tokens_details,reasoning_tokens')::numeric,
                                        (counted->>'output_tokens_details,reasoning_tokens')::numeric);
    audio_output_tokens := coalesce((counted->>'completion_tokens_details,audio_tokens')::numeric,
                                    (counted->>'output_tokens_details,audio_tokens')::numeric);
  end if;
end
$$;
comment on function ai_model_sync.usage_tokens(jsonb) is
  'Reads a provider''s usage object (OpenAI Chat Completions usage or Responses usage, Anthropic usage, Google '
  'usageMetadata, or ai_models_cost''s own keys; the whole response is accepted too) into the token classes of '
  'ai_model_sync.usage_cost, whose input_tokens is the whole prompt and output_tokens the whole output. OpenAI''s '
  'prompt_tokens already include cached, written and audio tokens; Anthropic''s input_tokens exclude cache reads '
  'and writes (added here); Google''s promptTokenCount includes cachedContentTokenCount, and thoughtsTokenCount is '
  'output outside candidatesTokenCount. Raises on a non-object, an unknown or mixed shape, or a count that is not a '
  'whole number of tokens.';
