-- What a list entry itself says the model is (issue 15, docs/capabilities.md). One expression, no subquery and no
-- SET clause so that the planner inlines it into ai_model_sync.staged_models (the hot path): every name is
-- schema-qualified; STABLE, not IMMUTABLE, like jsonb_build_object and to_jsonb (an IMMUTABLE body with stable calls is
-- not inlined). Modalities are normalised to the sorted subset of audio, file, image, text, video.
create or replace function ai_model_sync.reported_capabilities(
  fmt text, capabilities jsonb, generation_methods jsonb, architecture jsonb, supported_parameters jsonb,
  model_type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb
) returns jsonb
language sql stable parallel safe
as $$
  select case when pg_catalog.num_nonnulls(capabilities, generation_methods, architecture, supported_parameters, model_type,
                                           supports_chat, supports_image_input, supports_tools, thinking) > 0 then
    nullif(pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
      'kind', case
        -- Google: the generation methods say which endpoint serves the model
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then case
          when generation_methods ? 'generateContent' then 'chat'
          when generation_methods ? 'embedContent' then 'embedding'
          when generation_methods ? 'bidiGenerateContent' then 'realtime'
          when generation_methods ? 'predictLongRunning' then 'video'
          when generation_methods ? 'predict' then 'image'
        end
        -- OpenRouter: what the model outputs
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'output_modalities') = 'array' then case
          when architecture -> 'output_modalities' ? 'embeddings' then 'embedding'
          when architecture -> 'output_modalities' ? 'text' then 'chat'
          when architecture -> 'output_modalities' ? 'image' then 'image'
          when architecture -> 'output_modalities' ? 'audio' then 'speech'
        end
        -- Mistral: capabilities.completion_chat (embedding, moderation and OCR models report none of it)
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'completion_chat') = 'boolean' then
          case when capabilities -> 'completion_chat' = 'true'::jsonb then 'chat' end
        -- Together: type
        when fmt = 'openai' and pg_catalog.jsonb_typeof(model_type) = 'string' then case model_type #>> '{}'
          when 'chat' then 'chat' when 'language' then 'completion' when 'image' then 'image'
          when 'embedding' then 'embedding' when 'moderation' then 'moderation' when 'rerank' then 'rerank'
          when 'audio' then 'speech' when 'transcribe' then 'transcription'
        end
        -- Fireworks: supports_chat
        when fmt = 'openai' and supports_chat = 'true'::jsonb then 'chat'
      end,
      'input_modalities', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities) = 'object' then
          case when capabilities #> '{pdf_input,supported}' = 'true'::jsonb then '["file"]'::jsonb else '[]'::jsonb end
          || case when capabilities #> '{image_input,supported}' = 'true'::jsonb then '["image"]'::jsonb else '[]'::jsonb end
          || '["text"]'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'input_modalities') = 'array' then nullif(
          case when architecture -> 'input_modalities' ? 'audio' then '["audio"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'file' then '["file"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'image' then '["image"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'text' then '["text"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'input_modalities' ? 'video' then '["video"]'::jsonb else '[]'::jsonb end, '[]'::jsonb)
        when fmt = 'openai' and capabilities -> 'completion_chat' = 'true'::jsonb then
          case when capabilities -> 'vision' = 'true'::jsonb then '["image", "text"]'::jsonb else '["text"]'::jsonb end
      end,
      'output_modalities', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities) = 'object' then '["text"]'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'output_modalities') = 'array' then nullif(
          case when architecture -> 'output_modalities' ? 'audio' then '["audio"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'file' then '["file"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'image' then '["image"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'text' then '["text"]'::jsonb else '[]'::jsonb end
          || case when architecture -> 'output_modalities' ? 'video' then '["video"]'::jsonb else '[]'::jsonb end, '[]'::jsonb)
        when fmt = 'openai' and capabilities -> 'completion_chat' = 'true'::jsonb then '["text"]'::jsonb
      end,
      'supports_tools', case
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'tools')
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'function_calling') = 'boolean' then
          capabilities -> 'function_calling'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supports_tools) = 'boolean' then supports_tools
      end,
      'supports_vision', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{image_input,supported}') = 'boolean' then
          capabilities #> '{image_input,supported}'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(architecture -> 'input_modalities') = 'array' then
          pg_catalog.to_jsonb(architecture -> 'input_modalities' ? 'image')
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'vision') = 'boolean' then capabilities -> 'vision'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supports_image_input) = 'boolean' then supports_image_input
      end,
      'supports_reasoning', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{thinking,supported}') = 'boolean' then
          capabilities #> '{thinking,supported}'
        when fmt = 'google' and thinking = 'true'::jsonb then 'true'::jsonb
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'reasoning')
      end,
      'supports_structured_output', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{structured_outputs,supported}') = 'boolean' then
          capabilities #> '{structured_outputs,supported}'
        when fmt = 'openai' and pg_catalog.jsonb_typeof(supported_parameters) = 'array' then
          pg_catalog.to_jsonb(supported_parameters ? 'structured_outputs')
      end,
      'supports_batch', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{batch,supported}') = 'boolean' then
          capabilities #> '{batch,supported}'
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then
          pg_catalog.to_jsonb(generation_methods ? 'batchGenerateContent' or generation_methods ? 'asyncBatchEmbedContent')
      end,
      'supports_caching', case
        when fmt = 'google' and pg_catalog.jsonb_typeof(generation_methods) = 'array' then
          pg_catalog.to_jsonb(generation_methods ? 'createCachedContent')
      end,
      'supports_citations', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{citations,supported}') = 'boolean' then
          capabilities #> '{citations,supported}'
      end,
      'supports_code_execution', case
        when fmt = 'anthropic' and pg_catalog.jsonb_typeof(capabilities #> '{code_execution,supported}') = 'boolean' then
          capabilities #> '{code_execution,supported}'
      end,
      'supports_fim', case
        when fmt = 'openai' and pg_catalog.jsonb_typeof(capabilities -> 'completion_fim') = 'boolean' then capabilities -> 'completion_fim'
      end
    )), '{}'::jsonb)
  end
$$;
comment on function ai_model_sync.reported_capabilities(text, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb, jsonb) is
  'The kind, input/output modalities and supports_* flags that one list entry reports (Anthropic capabilities, Google '
  'supportedGenerationMethods and thinking, OpenRouter architecture and supported_parameters, Mistral capabilities, '
  'Together type, Fireworks supports_*); NULL when it reports none. Keys nothing reports are absent, never guessed. '
  'Inlined into staged_models (no SET search_path; every name schema-qualified). See docs/capabilities.md.';
