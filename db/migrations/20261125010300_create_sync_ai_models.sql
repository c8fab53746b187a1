-- migrate:up

-- Hot-path helpers (token_field_problem, token_count, staged_models, model_defaults) carry no SET search_path
-- so that the planner can inline them into the merge; every name in them is schema-qualified instead. Those that
-- call format(), jsonb_build_object() or jsonb_to_recordset() are declared STABLE like those functions: the planner
-- refuses to inline an IMMUTABLE function whose body is only STABLE.

create function ai_model_sync.token_field_problem(field text, value jsonb) returns text
language sql stable parallel safe
as $$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) <> 'number' then
      pg_catalog.format('"%s" must be a number of tokens, got %s', field, pg_catalog.left(value::text, 80))
    when (value #>> '{}')::numeric < 0 then
      pg_catalog.format('"%s" must not be negative, got %s', field, value)
    when (value #>> '{}')::numeric <> pg_catalog.trunc((value #>> '{}')::numeric) then
      pg_catalog.format('"%s" must be a whole number, got %s', field, value)
    when (value #>> '{}')::numeric > 10000000000 then
      pg_catalog.format('"%s" is absurdly large: %s', field, value)
  end
$$;
comment on function ai_model_sync.token_field_problem(text, jsonb) is
  'NULL when a provider-reported token limit is absent, null or a whole number from 0 to 10^10; else the problem.';

create function ai_model_sync.token_count(value jsonb) returns bigint
language sql immutable parallel safe
as $$
  select case when pg_catalog.jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric > 0
              then (value #>> '{}')::numeric::bigint end
$$;
comment on function ai_model_sync.token_count(jsonb) is
  'A provider-reported token limit as bigint; NULL when absent, null or 0 (0 means "not reported"). '
  'Call only on values that token_field_problem() accepted.';

create function ai_model_sync.price_problem(field text, value jsonb) returns text
language sql stable parallel safe
as $$
  select case
    when value is null or value = 'null'::jsonb then null
    when pg_catalog.jsonb_typeof(value) = 'number' then null
    when pg_catalog.jsonb_typeof(value) = 'string' and value #>> '{}' ~ '^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$' then null
    else pg_catalog.format('"%s" must be a price (number or decimal string), got %s', field, pg_catalog.left(value::text, 80))
  end
$$;
comment on function ai_model_sync.price_problem(text, jsonb) is
  'NULL when a provider-reported price is absent, a number or a decimal string; else the problem.';

create function ai_model_sync.price(value jsonb, per_tokens numeric) returns numeric
language sql immutable parallel safe
as $$
  select case when (value #>> '{}')::numeric >= 0 then (value #>> '{}')::numeric / per_tokens end
$$;
comment on function ai_model_sync.price(jsonb, numeric) is
  'A provider-reported price converted to USD per single token; NULL for negative prices (OpenRouter uses -1 '
  'for routers whose price varies). Call only on values that price_problem() accepted.';

create function ai_model_sync.payload_format(provider text) returns text
language sql immutable parallel safe
as $$
  select case provider when 'anthropic' then 'anthropic' when 'google' then 'google' else 'openai' end
$$;
comment on function ai_model_sync.payload_format(text) is
  'The wire format of a provider''s list: anthropic, google, or openai (OpenAI and every OpenAI-compatible provider).';

create function ai_model_sync.staged_models(provider text, payload jsonb)
returns table (
  ord integer,
  api_identifier text,
  name text,
  description text,
  max_input_tokens bigint,
  max_output_tokens bigint,
  reported jsonb,
  problem text
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
         case when v.problem is null
                   and coalesce(v.input_price, v.output_price, v.cache_read_price, v.cache_write_price, v.deprecated_at, v.retires_at) is not null
              then pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
           'input_token_cost_rate', ai_model_sync.price(v.input_price, v.price_unit),
           'output_token_cost_rate', ai_model_sync.price(v.output_price, v.price_unit),
           'cache_read_input_token_cost_rate', ai_model_sync.price(v.cache_read_price, v.price_unit),
           'cache_write_input_token_cost_rate', ai_model_sync.price(v.cache_write_price, v.price_unit),
           'provider_deprecated_at', v.deprecated_at,
           'provider_retires_at', v.retires_at)) end,
         v.problem
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
             case when pg_catalog.jsonb_typeof(r.retires_at) = 'string' then r.retires_at end as retires_at
      from (
        select e.ord, e.fmt, e.description, e.pricing, e.retires_at,
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
               coalesce(nullif(e.deprecated_at, 'null'), e.deprecation) as deprecated_at
        from (
          select x.*, ai_model_sync.payload_format(provider) as fmt
          from rows from (pg_catalog.jsonb_to_recordset(payload) as (
                 id jsonb, name jsonb, display_name jsonb, "displayName" jsonb, description jsonb,
                 max_input_tokens jsonb, max_tokens jsonb, "inputTokenLimit" jsonb, "outputTokenLimit" jsonb,
                 context_length jsonb, max_context_length jsonb, context_window jsonb, max_model_len jsonb,
                 max_completion_tokens jsonb, max_output_tokens jsonb, top_provider jsonb, pricing jsonb,
                 deprecated_at jsonb, deprecation jsonb, retires_at jsonb))
               with ordinality as x(id, model_name, display_name, "displayName", description,
                 max_input_tokens, max_tokens, "inputTokenLimit", "outputTokenLimit",
                 context_length, max_context_length, context_window, max_model_len,
                 max_completion_tokens, max_output_tokens, top_provider, pricing,
                 deprecated_at, deprecation, retires_at, ord)
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
  'token), and problem: why the entry is malformed, NULL when it is fine. Pure; the caller checks that the payload '
  'is an array of objects (ai_model_sync.payload_problem).';

create function ai_model_sync.payload_problem(payload jsonb) returns table (ord integer, api_identifier text, problem text)
language sql immutable parallel safe
set search_path = ''
as $$
  select null::integer, null::text, pg_catalog.format('the payload must be a JSON array of models, got %s', pg_catalog.jsonb_typeof(payload))
   where pg_catalog.jsonb_typeof(payload) is distinct from 'array'
  union all
  (select e.ord::integer, null::text, pg_catalog.format('is not a JSON object but %s', pg_catalog.jsonb_typeof(e.obj))
     from pg_catalog.jsonb_array_elements(case when pg_catalog.jsonb_typeof(payload) = 'array' then payload else '[]' end)
          with ordinality as e(obj, ord)
    where pg_catalog.jsonb_typeof(e.obj) <> 'object'
    order by e.ord
    limit 1)
$$;
comment on function ai_model_sync.payload_problem(jsonb) is
  'The first structural problem of a staged payload: not an array (ord NULL), or the first entry that is not an '
  'object. No row when the payload is an array of objects.';

create function ai_model_sync.model_defaults(
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

create function ai_model_sync.merge_config(current_config jsonb, snapshot jsonb, defaults jsonb) returns jsonb
language sql stable parallel safe
set search_path = ''
as $$
  with keys as (
    select k.key, current_config->k.key as c, snapshot->k.key as s, defaults->k.key as d
    from (
      select pg_catalog.jsonb_object_keys(current_config)
      union select pg_catalog.jsonb_object_keys(coalesce(snapshot, '{}'::jsonb))
      union select pg_catalog.jsonb_object_keys(defaults)
    ) as k(key)
  ),
  merged as (
    select key, c, s, d,
           -- the admin set this value: not a provider fact, not missing, not the snapshot's
           not (key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null)
             and c is not null and c <> 'null'::jsonb and c is distinct from s as manual,
           case
             -- facts: provider-reported maxima always take the reported value
             when key in ('provider_max_input_tokens', 'provider_max_output_tokens') and d is not null then d
             -- missing or null: reset to the default
             when c is null or c = 'null'::jsonb then d
             -- untouched by the admin: follow the default
             when c = s then d
             -- manual override (or a key only the admin has): keep it
             else c
           end as value
    from keys
  ),
  cap as (
    select m.value as cap, m.c as cap_current, m.s as cap_snapshot,
           (select x.value from merged x where x.key = 'provider_max_output_tokens') as max_new,
           snapshot->'provider_max_output_tokens' as max_old
    from merged m where m.key = 'hard_cap_output_tokens'
  ),
  capped as (
    select case
             when max_new is null or cap is null then cap
             -- a manual cap equal to the old provider maximum follows the maximum when it changes
             when cap = cap_current and cap_current is distinct from cap_snapshot
                  and cap_current = max_old and max_new is distinct from max_old then max_new
             -- never above the provider's maximum
             when (cap #>> '{}')::numeric > (max_new #>> '{}')::numeric then max_new
             else cap
           end as cap,
           cap as cap_before
    from cap
  ),
  final as (
    select m.key, m.c, m.s, m.d, m.manual,
           case when m.key = 'hard_cap_output_tokens' then (select cap from capped) else m.value end as value
    from merged m
  )
  select pg_catalog.jsonb_build_object(
    'config', coalesce(pg_catalog.jsonb_object_agg(key, value) filter (where value is not null and value <> 'null'::jsonb),
                       '{}'::jsonb),
    'overrides', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'default', d) order by key)
                            filter (where manual and value is distinct from d), '[]'::jsonb),
    'conflicts', coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('key', key, 'value', value, 'old_default', s, 'new_default', d) order by key)
                            filter (where manual and value is distinct from d and d is distinct from s), '[]'::jsonb),
    'adjusted', coalesce((select pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                              'key', 'hard_cap_output_tokens', 'from', cap_before, 'to', cap,
                              'reason', 'manual cap follows the provider''s maximum output'))
                          from capped where cap is distinct from cap_before), '[]'::jsonb)
  )
  from final
$$;
comment on function ai_model_sync.merge_config(jsonb, jsonb, jsonb) is
  'The three-way merge of SPEC 4.2 for one row whose config differs from its snapshot. Per top-level key: a value '
  'equal to the snapshot (untouched) takes the new default; a missing or null value takes the new default; any other '
  'value is a manual override and is kept (a conflict when the default moved too); admin-only keys are kept. '
  'provider_max_* take the reported value; hard_cap_output_tokens never exceeds provider_max_output_tokens and a '
  'manual cap equal to the old maximum follows it. Returns {config, overrides, conflicts, adjusted}.';

create function ai_model_sync.input_fingerprint(provider text, payload jsonb) returns text
language sql stable parallel safe
set search_path = ''
as $$
  select pg_catalog.md5(payload::text)
         || ':' || (select pg_catalog.md5(coalesce(pg_catalog.string_agg(
                             pg_catalog.concat_ws(' ', c.model, c.match, c.tier, c.config), E'\n' order by c.model, c.tier), ''))
                      from public.ai_model_catalog c where c.provider = input_fingerprint.provider)
         || ':' || (select pg_catalog.md5(pg_catalog.string_agg(p.prosrc, E'\n' order by p.proname, p.oid))
                      from pg_catalog.pg_proc p where p.pronamespace = 'ai_model_sync'::regnamespace)
$$;
comment on function ai_model_sync.input_fingerprint(text, jsonb) is
  'A digest of everything a batch''s merge depends on besides the rows: the payload, the provider''s catalog entries '
  'and the code of the ai_model_sync functions.';

create function ai_model_sync.rows_fingerprint(provider text) returns text
language sql stable parallel safe
set search_path = ''
as $$
  -- Any INSERT, UPDATE or DELETE changes some row's (xmin, ctid) or the count; row locks and VACUUM do not.
  select pg_catalog.count(*) || ':' || coalesce(pg_catalog.sum(pg_catalog.hashtextextended(t.xmin::text || t.ctid::text, 0)::numeric), 0)
    from public.ai_providers t
   where t.provider = rows_fingerprint.provider
$$;
comment on function ai_model_sync.rows_fingerprint(text) is
  'A cheap digest of the versions of a provider''s rows: it changes whenever any of them is inserted, updated or deleted.';

-- jit = off: every statement here runs once over rows it has just read, and at tens of thousands of models the
-- merge's estimated cost passes the JIT thresholds, whose LLVM compilation then takes seconds, more than the merge
-- (found by make bench). The caller's setting is restored on return.
create function ai_model_sync.apply_batch(batch_id bigint, force boolean default false) returns jsonb
language plpgsql
set search_path = ''
set jit = off
as $$
declare
  batch public.ai_model_fetches;
  previous public.ai_model_fetches;
  bad record;
  input_digest text;
  batch_report jsonb;
begin
  select * into batch from public.ai_model_fetches f where f.id = batch_id;
  if not found then
    raise exception using errcode = 'no_data_found',
      message = pg_catalog.format('no staged batch with id %s', batch_id),
      hint = 'Stage a list first: insert into ai_model_fetches (provider, payload) values (...).';
  end if;
  -- for history triggers and logs: which batch is writing (cleared again before returning)
  perform pg_catalog.set_config('ai_model_sync.batch_id', batch_id::text, true);

  select p.ord, p.api_identifier, p.problem into bad from ai_model_sync.payload_problem(batch.payload) as p limit 1;
  if found and bad.ord is null then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: %s', batch.provider, batch_id, bad.problem),
      detail = pg_catalog.format('payload starts with: %s', pg_catalog.left(batch.payload::text, 200)),
      hint = 'Stage the list exactly as the provider returned it, every page concatenated into one JSON array.';
  elsif found then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: model %s of %s %s', batch.provider, batch_id, bad.ord,
                                  pg_catalog.jsonb_array_length(batch.payload), bad.problem),
      detail = pg_catalog.format('entry %s: %s', bad.ord, pg_catalog.left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  -- The same input over rows nobody changed since the last applied batch merges to exactly what is there:
  -- settle it without parsing or writing anything (the hourly no-op).
  input_digest := ai_model_sync.input_fingerprint(batch.provider, batch.payload);
  select * into previous
    from public.ai_model_fetches f
   where f.provider = batch.provider and f.status = 'applied'
   order by f.applied_at desc, f.id desc
   limit 1;
  if not force
     and previous.fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
     -- every listed model was accounted for (none lost to a hand insert racing the merge)
     and (previous.report->>'models')::bigint
         = (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
           + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint
           + pg_catalog.jsonb_array_length(previous.report->'manual_rows') then
    batch_report := previous.report || pg_catalog.jsonb_build_object(
      'batch', batch_id, 'inserted', 0, 'updated', 0, 'deactivated', 0, 'reactivated', 0,
      'unchanged', (previous.report->>'inserted')::bigint + (previous.report->>'updated')::bigint
                   + (previous.report->>'unchanged')::bigint + (previous.report->>'reactivated')::bigint,
      'deactivated_models', '[]'::jsonb, 'conflicts', '[]'::jsonb, 'adjusted', '[]'::jsonb,
      'same_as_batch', previous.id);
    update public.ai_model_fetches f
       set status = 'applied', applied_at = pg_catalog.now(), report = batch_report, fingerprint = previous.fingerprint
     where f.id = batch_id;
    perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
    return batch_report;
  end if;

  -- Parse the payload once into a temporary table that validation and the merge read.
  if pg_catalog.to_regclass('pg_temp.ai_model_sync_staged') is not null then
    drop table pg_temp.ai_model_sync_staged;
  end if;
  create temporary table ai_model_sync_staged on commit drop as
    select s.*, ai_model_sync.version_base(s.api_identifier) as family
      from ai_model_sync.staged_models(batch.provider, batch.payload) as s;
  analyze pg_temp.ai_model_sync_staged;

  -- Validate every entry before touching anything: the first malformed entry or duplicate id fails the batch.
  select s.ord, s.api_identifier, s.problem into bad
    from pg_temp.ai_model_sync_staged as s
   where s.problem is not null
   order by s.ord
   limit 1;
  if found then
    raise exception using errcode = 'invalid_parameter_value',
      message = pg_catalog.format('%s batch %s: model %s of %s %s', batch.provider, batch_id, bad.ord,
                                  pg_catalog.jsonb_array_length(batch.payload),
                                  coalesce('(' || pg_catalog.left(bad.api_identifier, 80) || ') ', '') || bad.problem),
      detail = pg_catalog.format('entry %s: %s', bad.ord, pg_catalog.left((batch.payload -> (bad.ord - 1))::text, 300)),
      hint = 'The provider answered with something that is not a well-formed model list; nothing of this provider was changed.';
  end if;

  select s.api_identifier, pg_catalog.array_agg(s.ord order by s.ord) as ords
    into bad
    from pg_temp.ai_model_sync_staged as s
   group by s.api_identifier
  having pg_catalog.count(*) > 1
   order by pg_catalog.min(s.ord)
   limit 1;
  if found then
    raise exception using errcode = 'unique_violation',
      message = pg_catalog.format('%s batch %s: duplicate model id %s (entries %s)', batch.provider, batch_id,
                                  bad.api_identifier, pg_catalog.array_to_string(bad.ords, ', ')),
      detail = 'A complete list names each model once; a repeated id means pages overlapped or the list is corrupt.',
      hint = 'Fetch the list again; nothing of this provider was changed.';
  end if;

  -- Lock the provider's rows first, then read them: the merge below is a new statement with a new snapshot,
  -- so it sees every manual edit committed before these locks, and none can commit until this batch is done.
  perform from public.ai_providers p where p.provider = batch.provider order by p.id for no key update;

  with staged as (
    select s.ord, s.api_identifier, s.family, coalesce(s.name, s.api_identifier) as name, s.description,
           s.max_input_tokens, s.max_output_tokens, s.reported
      from pg_temp.ai_model_sync_staged as s
  ),
  catalog_hits as (
    select s.ord, c.tier, 1 as specificity, c.config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.model = s.api_identifier
    union all
    select s.ord, c.tier, 2 as specificity, c.config
      from staged s
      join public.ai_model_catalog c on c.provider = batch.provider and c.match = 'family'
                                    and c.model = s.family and s.family <> s.api_identifier
  ),
  catalog_best as (
    -- per tier, an exact-id entry beats a family entry
    select distinct on (h.ord, h.tier) h.ord, h.tier, h.config
      from catalog_hits h
     order by h.ord, h.tier, h.specificity
  ),
  catalog as (
    -- across tiers, key by key: builtin < imported (< what the provider reports) < admin
    select b.ord,
           ai_model_sync.jsonb_merge_agg(b.config order by b.tier) filter (where b.tier <> 'admin') as config,
           ai_model_sync.jsonb_merge_agg(b.config) filter (where b.tier = 'admin') as admin_config
      from catalog_best b
     group by b.ord
  ),
  incoming as (
    select s.ord, s.api_identifier, s.name, s.description,
           ai_model_sync.model_defaults(batch.provider, s.api_identifier, s.max_input_tokens, s.max_output_tokens,
                                        s.reported, c.config, c.admin_config) as defaults
      from staged s
      left join catalog c on c.ord = s.ord
  ),
  merged as (
    select i.*, t.id as row_id, t.is_active as was_active,
           t.id is not null and t.defaults_snapshot is null as manual_row,
           -- the key-by-key merge runs only for rows with manual edits; an untouched row simply takes the defaults
           case when t.config is distinct from t.defaults_snapshot and t.defaults_snapshot is not null
                then ai_model_sync.merge_config(t.config, t.defaults_snapshot, i.defaults) end as m,
           case when t.name is null or t.name is not distinct from t.name_snapshot then i.name else t.name end as new_name,
           case when t.description is null or t.description is not distinct from t.description_snapshot
                then i.description else t.description end as new_description,
           case when t.is_active is not distinct from t.is_listed then true else t.is_active end as new_active,
           t.name as cur_name, t.name_snapshot, t.description as cur_description, t.description_snapshot
      from incoming i
      left join public.ai_providers t on t.provider = batch.provider and t.api_identifier = i.api_identifier
  ),
  updated as (
    update public.ai_providers t
       set config = coalesce(m.m->'config', m.defaults), defaults_snapshot = m.defaults,
           name = m.new_name, name_snapshot = m.name,
           description = m.new_description, description_snapshot = m.description,
           is_active = m.new_active, is_listed = true, updated_at = pg_catalog.now()
      from merged m
     where t.provider = batch.provider and t.id = m.row_id and not m.manual_row
       and (t.config, t.defaults_snapshot, t.name, t.name_snapshot, t.description, t.description_snapshot, t.is_active, t.is_listed)
           is distinct from
           (coalesce(m.m->'config', m.defaults), m.defaults, m.new_name, m.name, m.new_description, m.description, m.new_active, true)
    returning t.id, m.was_active, t.is_active
  ),
  inserted as (
    insert into public.ai_providers
      (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot,
       is_active, is_listed)
    select batch.provider, m.api_identifier, m.name, m.description, m.defaults, m.defaults, m.name, m.description, true, true
      from merged m
     where m.row_id is null
    on conflict (provider, api_identifier) do nothing
    returning id
  ),
  gone as (
    -- synced rows that the previous list had and this one lacks
    select t.id, t.api_identifier, t.is_active,
           t.is_active and t.is_active is not distinct from t.is_listed as deactivates
      from public.ai_providers t
     where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_listed
       and not exists (select from staged s where s.api_identifier = t.api_identifier)
  ),
  guard as (
    select (select pg_catalog.count(*) from staged) as listed,
           (select pg_catalog.count(*) from gone where deactivates) as deactivating,
           (select pg_catalog.count(*) from public.ai_providers t
             where t.provider = batch.provider and t.defaults_snapshot is not null and t.is_active) as active
  ),
  guard_holds as (
    select not force and g.deactivating > 0 and (g.listed = 0 or g.deactivating * 2 > g.active) as holds, g.*
      from guard g
  ),
  deactivated as (
    update public.ai_providers t
       set is_listed = false,
           is_active = case when g.deactivates then false else t.is_active end,
           updated_at = pg_catalog.now()
      from gone g, guard_holds h
     where t.provider = batch.provider and t.id = g.id and not h.holds
    returning t.api_identifier, g.deactivates
  ),
  overrides as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'overrides') as o
     where m.m is not null
    union all
    select m.api_identifier, pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and (m.cur_name is distinct from m.name_snapshot or m.cur_description is distinct from m.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap and f.value is distinct from f.dflt
  ),
  conflicts as (
    select m.api_identifier, o.value as item
      from merged m, pg_catalog.jsonb_array_elements(m.m->'conflicts') as o
     where m.m is not null
    union all
    select m.api_identifier,
           pg_catalog.jsonb_build_object('key', f.key, 'value', f.value, 'old_default', f.snap, 'new_default', f.dflt)
      from merged m,
           lateral (values ('name', m.cur_name, m.name, m.name_snapshot),
                           ('description', m.cur_description, m.description, m.description_snapshot)) as f(key, value, dflt, snap)
     where not m.manual_row and (m.cur_name is distinct from m.name_snapshot or m.cur_description is distinct from m.description_snapshot)
       and f.value is not null and f.value is distinct from f.snap
       and f.value is distinct from f.dflt and f.dflt is distinct from f.snap
  )
  select pg_catalog.jsonb_build_object(
    'provider', batch.provider,
    'batch', batch_id,
    'status', 'applied',
    'models', (select listed from guard),
    'inserted', (select pg_catalog.count(*) from inserted),
    'updated', (select pg_catalog.count(*) from updated u where not (u.is_active and not u.was_active)),
    'reactivated', (select pg_catalog.count(*) from updated u where u.is_active and not u.was_active),
    'unchanged', (select pg_catalog.count(*) from merged m where m.row_id is not null and not m.manual_row)
                 - (select pg_catalog.count(*) from updated),
    'deactivated', (select pg_catalog.count(*) from deactivated d where d.deactivates),
    'deactivated_models', (select coalesce(pg_catalog.jsonb_agg(d.api_identifier order by d.api_identifier), '[]'::jsonb)
                             from deactivated d where d.deactivates),
    'manual_rows', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                      from merged m where m.manual_row),
    'overrides', (select coalesce(pg_catalog.jsonb_agg(o.item || pg_catalog.jsonb_build_object('api_identifier', o.api_identifier)
                                                       order by o.api_identifier, o.item->>'key'), '[]'::jsonb)
                    from overrides o),
    'conflicts', (select coalesce(pg_catalog.jsonb_agg(c.item || pg_catalog.jsonb_build_object('api_identifier', c.api_identifier)
                                                       order by c.api_identifier, c.item->>'key'), '[]'::jsonb)
                    from conflicts c),
    'adjusted', (select coalesce(pg_catalog.jsonb_agg(a.value || pg_catalog.jsonb_build_object('api_identifier', m.api_identifier)
                                                      order by m.api_identifier), '[]'::jsonb)
                   from merged m, pg_catalog.jsonb_array_elements(m.m->'adjusted') as a
                  where m.m is not null),
    'unpriced', (select coalesce(pg_catalog.jsonb_agg(m.api_identifier order by m.api_identifier), '[]'::jsonb)
                   from merged m where not m.manual_row and not (m.defaults ? 'input_token_cost_rate')),
    'warnings', (select coalesce(pg_catalog.jsonb_agg(w order by w), '[]'::jsonb) from (
                   select case
                     when h.listed = 0 then pg_catalog.format(
                       'guard held: the list is empty; %s active models were not deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating)
                     else pg_catalog.format(
                       'guard held: the list lacks %s of %s active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
                       h.deactivating, h.active)
                   end as w
                   from guard_holds h where h.holds
                   union all
                   select 'the list is empty' from guard_holds h where h.listed = 0 and not h.holds
                 ) as ws)
  ) into batch_report;

  update public.ai_model_fetches f
     set status = 'applied', applied_at = pg_catalog.now(), report = batch_report,
         fingerprint = input_digest || '/' || ai_model_sync.rows_fingerprint(batch.provider)
   where f.id = batch_id;
  drop table pg_temp.ai_model_sync_staged;
  perform pg_catalog.set_config('ai_model_sync.batch_id', '', true);
  return batch_report;
end
$$;
comment on function ai_model_sync.apply_batch(bigint, boolean) is
  'Applies one staged batch set-based: validates every entry (raising on the first problem), locks the provider''s '
  'rows, computes defaults (catalog + provider-reported values), three-way merges existing rows, inserts new models, '
  'deactivates synced models the list lacks unless the guard holds (empty list, or more than half of the active '
  'synced models gone; force overrides), writes no unchanged row, marks the batch applied and returns its report. '
  'Callers hold the provider''s advisory lock (see apply_provider).';

create function ai_model_sync.apply_provider(provider text, force boolean default false) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  newest public.ai_model_fetches;
  report jsonb;
  err_message text;
  err_detail text;
  err_hint text;
  err_state text;
begin
  -- One sync per provider at a time: a second caller waits here, then finds the batch already settled.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext(apply_provider.provider));

  select * into newest
    from public.ai_model_fetches f
   where f.provider = apply_provider.provider and f.status = 'pending'
   order by f.fetched_at desc, f.id desc
   limit 1;
  if not found then
    return null;
  end if;

  update public.ai_model_fetches f
     set status = 'superseded', applied_at = pg_catalog.now(),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded', 'superseded_by', newest.id)
   where f.provider = apply_provider.provider and f.status = 'pending' and f.id <> newest.id;

  -- A list fetched before the newest applied one is stale: applying it would undo newer facts.
  if exists (select from public.ai_model_fetches f
              where f.provider = apply_provider.provider and f.status = 'applied' and f.fetched_at > newest.fetched_at) then
    update public.ai_model_fetches f
       set status = 'superseded', applied_at = pg_catalog.now(),
           report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'superseded',
                                                  'warnings', '["fetched before the newest applied list"]'::jsonb)
     where f.id = newest.id
    returning f.report into report;
    return report;
  end if;

  -- Deadlocks with a concurrent manual transaction are retried; any other error fails this batch alone.
  for attempt in 1..3 loop
    begin
      return ai_model_sync.apply_batch(newest.id, force);
    exception
      when deadlock_detected then
        if attempt < 3 then
          continue;
        end if;
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
      when others then
        get stacked diagnostics err_message = message_text, err_detail = pg_exception_detail,
                                err_hint = pg_exception_hint, err_state = returned_sqlstate;
    end;
    exit;
  end loop;

  update public.ai_model_fetches f
     set status = 'failed', applied_at = pg_catalog.now(),
         error = pg_catalog.concat_ws(E'\n', err_message, 'DETAIL: ' || nullif(err_detail, ''), 'HINT: ' || nullif(err_hint, '')),
         report = pg_catalog.jsonb_build_object('provider', f.provider, 'batch', f.id, 'status', 'failed',
                                                'sqlstate', err_state, 'error', err_message)
   where f.id = newest.id
  returning f.report into report;
  return report;
