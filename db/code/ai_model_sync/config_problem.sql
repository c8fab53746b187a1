create or replace function ai_model_sync.config_problem(config jsonb) returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when config is null then null
    when pg_catalog.jsonb_typeof(config) <> 'object' then
      pg_catalog.format('config must be a JSON object, got %s', pg_catalog.jsonb_typeof(config))
    else (
      select pg_catalog.string_agg(p.problem, '; ' order by p.key)
      from (
        select e.key, case
          when e.value = 'null'::jsonb then null
          when e.key like '%\_cost\_rate' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'number' or (e.value #>> '{}')::numeric < 0
              then pg_catalog.format('%s must be a non-negative number (USD per single token), got %s', e.key, e.value) end
          when e.key like '%\_tokens' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'number'
                   or (e.value #>> '{}')::numeric <= 0
                   or (e.value #>> '{}')::numeric <> pg_catalog.trunc((e.value #>> '{}')::numeric)
              then pg_catalog.format('%s must be a positive whole number of tokens, got %s', e.key, e.value) end
          when e.key = 'tokenization_strategy' then ai_model_sync.tokenization_problem(e.value)
          -- issue 15: what the model is (docs/capabilities.md)
          when e.key = 'kind' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'string' or e.value #>> '{}' not in
                   ('chat', 'completion', 'embedding', 'image', 'moderation', 'realtime', 'rerank', 'speech', 'transcription', 'video')
              then pg_catalog.format('kind must be one of chat, completion, embedding, image, moderation, realtime, rerank, '
                                     'speech, transcription, video, got %s', e.value) end
          when e.key in ('input_modalities', 'output_modalities') then
            case when pg_catalog.jsonb_typeof(e.value) <> 'array'
                   or not (e.value <@ '["audio", "file", "image", "text", "video"]'::jsonb)
              then pg_catalog.format('%s must be an array of audio, file, image, text, video, got %s', e.key, e.value) end
          when e.key like 'supports\_%' then
            case when pg_catalog.jsonb_typeof(e.value) <> 'boolean'
              then pg_catalog.format('%s must be true or false, got %s', e.key, e.value) end
        end as problem
        from pg_catalog.jsonb_each(config) as e
      ) as p
      where p.problem is not null
    )
  end
$$;
comment on function ai_model_sync.config_problem(jsonb) is
  'NULL when a config object is valid, else every problem found: keys ending in _cost_rate hold non-negative '
  'numbers (USD per single token), keys ending in _tokens positive whole numbers, tokenization_strategy one of '
  'the shapes of SPEC 3.2, kind one of the documented kinds, *_modalities arrays of audio, file, image, text, video, '
  'supports_* booleans (docs/capabilities.md). Shared by the ai_providers trigger and the catalog loader.';
