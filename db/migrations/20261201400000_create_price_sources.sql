-- migrate:up

-- Public price tables (LiteLLM's map, models.dev's api.json, genai-prices' data file), staged raw like model lists.
create table public.ai_price_fetches (
  id bigint generated always as identity primary key,
  source text not null check (source in ('litellm', 'models.dev', 'genai-prices')),
  payload jsonb not null,
  location text,
  etag text,
  last_modified text,
  digest text not null check (digest <> ''),
  status text not null default 'pending' check (status in ('pending', 'applied', 'superseded', 'failed')),
  fetched_at timestamptz not null default now(),
  applied_at timestamptz,
  error text,
  report jsonb,
  constraint ai_price_fetches_failed_has_error check ((status = 'failed') = (error is not null))
);
comment on table public.ai_price_fetches is
  'Staging: one row per fetch of one public price table, the document exactly as published. CALL sync_ai_models() '
  'maps the newest pending copy of each source to per-token prices (ai_model_sync.price_values) before the providers.';
comment on column public.ai_price_fetches.source is 'litellm, models.dev or genai-prices.';
comment on column public.ai_price_fetches.payload is 'The source''s JSON document as the server (or the imported file) gave it.';
comment on column public.ai_price_fetches.location is 'The URL (or local file) the document came from.';
comment on column public.ai_price_fetches.etag is 'The server''s ETag, sent back as If-None-Match on the next fetch.';
comment on column public.ai_price_fetches.last_modified is 'The server''s Last-Modified, sent back as If-Modified-Since.';
comment on column public.ai_price_fetches.digest is
  'SHA-256 (hex) of the document''s bytes: a fetch whose digest equals the last staged one is not staged again.';
comment on column public.ai_price_fetches.status is
  'pending on insert; applied, superseded (a newer copy of the same source was applied instead) or failed '
  '(not a document of the source''s format, or under a tenth of the previous applied copy''s models: nothing changed).';
comment on column public.ai_price_fetches.error is 'Why a failed copy failed: message, detail and hint.';
comment on column public.ai_price_fetches.report is
  'What applying the copy did: models and prices mapped, entries skipped by the sanity bounds, duplicate keys.';
create index ai_price_fetches_source_fetched_at_idx on public.ai_price_fetches (source, fetched_at desc, id desc);

-- The fetcher may stage (source, payload and validators) and read back the validators of what was staged.
grant insert (source, payload, location, etag, last_modified, digest) on public.ai_price_fetches to ai_models_fetcher;
grant select (id, source, etag, last_modified, digest, status, fetched_at) on public.ai_price_fetches to ai_models_fetcher;
grant select, insert, update, delete on public.ai_price_fetches to ai_models_admin;

-- The prices each source gives, as of its newest applied copy: the input of the consensus.
create table ai_model_sync.price_values (
  source text not null,
  provider text not null,
  api_identifier text not null,
  key text not null,
  value numeric not null,
  fetch_id bigint not null,
  since timestamptz not null default now(),
  primary key (provider, api_identifier, key, source)
);
comment on table ai_model_sync.price_values is
  'Per source, model and config key, the value (USD per single token; tokens for long_context_threshold_tokens) of '
  'the source''s newest applied copy. Rewritten only where a value changed.';
comment on column ai_model_sync.price_values.since is 'When the source first gave this value (its first applied copy that did).';
comment on column ai_model_sync.price_values.fetch_id is 'The ai_price_fetches copy the value was last read from.';

-- Settings that CALL sync_ai_models() obeys (the fetcher writes them from AI_MODEL_SYNC_PRICE_POLICY / _QUORUM).
create table ai_model_sync.price_settings (
  singleton boolean primary key default true check (singleton),
  policy text not null default 'fill' check (policy in ('fill', 'follow', 'report')),
  quorum integer not null default 2 check (quorum >= 1),
  updated_at timestamptz not null default now()
);
comment on table ai_model_sync.price_settings is
  'One row: how consensus prices enter the defaults. policy fill (only keys nothing else sets), follow (also replace '
  'built-in and imported values) or report (nothing applied); quorum = how many sources must give the same value.';
insert into ai_model_sync.price_settings default values;
grant select, update on ai_model_sync.price_settings to ai_models_admin;
-- the admin runs the sync (CALL sync_ai_models()), which writes these
grant select, insert, update, delete on ai_model_sync.price_values to ai_models_admin;

-- Where each price of a synced row came from, written by the merge (only where it changed).
create table ai_model_sync.price_origins (
  provider text not null,
  api_identifier text not null,
  origins jsonb not null,
  primary key (provider, api_identifier)
);
comment on table ai_model_sync.price_origins is
  'Per synced model, for each price key of its defaults: {"key": {"origin": "builtin|imported|provider|admin|consensus", '
  '"sources": [...]}} as the last merge layered them.';
grant select, insert, update, delete on ai_model_sync.price_origins to ai_models_admin;

-- migrate:down

drop table ai_model_sync.price_origins;
drop table ai_model_sync.price_settings;
drop table ai_model_sync.price_values;
drop table public.ai_price_fetches;
