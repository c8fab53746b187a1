-- migrate:up

-- Functions the first migrations created whose signature db/code has since changed: the loader drops an old
-- signature only when it had loaded it itself (ai_model_sync.code_files), so these go here.
drop function if exists ai_model_sync.usage_cost(jsonb, bigint, bigint, bigint);

-- migrate:down

-- Nothing to restore: the code of db/code defines the current signatures.
