-- migrate:up

-- Speeds up the normalisation of staged lists (make bench: the sync spent most of its time here, and a
-- no-op re-sync took as long as the first sync). Two causes, both in how the planner treats SQL functions:
--
-- 1. token_field_problem(), price_problem() and model_defaults() were declared IMMUTABLE but call STABLE
--    functions (format(), jsonb_build_object(), to_jsonb()). The planner never inlines an IMMUTABLE SQL
--    function whose body is less than immutable, so each was run through the SQL-function executor once
--    per call: 16 such calls per staged entry, plus one model_defaults() per model. Declared STABLE (what
--    their bodies are) they are inlined.
-- 2. staged_models() nests three subqueries that the planner flattens, substituting each derived column's
--    whole expression wherever it is used: the limit and price checks were evaluated four times per entry
--    (once in each output column that depends on them), and an argument that is an expensive expression
--    also stops the inlining of a function that uses its parameter twice. OFFSET 0 fences keep each layer
--    a subquery, so every raw field, derived field and problem is computed once per entry, and the helpers
--    get plain columns as arguments (token_count() was not inlined for that reason).
--
-- The results are unchanged (same columns, same values, same problems); only the plan differs.

alter function ai_model_sync.token_field_problem(text, jsonb) stable;
alter function ai_model_sync.price_problem(text, jsonb) stable;
alter function ai_model_sync.model_defaults(text, text, bigint, bigint, jsonb, jsonb) stable;

