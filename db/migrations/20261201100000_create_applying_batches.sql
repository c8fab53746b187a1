-- migrate:up

-- The batches the sync is applying right now, one row per transaction, written only by the owner's SECURITY
-- DEFINER ai_model_sync.open_batch / close_batch. The history triggers take a change's batch from here, never from
-- a setting a session may set itself (issue 10): a manual edit after `set ai_model_sync.batch_id = '7'` is recorded
-- without a batch. Nobody but the owner holds any privilege on it.
create table ai_model_sync.applying_batches (
  xact xid8 primary key,
  batch_id bigint not null,
  opened_at timestamptz not null default pg_catalog.now()
);
comment on table ai_model_sync.applying_batches is
  'The staged batch each transaction is applying (ai_model_sync.open_batch), removed again by close_batch or the '
  'transaction''s rollback. Owner-only: the history triggers trust it, not the ai_model_sync.batch_id setting.';
revoke all on ai_model_sync.applying_batches from public;

-- migrate:down

drop table ai_model_sync.applying_batches;
