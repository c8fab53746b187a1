// Crashes: the backend running CALL sync_ai_models() on a large batch is terminated midway (pg_terminate_backend from
// another session). Afterwards each provider's rows are exactly as before its batch or exactly as after it (full row
// hashes), its batch is still pending or settled, and the next CALL completes to the state an undisturbed sync reaches.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, databaseUrl, withDatabase, type Sql } from '../fetcher/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import {
  backendPid,
  envCount,
  type Edit,
  listedButInactive,
  lostEdits,
  manualEdits,
  prng,
  publish,
  seedFromEnv,
  sleep,
  stage,
  tableHashes,
  violations,
  waitUntil,
  wireModel,
} from './reliability-helpers.ts';

const seed = seedFromEnv();
const rand = prng(seed);
const models = envCount('RELIABILITY_CRASH_MODELS', 50_000);
const runs = envCount('RELIABILITY_CRASH_RUNS', 2);
process.stderr.write(`crash: RELIABILITY_SEED=${seed}, ${models} models, ${runs} runs\n`);

const big = 'openrouter'; // OpenAI wire format with prices: every row has several keys to merge
const small = 'anthropic'; // settles first (providers go in name order), in its own transaction

function openrouterModel(i: number, generation: number) {
  return {
    id: `vendor-${i % 97}/model-${i}`,
    name: `Model ${i}`,
    description: `Model number ${i}`,
    context_length: 8_192 + i + generation,
    pricing: { prompt: String((i % 50) / 1e7), completion: String((i % 50) / 5e6), input_cache_read: '0' },
    top_provider: { context_length: 8_192 + i + generation, max_completion_tokens: 4_096 },
  };
}

let base: TestDatabase;
let admin: Sql;
const clones: string[] = [];

/** A copy of the prepared database (same rows, same staged batches): each crash starts from the same state. */
async function clone(): Promise<{ name: string; url: string }> {
  const name = `${base.name}_c${clones.length}`;
  clones.push(name);
  await admin.unsafe(`create database ${name} template ${base.name}`);
  return { name, url: withDatabase(databaseUrl(), name) };
}

async function dropClone(name: string) {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
}

const pendingBatches = (sql: Sql) =>
  sql<{ provider: string; status: string }[]>`select provider, status from ai_model_fetches where id > 2 order by provider`;

