-- migrate:up

-- From this version on, functions, procedures, aggregates and views live in db/code, one file each, and are
-- (re)loaded after the migrations by `make migrate` / `ai-model-sync migrate` (fetcher/migrate.ts) or the
-- `make sql` script. Migrations keep what holds data.
create table ai_model_sync.code_files (
  path text primary key,
  object text not null unique,
  digest text not null,
  loaded_at timestamptz not null default pg_catalog.now()
);
comment on table ai_model_sync.code_files is
  'The code files (db/code) loaded into this database: one row per file, with the object it defines and the '
  'digest of the content loaded, so that a load executes only what changed and drops what was removed.';
comment on column ai_model_sync.code_files.object is
  'The object the file defines, as DROP takes it: "function ai_model_sync.apply_batch(bigint, boolean)".';
comment on column ai_model_sync.code_files.digest is 'SHA-256 of the file''s content when it was last executed.';

-- migrate:down

drop table ai_model_sync.code_files;
