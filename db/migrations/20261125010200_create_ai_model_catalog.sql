-- migrate:up

create type ai_model_sync.catalog_tier as enum ('builtin', 'imported', 'admin');
comment on type ai_model_sync.catalog_tier is
  'Who owns a catalog entry, in rising precedence: builtin (shipped with ai-model-sync), imported (from a '
  'community cost map), admin (entered by hand; never touched by a catalog update).';

create table public.ai_model_catalog (
  id bigint generated always as identity primary key,
  provider text not null check (provider <> ''),
  model text not null check (model <> ''),
  match text not null default 'exact' check (match in ('exact', 'family')),
  tier ai_model_sync.catalog_tier not null default 'admin',
  config jsonb not null check (ai_model_sync.config_problem(config) is null),
  source_url text,
  checked_on date,
  notes text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ai_model_catalog_provider_model_tier_key unique (provider, model, tier)
);
comment on table public.ai_model_catalog is
  'Default config values (prices, limits, tokenization) per model or model family. The sync merges the '
  'matching entries of each tier key by key, builtin < imported < admin. Admins add rows here (tier '
  'defaults to admin) for negotiated prices or private models.';
comment on column public.ai_model_catalog.model is
  'An exact API id, or the base id of a family (match = family).';
comment on column public.ai_model_catalog.match is
  'exact: prices only the id in model. family: prices model and every id whose ai_model_sync.version_base() '
  'is model (its dated snapshots and -latest alias), never a longer name such as gpt-5.5 or gpt-5-mini.';
comment on column public.ai_model_catalog.config is
  'Config keys this entry sets (SPEC 3.2), costs in USD per single token.';
comment on column public.ai_model_catalog.source_url is 'Where the values were checked.';
comment on column public.ai_model_catalog.checked_on is 'When the values were last checked against source_url.';

create function ai_model_sync.version_base(api_identifier text) returns text
language sql immutable parallel safe
as $$
  select pg_catalog.regexp_replace(api_identifier, '-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$', '')
$$;
comment on function ai_model_sync.version_base(text) is
  'The id without one trailing version suffix (-YYYY-MM-DD, -YYYYMMDD, -NNNN, -NNN, -latest): the family key. '
  'gpt-4o-2024-08-06 -> gpt-4o, claude-sonnet-4-5-20250929 -> claude-sonnet-4-5, gpt-5.5 -> gpt-5.5. '
  'No SET search_path so that the planner inlines it; every name in it is schema-qualified.';

create aggregate ai_model_sync.jsonb_merge_agg(jsonb) (
  sfunc = pg_catalog.jsonb_concat,
  stype = jsonb,
  initcond = '{}'
);
comment on aggregate ai_model_sync.jsonb_merge_agg(jsonb) is
  'Merges JSON objects key by key; later objects (in the aggregate''s ORDER BY) win.';

-- migrate:down

drop aggregate ai_model_sync.jsonb_merge_agg(jsonb);
drop function ai_model_sync.version_base(text);
drop table public.ai_model_catalog;
drop type ai_model_sync.catalog_tier;
