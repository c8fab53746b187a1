-- migrate:up

create schema ai_model_sync;
comment on schema ai_model_sync is
  'Private helpers of ai-model-sync. The public API is sync_ai_models(), ai_models_apply_pending() and the tables in public.';

create function ai_model_sync.tokenization_problem(strategy jsonb) returns text
language sql immutable parallel safe
set search_path = ''
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

create function ai_model_sync.config_problem(config jsonb) returns text
language sql immutable parallel safe
set search_path = ''
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
  'the shapes of SPEC 3.2. Shared by the ai_providers trigger and the catalog loader.';

create table public.ai_providers (
  id uuid primary key default gen_random_uuid(),
  provider text not null check (provider <> ''),
  api_identifier text not null check (api_identifier <> ''),
  name text,
  description text,
  is_active boolean not null default true,
  config jsonb not null default '{}'::jsonb,
  defaults_snapshot jsonb,
  name_snapshot text,
  description_snapshot text,
  is_listed boolean,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_providers_provider_api_identifier_key unique (provider, api_identifier)
);
comment on table public.ai_providers is
  'One row per AI model: what the application reads to bill usage, cap requests and list models. '
  'Rows are created and merged by CALL sync_ai_models(); admins may insert and edit rows by hand, '
  'and their edits survive every sync (three-way merge against defaults_snapshot).';
comment on column public.ai_providers.provider is
  'openai, anthropic, google, or the name of a configured OpenAI-compatible provider (mistral, groq, ...).';
comment on column public.ai_providers.api_identifier is
  'The model id exactly as the provider''s API takes it (Google''s models/ prefix dropped).';
comment on column public.ai_providers.name is
  'Display name: the provider''s (or the id when it reports none), unless edited by hand.';
comment on column public.ai_providers.is_active is
  'False once the provider stops listing the model (set by the sync) or when an admin disables it; '
  'the sync changes it only when is_listed changes and is_active still equals the old is_listed.';
comment on column public.ai_providers.config is
  'The model''s AiModelExtendedConfig as the application uses it, manual edits included: costs in USD per single '
  'token, context_window_tokens, hard_cap_output_tokens, tokenization_strategy, provider_max_*_tokens, ...';
comment on column public.ai_providers.defaults_snapshot is
  'The config defaults the sync computed last time. A key whose config value equals its snapshot value was not '
  'edited and follows new defaults; one that differs is a manual override and is kept. NULL for rows created by '
  'hand, which the sync never writes.';
comment on column public.ai_providers.name_snapshot is
  'The name the sync computed last time; name follows new defaults only while it equals this.';
comment on column public.ai_providers.description_snapshot is
  'The description the sync computed last time; description follows new defaults only while it equals this.';
comment on column public.ai_providers.is_listed is
  'Whether the provider''s newest applied complete list contained the model; NULL for rows created by hand.';
comment on column public.ai_providers.updated_at is
  'When the row last really changed: the sync writes no row whose content is unchanged.';

create function ai_model_sync.reject_invalid_config() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  problem text := ai_model_sync.config_problem(new.config);
begin
  if problem is not null then
    raise exception using
      errcode = 'check_violation',
      message = pg_catalog.format('invalid config for model %s/%s: %s', new.provider, new.api_identifier, problem),
      detail = pg_catalog.format('config = %s', pg_catalog.left(new.config::text, 500)),
      hint = 'Costs are USD per single token (2.5 USD per 1M tokens is 0.0000025); token limits are positive whole '
             'numbers; set a key to null or remove it to return to the default.';
  end if;
  return new;
end
$$;
comment on function ai_model_sync.reject_invalid_config() is
  'Trigger: rejects a config that ai_model_sync.config_problem() finds invalid, with the reason.';

-- Skipped when config equals the snapshot: defaults are validated where they come from (catalog loader,
-- payload normalisation), which keeps the check off the sync's hot path.
create trigger ai_providers_config_is_valid
  before insert or update of config on public.ai_providers
  for each row when (new.config is distinct from new.defaults_snapshot)
  execute function ai_model_sync.reject_invalid_config();

create function ai_model_sync.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end
$$;
comment on function ai_model_sync.touch_updated_at() is
  'Trigger: moves updated_at when a manual UPDATE changes a row without setting updated_at itself.';

create trigger ai_providers_touch_updated_at
  before update on public.ai_providers
  for each row when (old.* is distinct from new.* and new.updated_at is not distinct from old.updated_at)
  execute function ai_model_sync.touch_updated_at();

-- Named to fire last (triggers fire in name order): an UPDATE that changes nothing writes nothing.
create trigger zz_ai_providers_skip_unchanged
  before update on public.ai_providers
  for each row execute function suppress_redundant_updates_trigger();

-- migrate:down

drop table public.ai_providers;
drop function ai_model_sync.touch_updated_at();
drop function ai_model_sync.reject_invalid_config();
drop function ai_model_sync.config_problem(jsonb);
drop function ai_model_sync.tokenization_problem(jsonb);
drop schema ai_model_sync;