end
$$;
comment on function ai_model_sync.apply_provider(text, boolean) is
  'Settles a provider''s pending batches in the caller''s transaction: under the provider''s advisory lock, the newest '
  'pending batch is applied (or failed, with its error stored and the provider''s rows untouched) and older pending '
  'ones are superseded. Returns the report of the newest batch, NULL when nothing was pending.';

create function public.ai_models_apply_pending(force boolean default false) returns jsonb
language plpgsql
set search_path = ''
as $$
declare
  pending_provider text;
  reports jsonb := '[]'::jsonb;
begin
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    reports := reports || coalesce(pg_catalog.jsonb_build_array(ai_model_sync.apply_provider(pending_provider, force)), '[]'::jsonb);
  end loop;
  return pg_catalog.jsonb_path_query_array(reports, '$[*] ? (@ != null)');
end
$$;
comment on function public.ai_models_apply_pending(boolean) is
  'Like CALL sync_ai_models(), inside the caller''s transaction: applies every provider''s newest pending batch '
  '(each in a subtransaction, so a bad batch fails alone) and returns the reports as a JSON array. For dry runs: '
  'BEGIN; SELECT ai_models_apply_pending(); ROLLBACK;';

-- No SET search_path here: a procedure with a SET clause may not COMMIT. Every name is schema-qualified.
create procedure public.sync_ai_models(force boolean default false)
language plpgsql
as $$
declare
  pending_provider text;
