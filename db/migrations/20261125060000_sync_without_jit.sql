-- migrate:up

-- make bench found the merge of a large list spending more time compiling than running. apply_batch() parses
-- the list into a temporary table and ANALYZEs it, so the planner knows the real row count: at 30,000 models
-- per provider the merge's estimated cost passes jit_above_cost, jit_inline_above_cost and
-- jit_optimize_above_cost, and PostgreSQL JIT-compiles every expression of the statement with full LLVM
-- optimisation. That took 2.5 to 3.2 s per merge statement (EXPLAIN ANALYZE "JIT: ... Total"), more than the
-- merge itself, for a statement that runs once. Every statement of the sync runs once over rows it has just
-- read, so JIT can only cost: it is turned off for the duration of apply_batch() (SET on the function; the
-- caller's setting is restored when it returns).
alter function ai_model_sync.apply_batch(bigint, boolean) set jit = off;

-- migrate:down

alter function ai_model_sync.apply_batch(bigint, boolean) reset jit;