create or replace function ai_model_sync.staged_models(provider text, payload jsonb)
returns table (
  ord integer,
  api_identifier text,
  name text,
  description text,
  max_input_tokens bigint,
  max_output_tokens bigint,
  reported jsonb,
  entry jsonb,
  problem text
)
language sql immutable parallel safe
as $$
  select e.ord::integer,
         x.api_identifier,
         x.name,
         x.description,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_input) end,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_output) end,
         case when x.limit_problem is null and x.price_problem is null then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', ai_model_sync.price(x.input_price, x.price_unit),
           'output_token_cost_rate', ai_model_sync.price(x.output_price, x.price_unit),
           'cache_read_input_token_cost_rate', ai_model_sync.price(x.cache_read_price, x.price_unit),
           'cache_write_input_token_cost_rate', ai_model_sync.price(x.cache_write_price, x.price_unit),
           'provider_deprecated_at', x.deprecated_at,
           'provider_retires_at', x.retires_at)) end,
         e.obj,
         coalesce(x.id_problem, x.limit_problem, x.price_problem)
  from pg_catalog.jsonb_array_elements(payload) with ordinality as e(obj, ord)
  cross join lateral (
    select i.*,
           case
             when pg_catalog.jsonb_typeof(e.obj) <> 'object' then
               pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
             when i.raw_id is null or i.raw_id = 'null'::jsonb then
               pg_catalog.format('has no "%s"', i.id_field)
             when pg_catalog.jsonb_typeof(i.raw_id) <> 'string' then
               pg_catalog.format('"%s" must be a string, got %s', i.id_field, pg_catalog.jsonb_typeof(i.raw_id))
             when i.api_identifier = '' then
               pg_catalog.format('has an empty "%s"', i.id_field)
             when pg_catalog.length(i.api_identifier) > 255 then
               pg_catalog.format('"%s" is longer than 255 characters', i.id_field)
             when i.api_identifier ~ '[[:cntrl:]]' then
               pg_catalog.format('"%s" contains control characters', i.id_field)
           end as id_problem,
           coalesce(
             ai_model_sync.token_field_problem(i.input_field, i.max_input),
             ai_model_sync.token_field_problem(i.output_field, i.max_output)) as limit_problem,
           coalesce(
             ai_model_sync.price_problem('pricing', i.input_price),
             ai_model_sync.price_problem('pricing', i.output_price),
             ai_model_sync.price_problem('pricing', i.cache_read_price),
             ai_model_sync.price_problem('pricing', i.cache_write_price)) as price_problem
    from (
      select f.raw_id, f.id_field, f.input_field, f.output_field, f.max_input, f.max_output,
             case when pg_catalog.jsonb_typeof(f.raw_id) = 'string' then
               case when f.fmt = 'google' then pg_catalog.regexp_replace(f.raw_id #>> '{}', '^models/', '')
                    else f.raw_id #>> '{}' end
             end as api_identifier,
             case when pg_catalog.jsonb_typeof(f.raw_name) = 'string' then f.raw_name #>> '{}' end as name,
             case when pg_catalog.jsonb_typeof(e.obj->'description') = 'string' then e.obj->>'description' end as description,
             -- OpenRouter: pricing {prompt, completion, input_cache_read, input_cache_write} in USD per token;
             -- Together: pricing {input, output} in USD per 1M tokens.
             case when e.obj #> '{pricing,prompt}' is not null then 1 else 1000000 end::numeric as price_unit,
             coalesce(e.obj #> '{pricing,prompt}', e.obj #> '{pricing,input}') as input_price,
             coalesce(e.obj #> '{pricing,completion}', e.obj #> '{pricing,output}') as output_price,
             e.obj #> '{pricing,input_cache_read}' as cache_read_price,
             e.obj #> '{pricing,input_cache_write}' as cache_write_price,
             case when pg_catalog.jsonb_typeof(f.deprecated_at) = 'string' then f.deprecated_at end as deprecated_at,
             case when pg_catalog.jsonb_typeof(e.obj->'retires_at') = 'string' then e.obj->'retires_at' end as retires_at
      from (
        select ai_model_sync.payload_format(provider) as fmt,
               case when ai_model_sync.payload_format(provider) = 'google' then e.obj->'name' else e.obj->'id' end as raw_id,
               case when ai_model_sync.payload_format(provider) = 'google' then 'name' else 'id' end as id_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'display_name'
                 when 'google' then e.obj->'displayName'
                 else coalesce(e.obj->'display_name', e.obj->'name')
               end as raw_name,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_input_tokens'
                 when 'google' then 'inputTokenLimit'
                 else case
                   when e.obj->'context_length' <> 'null' then 'context_length'
                   when e.obj->'max_context_length' <> 'null' then 'max_context_length'
                   when e.obj->'context_window' <> 'null' then 'context_window'
                   when e.obj->'max_model_len' <> 'null' then 'max_model_len'
                   else 'top_provider.context_length'
                 end
               end as input_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_input_tokens'
                 when 'google' then e.obj->'inputTokenLimit'
                 else coalesce(nullif(e.obj->'context_length', 'null'), nullif(e.obj->'max_context_length', 'null'),
                               nullif(e.obj->'context_window', 'null'), nullif(e.obj->'max_model_len', 'null'),
                               e.obj #> '{top_provider,context_length}')
               end as max_input,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_tokens'
                 when 'google' then 'outputTokenLimit'
                 else case
                   when e.obj->'max_completion_tokens' <> 'null' then 'max_completion_tokens'
                   when e.obj->'max_output_tokens' <> 'null' then 'max_output_tokens'
                   else 'top_provider.max_completion_tokens'
                 end
               end as output_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_tokens'
                 when 'google' then e.obj->'outputTokenLimit'
                 else coalesce(nullif(e.obj->'max_completion_tokens', 'null'), nullif(e.obj->'max_output_tokens', 'null'),
                               e.obj #> '{top_provider,max_completion_tokens}')
               end as max_output,
               coalesce(nullif(e.obj->'deprecated_at', 'null'), e.obj->'deprecation') as deprecated_at
        offset 0 -- fence: compute the raw fields once per entry
      ) as f
      offset 0 -- fence: compute the derived fields (api_identifier, prices) once per entry
    ) as i
    offset 0 -- fence: compute each problem once per entry
  ) as x
$$;
comment on function ai_model_sync.staged_models(text, jsonb) is
  'Normalises a staged list (a JSON array in the provider''s wire format) to one row per entry: id (Google''s '
  'models/ prefix dropped), display name, description, provider-reported limits and prices (per single token), '
  'and problem: why the entry is malformed, NULL when it is fine. Pure; the caller checks jsonb_typeof = array. '
  'Inlined into its callers; the OFFSET 0 fences make each derived value computed once per entry.';

-- migrate:down

create or replace function ai_model_sync.staged_models(provider text, payload jsonb)
returns table (
  ord integer,
  api_identifier text,
  name text,
  description text,
  max_input_tokens bigint,
  max_output_tokens bigint,
  reported jsonb,
  entry jsonb,
  problem text
)
language sql immutable parallel safe
as $$
  select e.ord::integer,
         x.api_identifier,
         x.name,
         x.description,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_input) end,
         case when x.limit_problem is null then ai_model_sync.token_count(x.max_output) end,
         case when x.limit_problem is null and x.price_problem is null then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', ai_model_sync.price(x.input_price, x.price_unit),
           'output_token_cost_rate', ai_model_sync.price(x.output_price, x.price_unit),
           'cache_read_input_token_cost_rate', ai_model_sync.price(x.cache_read_price, x.price_unit),
           'cache_write_input_token_cost_rate', ai_model_sync.price(x.cache_write_price, x.price_unit),
           'provider_deprecated_at', x.deprecated_at,
           'provider_retires_at', x.retires_at)) end,
         e.obj,
         coalesce(x.id_problem, x.limit_problem, x.price_problem)
  from pg_catalog.jsonb_array_elements(payload) with ordinality as e(obj, ord)
  cross join lateral (
    select i.*,
           case
             when pg_catalog.jsonb_typeof(e.obj) <> 'object' then
               pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
             when i.raw_id is null or i.raw_id = 'null'::jsonb then
               pg_catalog.format('has no "%s"', i.id_field)
             when pg_catalog.jsonb_typeof(i.raw_id) <> 'string' then
               pg_catalog.format('"%s" must be a string, got %s', i.id_field, pg_catalog.jsonb_typeof(i.raw_id))
             when i.api_identifier = '' then
               pg_catalog.format('has an empty "%s"', i.id_field)
             when pg_catalog.length(i.api_identifier) > 255 then
               pg_catalog.format('"%s" is longer than 255 characters', i.id_field)
             when i.api_identifier ~ '[[:cntrl:]]' then
               pg_catalog.format('"%s" contains control characters', i.id_field)
           end as id_problem,
           coalesce(
             ai_model_sync.token_field_problem(i.input_field, i.max_input),
             ai_model_sync.token_field_problem(i.output_field, i.max_output)) as limit_problem,
           coalesce(
             ai_model_sync.price_problem('pricing', i.input_price),
             ai_model_sync.price_problem('pricing', i.output_price),
             ai_model_sync.price_problem('pricing', i.cache_read_price),
             ai_model_sync.price_problem('pricing', i.cache_write_price)) as price_problem
    from (
      select f.raw_id, f.id_field, f.input_field, f.output_field, f.max_input, f.max_output,
             case when pg_catalog.jsonb_typeof(f.raw_id) = 'string' then
               case when f.fmt = 'google' then pg_catalog.regexp_replace(f.raw_id #>> '{}', '^models/', '')
                    else f.raw_id #>> '{}' end
             end as api_identifier,
             case when pg_catalog.jsonb_typeof(f.raw_name) = 'string' then f.raw_name #>> '{}' end as name,
             case when pg_catalog.jsonb_typeof(e.obj->'description') = 'string' then e.obj->>'description' end as description,
             -- OpenRouter: pricing {prompt, completion, input_cache_read, input_cache_write} in USD per token;
             -- Together: pricing {input, output} in USD per 1M tokens.
             case when e.obj #> '{pricing,prompt}' is not null then 1 else 1000000 end::numeric as price_unit,
             coalesce(e.obj #> '{pricing,prompt}', e.obj #> '{pricing,input}') as input_price,
             coalesce(e.obj #> '{pricing,completion}', e.obj #> '{pricing,output}') as output_price,
             e.obj #> '{pricing,input_cache_read}' as cache_read_price,
             e.obj #> '{pricing,input_cache_write}' as cache_write_price,
             case when pg_catalog.jsonb_typeof(f.deprecated_at) = 'string' then f.deprecated_at end as deprecated_at,
             case when pg_catalog.jsonb_typeof(e.obj->'retires_at') = 'string' then e.obj->'retires_at' end as retires_at
      from (
        select ai_model_sync.payload_format(provider) as fmt,
               case when ai_model_sync.payload_format(provider) = 'google' then e.obj->'name' else e.obj->'id' end as raw_id,
               case when ai_model_sync.payload_format(provider) = 'google' then 'name' else 'id' end as id_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'display_name'
                 when 'google' then e.obj->'displayName'
                 else coalesce(e.obj->'display_name', e.obj->'name')
               end as raw_name,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_input_tokens'
                 when 'google' then 'inputTokenLimit'
                 else case
                   when e.obj->'context_length' <> 'null' then 'context_length'
                   when e.obj->'max_context_length' <> 'null' then 'max_context_length'
                   when e.obj->'context_window' <> 'null' then 'context_window'
                   when e.obj->'max_model_len' <> 'null' then 'max_model_len'
                   else 'top_provider.context_length'
                 end
               end as input_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_input_tokens'
                 when 'google' then e.obj->'inputTokenLimit'
                 else coalesce(nullif(e.obj->'context_length', 'null'), nullif(e.obj->'max_context_length', 'null'),
                               nullif(e.obj->'context_window', 'null'), nullif(e.obj->'max_model_len', 'null'),
                               e.obj #> '{top_provider,context_length}')
               end as max_input,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then 'max_tokens'
                 when 'google' then 'outputTokenLimit'
                 else case
                   when e.obj->'max_completion_tokens' <> 'null' then 'max_completion_tokens'
                   when e.obj->'max_output_tokens' <> 'null' then 'max_output_tokens'
                   else 'top_provider.max_completion_tokens'
                 end
               end as output_field,
               case ai_model_sync.payload_format(provider)
                 when 'anthropic' then e.obj->'max_tokens'
                 when 'google' then e.obj->'outputTokenLimit'
                 else coalesce(nullif(e.obj->'max_completion_tokens', 'null'), nullif(e.obj->'max_output_tokens', 'null'),
                               e.obj #> '{top_provider,max_completion_tokens}')
               end as max_output,
               coalesce(nullif(e.obj->'deprecated_at', 'null'), e.obj->'deprecation') as deprecated_at
      ) as f
    ) as i
  ) as x
$$;
comment on function ai_model_sync.staged_models(text, jsonb) is
  'Normalises a staged list (a JSON array in the provider''s wire format) to one row per entry: id (Google''s '
  'models/ prefix dropped), display name, description, provider-reported limits and prices (per single token), '
  'and problem: why the entry is malformed, NULL when it is fine. Pure; the caller checks jsonb_typeof = array.';
alter function ai_model_sync.model_defaults(text, text, bigint, bigint, jsonb, jsonb) immutable;
alter function ai_model_sync.price_problem(text, jsonb) immutable;
alter function ai_model_sync.token_field_problem(text, jsonb) immutable;
