// SPEC 4: safe to run concurrently with itself and with manual edits.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { gpt4o } from './helpers/fixtures.ts';
import { catalogEntry, model, models, openaiModel, report, stage, stageAndSync } from './helpers/sync.ts';
import type { Sql } from '../fetcher/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog`;
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: gpt4o });
});

/** Waits until some backend of this database is blocked on a lock while running `query`. */
async function waitUntilBlocked(sql: Sql, queryLike: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await sql`select count(*)::int as n from pg_stat_activity
                             where datname = current_database() and wait_event_type = 'Lock' and query like ${queryLike}`;
    if ((row?.n ?? 0) > 0) return;
    await sleep(10);
  }
  throw new Error(`no backend became blocked on ${queryLike}`);
}

test('two CALLs at once apply every batch exactly once, without errors', async () => {
  const providers = ['openai', 'groq', 'mistral', 'deepseek'];
  const batches = await Promise.all(
    providers.map((p) => stage(db.sql, p, Array.from({ length: 300 }, (_, i) => openaiModel(`${p}-model-${i}`)))),
  );
  const a = db.connect(1);
  const b = db.connect(1);
  await Promise.all([a`call sync_ai_models()`, b`call sync_ai_models()`]);
  for (const id of batches) {
    const r = await report(db.sql, id);
    assert.equal(r.status, 'applied');
    assert.equal(r.inserted, 300, 'applied once: the second caller found it settled');
  }
  const [row] = await db.sql`select count(*)::int as n from ai_providers`;
  assert.equal(row?.n, 1200);
});

test('a manual edit committed while a sync waits for the row is kept (lock first, then read)', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-2024-08-06')]);
  // the price moves: the sync wants to rewrite input_token_cost_rate of every gpt-4o row
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: { ...gpt4o, input_token_cost_rate: 0.000003 } });
  const batchId = await stage(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-2024-08-06')]);

  const admin = db.connect(1);
  const syncer = db.connect(1);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // The admin's transaction edits the row and holds it uncommitted while the sync starts.
  const edit = admin.begin(async (tx) => {
    await tx`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001}' where api_identifier = 'gpt-4o'`;
    await released;
  });
  await sleep(50);
  const call = syncer`call sync_ai_models()`.execute(); // postgres.js queries are lazy: send it now
  await waitUntilBlocked(db.sql, '%sync_ai_models%');
  release();
  await edit;
  await call;

  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.equal(row.config.input_token_cost_rate, 0.000001, 'the committed manual edit survived the sync');
  assert.equal(row.defaults_snapshot?.input_token_cost_rate, 0.000003);
  assert.equal((await model(db.sql, 'openai', 'gpt-4o-2024-08-06')).config.input_token_cost_rate, 0.000003);
  const r = await report(db.sql, batchId);
  assert.deepEqual(r.conflicts.map((c) => [c.api_identifier, c.key, c.value]), [['gpt-4o', 'input_token_cost_rate', 0.000001]]);
});

test('a manual edit made while the sync holds the rows waits, then lands on top of the synced row', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: { ...gpt4o, output_token_cost_rate: 0.000011 } });
  await stage(db.sql, 'openai', [openaiModel('gpt-4o')]);

  const syncer = db.connect(1);
  const admin = db.connect(1);
  // The sync runs inside a transaction that stays open after the merge, holding the provider's rows.
  let commit!: () => void;
  const committed = new Promise<void>((resolve) => (commit = resolve));
  let merged!: () => void;
  const mergeDone = new Promise<void>((resolve) => (merged = resolve));
  const run = syncer.begin(async (tx) => {
    await tx`select ai_models_apply_pending()`;
    merged();
    await committed;
  });
  await mergeDone;
  const edit = admin`update ai_providers set config = config || '{"house_note": "late edit"}' where api_identifier = 'gpt-4o'`.execute();
  await waitUntilBlocked(db.sql, '%late edit%');
  commit();
  await run;
  await edit;
  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.equal(row.config.house_note, 'late edit');
  assert.equal(row.config.output_token_cost_rate, 0.000011);
  assert.equal((await models(db.sql, 'openai')).length, 1);
});
