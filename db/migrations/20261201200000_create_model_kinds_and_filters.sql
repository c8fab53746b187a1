-- migrate:up

-- What each model is (issue 15, docs/capabilities.md): kind rules by id pattern for providers whose list says
-- nothing (OpenAI), and the per-team filters that decide which listed models are synced at all.

create table ai_model_sync.kind_rules (
  provider text not null check (provider <> ''),
  position integer not null check (position > 0),
  pattern text not null check (pattern <> ''),
  -- the glob as a LIKE pattern, as ai_model_sync.glob_like() computes it (computed once here, not per listed model)
  like_pattern text not null generated always as (
    replace(replace(replace(replace(replace(pattern, '\', '\\'), '%', '\%'), '_', '\_'), '*', '%'), '?', '_')) stored,
  config jsonb not null check (pg_catalog.jsonb_typeof(config) = 'object' and ai_model_sync.config_problem(config) is null),
  source_url text,
  notes text,
  primary key (provider, position),
  unique (provider, pattern)
);
comment on table ai_model_sync.kind_rules is
  'Built-in rules by id pattern (db/catalog/kinds/<provider>.json, loaded with the catalog): the kind, modalities '
  'and supports_* flags of the ids a provider''s list does not describe. The first rule (lowest position) whose '
  'pattern matches an id applies; its config is the lowest layer of the defaults, below every catalog entry and '
  'what the list reports. Replaced wholesale per provider by ai_model_sync.load_kind_rules().';
comment on column ai_model_sync.kind_rules.position is 'The rule''s place in its file: the first matching rule wins.';
comment on column ai_model_sync.kind_rules.pattern is
  'A glob on the whole api_identifier: * any characters, ? one character (ai_model_sync.glob_like), case-sensitive.';
comment on column ai_model_sync.kind_rules.like_pattern is 'pattern as a LIKE pattern (generated).';
comment on column ai_model_sync.kind_rules.config is 'The config keys the rule sets: kind, input_modalities, output_modalities, supports_*.';

create table ai_model_sync.model_filters (
  provider text primary key check (provider <> ''),
  include text[],
  exclude text[],
  kinds text[],
  updated_at timestamptz not null default pg_catalog.now()
);
comment on table ai_model_sync.model_filters is
  'Which listed models the sync keeps, per provider, and for every provider in the row provider = ''*''. Written by '
  'the fetcher from AI_MODEL_SYNC_<PROVIDER>_INCLUDE / _EXCLUDE / AI_MODEL_SYNC_KINDS, or by hand; read by the merge, '
  'so CALL sync_ai_models() from pg_cron obeys it. A model the filters drop is deactivated like an unlisted one '
  '(not counted by the deactivation guard) and reported with the reason.';
comment on column ai_model_sync.model_filters.provider is 'A provider name, or * for the defaults of every provider.';
comment on column ai_model_sync.model_filters.include is
  'Globs on the id (* and ?): when set, only ids matching one of them are kept. The provider''s row, else the * row.';
comment on column ai_model_sync.model_filters.exclude is
  'Globs on the id: ids matching one are dropped. The provider''s row and the * row both apply.';
comment on column ai_model_sync.model_filters.kinds is
  'When set, only models of these kinds are kept (the word unclassified keeps models of unknown kind). The '
  'provider''s row, else the * row.';

grant select, insert, update, delete on ai_model_sync.model_filters to ai_models_admin;
grant select on ai_model_sync.kind_rules to ai_models_admin;

-- migrate:down

drop table ai_model_sync.model_filters;
drop table ai_model_sync.kind_rules;
