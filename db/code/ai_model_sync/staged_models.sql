create or replace function ai_model_sync.staged_models(provider text, payload jsonb)
returns table (
  ord integer,
  api_identifier text,
  name text,
  description text,
  max_input_tokens bigint,
  max_output_tokens bigint,
  reported jsonb,
  problem text,
  not_token_priced boolean
)
language sql stable parallel safe
as $$
  -- jsonb_to_recordset extracts every field the three wire formats use in one pass (in C); the OFFSET 0
  -- fences keep the planner from pulling the subqueries up and evaluating each extraction many times.
  select v.ord::integer,
         v.api_identifier,
         v.name,
         v.description,
         case when v.problem is null then ai_model_sync.token_count(v.max_input) end,
         case when v.problem is null then ai_model_sync.token_count(v.max_output) end,
         -- issue 15: what the entry says the model is (reported_capabilities) joins the reported prices
         case when v.problem is null then nullif(coalesce(v.capabilities, '{}'::jsonb) || coalesce(
         case when v.problem is null
                   and (coalesce(v.input_price, v.output_price, v.cache_read_price, v.cache_write_price) is not null
                        and not v.not_token_priced
                        or coalesce(v.deprecated_at, v.retires_at) is not null)
              then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.input_price, v.price_unit) end,
           'output_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.output_price, v.price_unit) end,
           'cache_read_input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.cache_read_price, v.price_unit) end,
           'cache_write_input_token_cost_rate', case when not v.not_token_priced then ai_model_sync.price(v.cache_write_price, v.price_unit) end,
           'provider_deprecated_at', v.deprecated_at,
           'provider_retires_at', v.retires_at)) end
         , '{}'::jsonb), '{}'::jsonb) end,
         v.problem,
         v.problem is null and v.not_token_priced
  from (
    select f.*,
           case
             when f.raw_id is null or f.raw_id = 'null'::jsonb then pg_catalog.format('has no "%s"', f.id_field)
             when pg_catalog.jsonb_typeof(f.raw_id) <> 'string' then
               pg_catalog.format('"%s" must be a string, got %s', f.id_field, pg_catalog.jsonb_typeof(f.raw_id))
             when f.api_identifier = '' then pg_catalog.format('has an empty "%s"', f.id_field)
             when pg_catalog.length(f.api_identifier) > 255 then pg_catalog.format('"%s" is longer than 255 characters', f.id_field)
             when f.api_identifier ~ '[[:cntrl:]]' then pg_catalog.format('"%s" contains control characters', f.id_field)
             else coalesce(
               ai_model_sync.token_field_problem(f.input_field, f.max_input),
               ai_model_sync.token_field_problem(f.output_field, f.max_output),
               ai_model_sync.price_problem('pricing', f.input_price),
               ai_model_sync.price_problem('pricing', f.output_price),
               ai_model_sync.price_problem('pricing', f.cache_read_price),
               ai_model_sync.price_problem('pricing', f.cache_write_price))
           end as problem
    from (
      select r.ord, r.raw_id, r.id_field, r.input_field, r.max_input, r.output_field, r.max_output,
             r.capabilities, -- issue 15
             case when pg_catalog.jsonb_typeof(r.raw_id) = 'string' then
               case when r.fmt = 'google' then pg_catalog.regexp_replace(r.raw_id #>> '{}', '^models/', '')
                    else r.raw_id #>> '{}' end
             end as api_identifier,
             case when pg_catalog.jsonb_typeof(r.raw_name) = 'string' then r.raw_name #>> '{}' end as name,
             case when pg_catalog.jsonb_typeof(r.description) = 'string' then r.description #>> '{}' end as description,
             -- OpenRouter: pricing {prompt, completion, input_cache_read, input_cache_write} in USD per token;
             -- Together: pricing {input, output} in USD per 1M tokens.
             case when r.pricing ? 'prompt' then 1 else 1000000 end::numeric as price_unit,
             coalesce(r.pricing->'prompt', r.pricing->'input') as input_price,
             coalesce(r.pricing->'completion', r.pricing->'output') as output_price,
             r.pricing->'input_cache_read' as cache_read_price,
             r.pricing->'input_cache_write' as cache_write_price,
             case when pg_catalog.jsonb_typeof(r.deprecated_at) = 'string' then r.deprecated_at end as deprecated_at,
             case when pg_catalog.jsonb_typeof(r.retires_at) = 'string' then r.retires_at end as retires_at,
             -- Together (pricing {input, output} per 1M): an image, audio or transcription model's price is per
             -- image / character / second, never per token; and a list price of 0 for input and output means no
             -- serverless price (such models run on dedicated endpoints, billed per minute), never "free". Neither
             -- is stored as a per-token price; both are reported as not billed per token.
             coalesce(r.fmt = 'openai' and pg_catalog.jsonb_typeof(r.pricing) = 'object' and not r.pricing ? 'prompt'
                      and (pg_catalog.jsonb_typeof(r.model_type) = 'string'
                           and r.model_type #>> '{}' not in ('chat', 'language', 'code', 'embedding', 'moderation', 'rerank')
                           or (pg_catalog.jsonb_typeof(r.pricing->'input') = 'number' and (r.pricing->>'input')::numeric = 0
                               and pg_catalog.jsonb_typeof(r.pricing->'output') = 'number' and (r.pricing->>'output')::numeric = 0)),
                      false) as not_token_priced
      from (
        select e.ord, e.fmt, e.description, e.type as model_type,
               -- lifecycle: OpenAI's shutdown_date and OpenRouter's expiration_date are the day the provider stops
               -- serving the model, as retires_at is
               coalesce(nullif(e.retires_at, 'null'), nullif(e.shutdown_date, 'null'), e.expiration_date) as retires_at,
               -- prices only from the lists that really report them (the others' pricing is ignored, SPEC 9)
               case when ai_model_sync.reports_prices(provider) then e.pricing end as pricing,
               case when e.fmt = 'google' then e.model_name else e.id end as raw_id,
               case when e.fmt = 'google' then 'name' else 'id' end as id_field,
               case e.fmt
                 when 'anthropic' then e.display_name
                 when 'google' then e."displayName"
                 else coalesce(e.display_name, e.model_name)
               end as raw_name,
               case e.fmt
                 when 'anthropic' then 'max_input_tokens'
                 when 'google' then 'inputTokenLimit'
                 else case
                   when e.context_length <> 'null' then 'context_length'
                   when e.max_context_length <> 'null' then 'max_context_length'
                   when e.context_window <> 'null' then 'context_window'
                   when e.max_model_len <> 'null' then 'max_model_len'
                   else 'top_provider.context_length'
                 end
               end as input_field,
               case e.fmt
                 when 'anthropic' then e.max_input_tokens
                 when 'google' then e."inputTokenLimit"
                 else coalesce(nullif(e.context_length, 'null'), nullif(e.max_context_length, 'null'),
                               nullif(e.context_window, 'null'), nullif(e.max_model_len, 'null'),
                               e.top_provider->'context_length')
               end as max_input,
               case e.fmt
                 when 'anthropic' then 'max_tokens'
                 when 'google' then 'outputTokenLimit'
                 else case
                   when e.max_completion_tokens <> 'null' then 'max_completion_tokens'
                   when e.max_output_tokens <> 'null' then 'max_output_tokens'
                   else 'top_provider.max_completion_tokens'
                 end
               end as output_field,
               case e.fmt
                 when 'anthropic' then e.max_tokens
                 when 'google' then e."outputTokenLimit"
                 else coalesce(nullif(e.max_completion_tokens, 'null'), nullif(e.max_output_tokens, 'null'),
                               e.top_provider->'max_completion_tokens')
               end as max_output,
               coalesce(nullif(e.deprecated_at, 'null'), e.deprecation) as deprecated_at,
               -- issue 15: capabilities
               ai_model_sync.reported_capabilities(e.fmt, e.capabilities, e."supportedGenerationMethods", e.architecture,
                 e.supported_parameters, e.type, e.supports_chat, e.supports_image_input, e.supports_tools, e.thinking) as capabilities
        from (
          select x.*, ai_model_sync.payload_format(provider) as fmt
          from rows from (pg_catalog.jsonb_to_recordset(payload) as (
                 id jsonb, name jsonb, display_name jsonb, "displayName" jsonb, description jsonb,
                 max_input_tokens jsonb, max_tokens jsonb, "inputTokenLimit" jsonb, "outputTokenLimit" jsonb,
                 context_length jsonb, max_context_length jsonb, context_window jsonb, max_model_len jsonb,
                 max_completion_tokens jsonb, max_output_tokens jsonb, top_provider jsonb, pricing jsonb,
                 deprecated_at jsonb, deprecation jsonb, retires_at jsonb,
                 -- issue 15: capabilities
                 capabilities jsonb, "supportedGenerationMethods" jsonb, architecture jsonb, supported_parameters jsonb,
                 type jsonb, supports_chat jsonb, supports_image_input jsonb, supports_tools jsonb, thinking jsonb,
                 shutdown_date jsonb, expiration_date jsonb))
               with ordinality as x(id, model_name, display_name, "displayName", description,
                 max_input_tokens, max_tokens, "inputTokenLimit", "outputTokenLimit",
                 context_length, max_context_length, context_window, max_model_len,
                 max_completion_tokens, max_output_tokens, top_provider, pricing,
                 deprecated_at, deprecation, retires_at,
                 -- issue 15: capabilities
                 capabilities, "supportedGenerationMethods", architecture, supported_parameters,
                 type, supports_chat, supports_image_input, supports_tools, thinking,
                 shutdown_date, expiration_date, ord)
          offset 0
        ) as e
        offset 0
      ) as r
      offset 0
    ) as f
    offset 0
  ) as v
$$;
comment on function ai_model_sync.staged_models(text, jsonb) is
  'Normalises a staged list (a JSON array of objects in the provider''s wire format) to one row per entry: id '
  '(Google''s models/ prefix dropped), display name, description, provider-reported limits and prices (per single '
  'token; only from the lists of ai_model_sync.reports_prices) with the kind, modalities and supports_* flags it '
  'reports (ai_model_sync.reported_capabilities), lifecycle dates (provider_deprecated_at; provider_retires_at from '
  'retires_at, OpenAI''s shutdown_date or OpenRouter''s expiration_date), problem: why the entry is malformed, NULL '
  'when it is fine, and not_token_priced: a list price that is not per token (Together''s image, audio and '
  'transcription models, and its 0 / 0 list prices), never stored as a token price. Pure; the caller checks that '
  'the payload is an array of objects (ai_model_sync.payload_problem).';