begin
  for pending_provider in
    select distinct f.provider from public.ai_model_fetches f where f.status = 'pending' order by f.provider
  loop
    perform ai_model_sync.apply_provider(pending_provider, force);
    commit;
  end loop;
end
$$;
comment on procedure public.sync_ai_models(boolean) is
  'Applies every pending staged batch: per provider the newest one, in its own transaction (older ones are '
  'superseded, a failing one is marked failed with its error and changes nothing). force => true lets a list '
  'deactivate more than half of a provider''s models. Call it outside an explicit transaction block (psql, '
  'pg_cron); inside one, use ai_models_apply_pending().';

-- migrate:down

drop procedure public.sync_ai_models(boolean);
drop function public.ai_models_apply_pending(boolean);
drop function ai_model_sync.apply_provider(text, boolean);
drop function ai_model_sync.apply_batch(bigint, boolean);
drop function ai_model_sync.rows_fingerprint(text);
drop function ai_model_sync.input_fingerprint(text, jsonb);
drop function ai_model_sync.merge_config(jsonb, jsonb, jsonb);
drop function ai_model_sync.model_defaults(text, text, bigint, bigint, jsonb, jsonb, jsonb);
drop function ai_model_sync.payload_problem(jsonb);
drop function ai_model_sync.staged_models(text, jsonb);
drop function ai_model_sync.payload_format(text);
drop function ai_model_sync.price(jsonb, numeric);
drop function ai_model_sync.price_problem(text, jsonb);
drop function ai_model_sync.token_count(jsonb);
drop function ai_model_sync.token_field_problem(text, jsonb);