before(async () => {
  base = await createTestDatabase();
  admin = connect(databaseUrl(), { max: 1, applicationName: 'ai-model-sync-test' });
  const sql = base.sql;
  // before-state: a large applied list, a small one, manual edits and a hand-made row
  await stage(sql, big, Array.from({ length: models }, (_, i) => openrouterModel(i, 0)));
  await stage(sql, small, Array.from({ length: 20 }, (_, i) => wireModel('anthropic', { id: `claude-${i}`, maxInput: 200_000, maxOutput: 8_192 })));
  await sql`call sync_ai_models()`;
  await sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.25, "hard_cap_output_tokens": 1000}'
             where provider = ${big} and api_identifier like 'vendor-1/%'`;
  await sql`update ai_providers set name = 'Renamed by hand' where provider = ${big} and api_identifier like 'vendor-2/%'`;
  await sql`insert into ai_providers (provider, api_identifier, name, config) values (${big}, 'private/fine-tune', 'ours', '{"input_token_cost_rate": 0.001}')`;
  // the batches the crashes interrupt: every row changes, a tenth of the models go, a twentieth are new
  const next = Array.from({ length: models }, (_, i) => openrouterModel(i, 1)).filter((_, i) => i % 10 !== 3);
  next.push(...Array.from({ length: Math.floor(models / 20) }, (_, i) => openrouterModel(models + i, 1)));
  await stage(sql, big, next);
  await stage(sql, small, Array.from({ length: 21 }, (_, i) => wireModel('anthropic', { id: `claude-${i}`, maxInput: 200_000, maxOutput: 16_384 })));
  // a template may have no other session
  await base.sql.end();
});

after(async () => {
  for (const name of clones) await dropClone(name);
  await admin.end();
  await base.drop();
});

describe('the backend running a sync is terminated midway', () => {
  let reference: { beforeFull: Record<string, string>; after: string; edits: Edit[]; mergeMs: number };

  /** True once backend `pid` runs the large provider's batch: holds its advisory lock and, with `writing`, has taken
   * its first row lock (the transaction has an xid: validation is over, the merge is under way). */
  const working = async (watcher: Sql, pid: number, writing: boolean) => {
    const [r] = await watcher<{ ok: boolean }[]>`
      select exists (select from pg_locks
                      where pid = ${pid} and locktype = 'advisory' and granted
                        and classid = hashtext('ai_model_sync')::oid and objid = hashtext(${big})::oid)
             and (not ${writing} or (select backend_xid is not null from pg_stat_activity where pid = ${pid})) as ok`;
    return r!.ok;
  };

  before(async () => {
    // An undisturbed sync from the same state: the only acceptable "after".
    const c = await clone();
    const sql = connect(c.url, { max: 1 });
    const watcher = connect(c.url, { max: 1 });
    try {
      const beforeFull: Record<string, string> = {};
      for (const p of [big, small]) beforeFull[p] = (await tableHashes(sql, p)).full;
      const edits = await manualEdits(sql);
      const pid = await backendPid(sql);
      const call = sql`call sync_ai_models()`.execute();
      await waitUntil('the reference sync to merge', () => working(watcher, pid, true));
      const t0 = Date.now();
      await call;
      const mergeMs = Date.now() - t0;
      assert.deepEqual((await pendingBatches(sql)).map((b) => b.status), ['applied', 'applied']);
      assert.deepEqual(await lostEdits(sql, edits), []);
      reference = { beforeFull, after: (await tableHashes(sql)).content, edits, mergeMs };
      process.stderr.write(`crash: an undisturbed merge of the large batch takes ${mergeMs} ms here\n`);
    } finally {
      await sql.end();
      await watcher.end();
      await dropClone(c.name);
    }
  });

  test(`pg_terminate_backend during a ${models}-model sync leaves before or after, never half; the next CALL completes`, async () => {
    const outcomes = { before: 0, after: 0 };
    let rowsLost = 0;
    let editsLost = 0;
    let wrongful = 0;
    for (let run = 0; run < runs; run += 1) {
      const c = await clone();
      const victim = connect(c.url, { max: 1, applicationName: 'ai-model-sync-crash-victim' });
      const watcher = connect(c.url, { max: 1 });
      try {
        const pid = await backendPid(victim);
        const call = victim`call sync_ai_models()`.execute().then(
          () => 'completed',
          (e: { code?: string }) => e.code ?? String(e),
        );
        // The first run kills the sync as soon as it holds the large provider's lock (validating the list); the others
        // once it has started locking and writing rows, at a random point of an undisturbed merge's duration.
        const merging = run > 0;
        await waitUntil('the sync to work on the large provider', () => working(watcher, pid, merging));
        const delay = merging ? Math.floor(rand() * reference.mergeMs) : 0;
        await sleep(delay);
        await watcher`select pg_terminate_backend(${pid})`;
        const ended = await call;
        await waitUntil('the terminated backend to be gone', async () =>
          (await watcher`select 1 from pg_stat_activity where pid = ${pid}`).length === 0);

        const batches = Object.fromEntries((await pendingBatches(watcher)).map((b) => [b.provider, b.status]));
        assert.equal(batches[small], 'applied', 'the small provider committed before the crash');
        const bigNow = await tableHashes(watcher, big);
        if (batches[big] === 'pending') {
          assert.equal(bigNow.full, reference.beforeFull[big], 'batch pending: the rows are exactly as before, ids and timestamps included');
          outcomes.before += 1;
        } else {
          assert.equal(batches[big], 'applied', `the batch is pending or applied, not ${batches[big]}`);
          outcomes.after += 1;
        }
        process.stderr.write(`crash: run ${run}: killed ${merging ? `${delay} ms into the merge` : 'while validating'} (call: ${ended}); batch ${batches[big]}\n`);

        // the next sync completes and reaches exactly the undisturbed result
        await watcher`call sync_ai_models()`;
        assert.deepEqual((await pendingBatches(watcher)).map((b) => b.status), ['applied', 'applied']);
        assert.equal((await tableHashes(watcher)).content, reference.after, 'same table as an undisturbed sync');
        const lost = await lostEdits(watcher, reference.edits);
        const { missing, inactive } = await listedButInactive(watcher);
        editsLost += lost.length;
        rowsLost += missing.length;
        wrongful += inactive.length;
        assert.deepEqual(lost, []);
        assert.deepEqual([...missing, ...inactive], []);
        assert.deepEqual(await violations(watcher), []);
      } finally {
        await victim.end({ timeout: 1 });
        await watcher.end();
        await dropClone(c.name);
      }
    }
    publish({
      scenario: `pg_terminate_backend of a ${models}-model sync (${outcomes.before} left before, ${outcomes.after} after)`,
      runs,
      faults: runs,
      rowsLost,
      editsLost,
      wrongfulDeactivations: wrongful,
    });
  });
});
