-- migrate:up

create table public.ai_model_fetches (
  id bigint generated always as identity primary key,
  provider text not null check (provider <> ''),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'applied', 'superseded', 'failed')),
  fetched_at timestamptz not null default now(),
  applied_at timestamptz,
  error text,
  report jsonb,
  fingerprint text,
  constraint ai_model_fetches_failed_has_error check ((status = 'failed') = (error is not null))
);
comment on table public.ai_model_fetches is
  'Staging: one row per fetch of one provider''s complete model list. '
  'insert into ai_model_fetches (provider, payload) values ($1, $2) stages a list; CALL sync_ai_models() applies it.';
comment on column public.ai_model_fetches.payload is
  'JSON array of the model objects exactly as the provider''s API returned them, all pages concatenated '
  '(Google objects keep their models/... name).';
comment on column public.ai_model_fetches.status is
  'pending on insert; applied, superseded (a newer list of the same provider was applied instead) or failed.';
comment on column public.ai_model_fetches.fetched_at is
  'When the list was fetched; of a provider''s pending batches only the newest is applied.';
comment on column public.ai_model_fetches.applied_at is
  'When the sync settled the batch (applied, superseded or failed).';
comment on column public.ai_model_fetches.error is
  'Why a failed batch failed: message, detail and hint of the error. NULL unless status = failed.';
comment on column public.ai_model_fetches.report is
  'What applying the batch did: counts (inserted, updated, unchanged, deactivated, reactivated), overrides kept, '
  'conflicts, unpriced models and warnings.';

comment on column public.ai_model_fetches.fingerprint is
  'For an applied batch: digests of what its merge read (payload, catalog, sync code) and of the provider''s rows '
  'after it. A new batch with the same input, over rows no one changed since, is settled without a merge.';

create index ai_model_fetches_pending_idx on public.ai_model_fetches (provider, fetched_at desc, id desc)
  where status = 'pending';
create index ai_model_fetches_provider_fetched_at_idx on public.ai_model_fetches (provider, fetched_at desc);

-- migrate:down

drop table public.ai_model_fetches;
