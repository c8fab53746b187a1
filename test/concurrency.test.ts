// Races: CALL sync_ai_models() against itself, against manual edits of the same rows (committed before, during and
// after the sync's row lock, and in a lock order that deadlocks) and against a catalog reload. Nothing committed may
// be lost, no error may reach a caller, and ai_models_check() must stay empty.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Sql } from '../fetcher/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import {
  backendPid,
  envCount,
  formatOf,
  isBlocked,
  listedButInactive,
  prng,
  publish,
  seedFromEnv,
  sleep,
  stage,
  violations,
  latch,
  waitUntil,
  withDeadline,
  type Latch,
  wireModel,
  type ModelSpec,
} from './reliability-helpers.ts';

const seed = seedFromEnv();
const rand = prng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
process.stderr.write(`concurrency: RELIABILITY_SEED=${seed}\n`);

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
// Transactions a test holds open: released when a test ends, also when it fails halfway.
const latches: Latch[] = [];
afterEach(() => {
  for (const l of latches.splice(0)) l.open();
});

const payloadOf = (provider: string, list: ModelSpec[]) => list.map((m) => wireModel(formatOf(provider), m));

/** Rows as the tests compare them: key provider/api_identifier. */
async function rows(sql: Sql) {
  const r = await sql<{ key: string; provider: string; api_identifier: string; is_active: boolean; is_listed: boolean | null;
                        name: string; config: Record<string, unknown>; defaults_snapshot: Record<string, unknown> | null;
                        name_snapshot: string | null }[]>`
    select provider || '/' || api_identifier as key, provider, api_identifier, is_active, is_listed, name, config,
           defaults_snapshot, name_snapshot
      from ai_providers order by provider, api_identifier`;
  return new Map(r.map((x) => [x.key, x]));
}

/** Reports of batches settled since `since` (a batch id). */
async function reportsSince(sql: Sql, since: number) {
  return sql<{ id: number; provider: string; status: string; error: string | null; report: Record<string, unknown> }[]>`
    select id, provider, status, error, report from ai_model_fetches where id > ${since} order by id`;
}

async function lastBatchId(sql: Sql): Promise<number> {
  const [r] = await sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from ai_model_fetches`;
  return r!.id;
}

describe('eight CALLs at once on changing lists, with manual edits racing them', () => {
  const providers = ['anthropic', 'google', 'groq', 'openai'] as const;
  const roundsCount = envCount('RELIABILITY_CONCURRENCY_ROUNDS', 8);
  let counter = 0;
  const lists = new Map<string, ModelSpec[]>();
  const everListed = new Map<string, Set<string>>(providers.map((p) => [p, new Set<string>()]));
  // what the last committed manual edit of each provider/id#field set, as text
  const expectedEdits = new Map<string, string>();
  const totals = { calls: 0, edits: 0, stagedMidSync: 0, rowsLost: 0, editsLost: 0, wrongful: 0 };

  const newModel = (provider: string): ModelSpec => {
    counter += 1;
    return { id: `${provider}-m${counter}`, name: `Model ${counter}`, maxInput: 8_000 + counter, maxOutput: 2_000 + (counter % 7) };
  };
  /**
   * The next list: 0-2 models dropped, 0-3 added, ~20% with new limits. At most three lists separate two applied
   * ones, so at most 6 models go from a list that starts at 40 and grows on average: the deactivation guard (more
   * than half gone) never holds.
   */
  const mutate = (provider: string, list: ModelSpec[]): ModelSpec[] => {
    const kept = [...list];
    for (let n = Math.floor(rand() * 3); n > 0; n -= 1) kept.splice(Math.floor(rand() * kept.length), 1);
    const changed = kept.map((m) => (rand() < 0.2 ? { ...m, maxInput: (m.maxInput ?? 8000) + 1, maxOutput: (m.maxOutput ?? 1000) + 1 } : m));
    const added = Array.from({ length: Math.floor(rand() * 4) }, () => newModel(provider));
    return [...changed, ...added];
  };
  const staged = new Map<number, string[]>(); // batch id -> model ids
  const stageList = async (sql: Sql, provider: string, list: ModelSpec[]) => {
    lists.set(provider, list);
    const id = await stage(sql, provider, payloadOf(provider, list));
    staged.set(id, list.map((m) => m.id));
    return id;
  };
  /** Models of the lists that were applied: each must have a row from then on (the sync never deletes). */
  const recordApplied = (batches: { id: number; provider: string; status: string }[]) => {
    for (const b of batches) if (b.status === 'applied') for (const id of staged.get(b.id) ?? []) everListed.get(b.provider)!.add(id);
  };

  /** One manual editor: owns the rows whose uuid (as a number) modulo `of` is `me`, so its own edits are ordered. */
  const editor = async (sql: Sql, me: number, of: number, until: Promise<unknown>) => {
    let done = false;
    void until.finally(() => {
      done = true;
    });
    while (!done) {
      const owned = (await sql<{ id: string; provider: string; api_identifier: string }[]>`
        select id::text, provider, api_identifier from ai_providers where defaults_snapshot is not null order by id`)
        .filter((r) => parseInt(r.id.slice(0, 7), 16) % of === me);
      if (owned.length === 0) return;
      const targets = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(owned))
        .filter((t, i, a) => a.findIndex((x) => x.id === t.id) === i)
        .sort((a, b) => (a.id < b.id ? -1 : 1)); // well-behaved: rows locked in id order, like the sync
      const edits = targets.map((t) => {
        counter += 1;
        const field = pick(['context_window_tokens', 'input_token_cost_rate', 'name'] as const);
        const value = field === 'context_window_tokens' ? String(1_000_000 + counter)
          : field === 'input_token_cost_rate' ? String(counter / 1e9) : `edited name ${counter}`;
        return { t, field, value, key: `${t.provider}/${t.api_identifier}#${field}` };
      });
      const apply = async (tx: Sql) => {
        for (const e of edits) {
          if (e.field === 'name') await tx`update ai_providers set name = ${e.value} where id = ${e.t.id}`;
          else await tx`update ai_providers set config = config || jsonb_build_object(${e.field}::text, ${e.value}::numeric) where id = ${e.t.id}`;
          if (rand() < 0.5) await sleep(rand() * 15); // hold the row lock for a while
        }
      };
      if (edits.length === 1 && rand() < 0.5) await apply(sql);
      else await sql.begin((tx) => apply(tx as unknown as Sql));
      // committed: these values must survive every sync
      for (const e of edits) expectedEdits.set(e.key, e.value);
      totals.edits += edits.length;
    }
  };

  const verifyEdits = async (sql: Sql) => {
    const current = await rows(sql);
    const lost: string[] = [];
    for (const [key, value] of expectedEdits) {
      const [rowKey, field] = key.split('#') as [string, string];
      const row = current.get(rowKey);
      const actual = field === 'name' ? row?.name : row?.config[field] === undefined ? undefined : String(row.config[field]);
      const same = field === 'name' ? actual === value : actual !== undefined && Number(actual) === Number(value);
      if (!same) lost.push(`${key}: expected ${value}, found ${actual ?? 'nothing'}`);
    }
    return lost;
  };

  test('no error reaches a caller, every committed edit and every listed model is kept', async () => {
    const callers = db.connect(8);
    const stager = db.connect(1);
    const editors = [db.connect(1), db.connect(1), db.connect(1)];
    for (const p of providers) await stageList(stager, p, Array.from({ length: 40 }, () => newModel(p)));
    await db.sql`call sync_ai_models()`;
    recordApplied(await reportsSince(db.sql, 0));

    for (let round = 0; round < roundsCount; round += 1) {
      const firstBatch = await lastBatchId(db.sql);
      // two lists per provider: the older one must end superseded, the newer one applied
      for (const p of providers) {
        await stageList(stager, p, mutate(p, lists.get(p)!));
        await stageList(stager, p, mutate(p, lists.get(p)!));
      }
      const calls = Promise.allSettled(Array.from({ length: 8 }, () => callers`call sync_ai_models()`));
      totals.calls += 8;
      // a list that arrives while the syncs run
      const midSync = (async () => {
        await sleep(rand() * 30);
        const p = pick(providers);
        await stageList(stager, p, mutate(p, lists.get(p)!));
        totals.stagedMidSync += 1;
      })();
      const editing = Promise.allSettled(editors.map((e, i) => editor(e, i, editors.length, calls)));
      const outcomes = await calls;
      await midSync;
      const editOutcomes = await editing;

      const rejected = [...outcomes, ...editOutcomes].filter((o) => o.status === 'rejected');
      assert.deepEqual(rejected.map((o) => String((o as PromiseRejectedResult).reason)), [], 'no CALL and no manual edit failed');

      // settle the list staged during the syncs
      await db.sql`call sync_ai_models()`;
      const batches = await reportsSince(db.sql, firstBatch);
      recordApplied(batches);
      assert.deepEqual(batches.filter((b) => b.status === 'pending' || b.status === 'failed').map((b) => `${b.id} ${b.status} ${b.error}`), []);
      assert.deepEqual(batches.flatMap((b) => ((b.report.warnings as string[] | undefined) ?? []).filter((w) => w.startsWith('guard'))), []);
      for (const p of providers) {
        const newest = batches.filter((b) => b.provider === p).at(-1)!;
        assert.equal(newest.status, 'applied', `${p}: the newest list is the one applied`);
      }

      const current = await rows(db.sql);
      const lostEditsNow = await verifyEdits(db.sql);
      const { missing, inactive } = await listedButInactive(db.sql);
      const gone = providers.flatMap((p) => [...everListed.get(p)!].filter((id) => !current.has(`${p}/${id}`)));
      totals.rowsLost += gone.length + missing.length;
      totals.editsLost += lostEditsNow.length;
      totals.wrongful += inactive.length;
      assert.deepEqual(lostEditsNow, [], 'every committed manual edit is in the table');
      assert.deepEqual([...gone, ...missing], [], 'no row lost');
      assert.deepEqual(inactive, [], 'no listed model inactive');
      for (const p of providers) {
        const listed = new Set(lists.get(p)!.map((m) => m.id));
        const active = [...current.values()].filter((r) => r.provider === p && r.is_active).map((r) => r.api_identifier).sort();
        assert.deepEqual(active, [...listed].sort(), `${p}: the active models are exactly the newest list`);
      }
      assert.deepEqual(await violations(db.sql), []);
    }

    // The merged rows equal what a calm sync of the final lists computes (no half-merge under contention).
    const reference = await createTestDatabase();
    try {
      for (const p of providers) await stage(reference.sql, p, payloadOf(p, lists.get(p)!));
      await reference.sql`call sync_ai_models()`;
      const want = await rows(reference.sql);
      const got = await rows(db.sql);
      for (const [key, w] of want) {
        const g = got.get(key);
        assert.ok(g, `${key} exists`);
        assert.deepEqual(g.defaults_snapshot, w.defaults_snapshot, `${key}: defaults`);
        assert.equal(g.name_snapshot, w.name_snapshot, `${key}: name snapshot`);
        const edited = new Set([...expectedEdits.keys()].filter((k) => k.startsWith(`${key}#`)).map((k) => k.split('#')[1]));
        const strip = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter(([k]) => !edited.has(k)));
        assert.deepEqual(strip(g.config), strip(w.config), `${key}: config outside the manual edits`);
      }
    } finally {
      await reference.drop();
    }

    publish({
      scenario: `8 concurrent CALLs x ${roundsCount} rounds on changing lists (4 providers), manual edits racing`,
      runs: roundsCount,
      faults: totals.calls + totals.edits + totals.stagedMidSync,
      rowsLost: totals.rowsLost,
      editsLost: totals.editsLost,
      wrongfulDeactivations: totals.wrongful,
    });
  });
});

describe('a manual edit races the sync for the same row', () => {
  const provider = 'racer'; // an OpenAI-compatible provider of its own: the other scenarios' lists do not touch it
  const runs = envCount('RELIABILITY_LOCK_RACE_RUNS', 3);
  let generation = 0;
  const ids = Array.from({ length: 20 }, (_, i) => `race-${i}`);
  const figures = { runs: 0, faults: 0, editsLost: 0, rowsLost: 0, wrongful: 0 };

  /** Stages a list that changes every row (new provider limits), so the sync writes each of them. */
  const stageChange = async (extra: string[] = []) => {
    generation += 1;
    await stage(db.sql, provider, [...ids, ...extra].map((id) => wireModel('openai', { id, maxInput: 10_000 + generation, maxOutput: 4_000 })));
    return 10_000 + generation;
  };
  const row = async (id: string) => {
    const [r] = await db.sql<{ id: string; config: Record<string, unknown>; name: string; defaults_snapshot: unknown }[]>`
      select id::text, config, name, defaults_snapshot from ai_providers where provider = ${provider} and api_identifier = ${id}`;
    return r!;
  };
  /** Asserts the edit and the sync's change are both in the row, and counts what was lost. */
  const expectBoth = async (id: string, cost: number, maxInput: number) => {
    const r = await row(id);
    const editKept = r.config.input_token_cost_rate === cost;
    const syncKept = r.config.provider_max_input_tokens === maxInput;
    figures.editsLost += editKept ? 0 : 1;
    assert.ok(editKept, `${id}: manual cost ${cost} kept, found ${JSON.stringify(r.config)}`);
    assert.ok(syncKept, `${id}: the sync's provider_max_input_tokens ${maxInput} applied, found ${JSON.stringify(r.config)}`);
    const { missing, inactive } = await listedButInactive(db.sql);
    figures.rowsLost += missing.length;
    figures.wrongful += inactive.length;
    assert.deepEqual([...missing, ...inactive], []);
    assert.deepEqual(await violations(db.sql), []);
  };
  const edit = (sql: Sql, id: string, cost: number) =>
    sql`update ai_providers set config = config || jsonb_build_object('input_token_cost_rate', ${cost}::numeric)
         where provider = ${provider} and api_identifier = ${id}`;

  before(async () => {
    await stageChange();
    await db.sql`call sync_ai_models()`;
  });

  test('committed just before the sync takes its row lock', async () => {
    for (let i = 0; i < runs; i += 1) {
      const cost = 0.001 + i / 1e6;
      await edit(db.sql, 'race-1', cost);
      const maxInput = await stageChange();
      await db.sql`call sync_ai_models()`;
      await expectBoth('race-1', cost, maxInput);
      figures.runs += 1;
      figures.faults += 1;
    }
  });

  test('during: the edit holds the row when the sync wants it, and commits while the sync waits', async () => {
    const manual = db.connect(1);
    const syncer = db.connect(1);
    const [manualPid, syncPid] = [await backendPid(manual), await backendPid(syncer)];
    for (let i = 0; i < runs; i += 1) {
      const cost = 0.002 + i / 1e6;
      const maxInput = await stageChange();
      const gate = latch();
      latches.push(gate);
      const holding = latch();
      latches.push(holding);
      const tx = manual.begin(async (t) => {
        await edit(t as unknown as Sql, 'race-2', cost);
        holding.open();
        await gate.promise;
      });
      await holding.promise;
      const call = syncer`call sync_ai_models()`.execute();
      await waitUntil('the sync to wait for the manual transaction', () => isBlocked(db.sql, syncPid, manualPid));
      gate.open();
      await tx;
      await call;
      await expectBoth('race-2', cost, maxInput);
      figures.runs += 1;
      figures.faults += 1;
    }
  });

  test('after: the sync holds its row locks, the edit waits for them and lands on the merged row', async () => {
    // To stop the CALL between its row lock and its commit, a manual transaction inserts (without committing) a
    // hand-made row for a model the staged list adds: the sync's INSERT ... ON CONFLICT waits for it, after the row
    // locks of the merge are taken.
    const blocker = db.connect(1);
    const syncer = db.connect(1);
    const editor = db.connect(1);
    const [blockerPid, syncPid, editorPid] = [await backendPid(blocker), await backendPid(syncer), await backendPid(editor)];
    for (let i = 0; i < runs; i += 1) {
      const cost = 0.003 + i / 1e6;
      const newcomer = `race-new-${generation}`;
      const maxInput = await stageChange([newcomer]);
      const gate = latch();
      latches.push(gate);
      const holding = latch();
      latches.push(holding);
      const blocking = blocker.begin(async (t) => {
        await t`insert into ai_providers (provider, api_identifier, name) values (${provider}, ${newcomer}, 'made by hand')`;
        holding.open();
        await gate.promise;
      });
      await holding.promise;
      const call = syncer`call sync_ai_models()`.execute();
      await waitUntil('the sync to reach its insert', () => isBlocked(db.sql, syncPid, blockerPid));
      const editing = editor.begin((t) => edit(t as unknown as Sql, 'race-3', cost));
      await waitUntil('the edit to wait for the sync', () => isBlocked(db.sql, editorPid, syncPid));
      gate.open();
      await blocking;
      await call;
      await editing;
      await expectBoth('race-3', cost, maxInput);
      const hand = await row(newcomer);
      assert.equal(hand.defaults_snapshot, null, 'the hand-made row stays hand-made');
      assert.equal(hand.name, 'made by hand');
      figures.runs += 1;
      figures.faults += 2;
    }
  });

  test('a manual transaction that locks rows in the opposite order: the deadlock is retried inside the sync', async () => {
    const manual = db.connect(1);
    const syncer = db.connect(1);
    const [manualPid, syncPid] = [await backendPid(manual), await backendPid(syncer)];
    // The sync, which waits first, is the one that detects the deadlock (as with equal deadlock_timeouts); the
    // timeouts only make that order certain and the test quick.
    await syncer`set deadlock_timeout = '100ms'`;
    await manual`set deadlock_timeout = '10s'`;
    for (let i = 0; i < runs; i += 1) {
      const [low, high] = (await db.sql<{ api_identifier: string }[]>`
        select api_identifier from ai_providers where provider = ${provider} and api_identifier like 'race-1_' order by id limit 2`)
        .map((r) => r.api_identifier) as [string, string];
      const costs = [0.004 + i / 1e6, 0.005 + i / 1e6] as const;
      const maxInput = await stageChange();
      const gate = latch();
      latches.push(gate);
      const holdingHigh = latch();
      latches.push(holdingHigh);
      const takeLow = latch();
      latches.push(takeLow);
      const holdingLow = latch();
      latches.push(holdingLow);
      const tx = manual.begin(async (t) => {
        await edit(t as unknown as Sql, high, costs[1]);
        holdingHigh.open();
        await takeLow.promise;
        // waits for the sync, which waits for us: a cycle. It goes on once the sync, the deadlock's victim, has
        // rolled back its attempt (and released its locks) to retry.
        await edit(t as unknown as Sql, low, costs[0]);
        holdingLow.open();
        await gate.promise;
      });
      await holdingHigh.promise;
      const call = syncer`call sync_ai_models()`.execute();
      await waitUntil('the sync to wait for the manual transaction', () => isBlocked(db.sql, syncPid, manualPid));
      takeLow.open();
      await holdingLow.promise;
      // The manual transaction got the row the sync had locked while the CALL still runs: the sync rolled its
      // attempt back (it was the deadlock's victim) and its retry now waits for the manual transaction.
      await waitUntil('the retried sync to wait for the manual transaction', () => isBlocked(db.sql, syncPid, manualPid));
      gate.open();
      await tx; // the manual transaction commits: it was not the victim
      await call; // and no deadlock error reached the CALL
      const [batch] = await db.sql<{ status: string }[]>`select status from ai_model_fetches order by id desc limit 1`;
      assert.equal(batch?.status, 'applied', 'the sync retried after the deadlock and applied the list');
      await expectBoth(low, costs[0], maxInput);
      await expectBoth(high, costs[1], maxInput);
      figures.runs += 1;
      figures.faults += 1;
    }
  });

  after(() =>
    publish({
      scenario: 'manual edit vs the sync row lock: before, during, after, reverse lock order (deadlock)',
      runs: figures.runs,
      faults: figures.faults,
      rowsLost: figures.rowsLost,
      editsLost: figures.editsLost,
      wrongfulDeactivations: figures.wrongful,
    }),
  );
});

describe('a catalog reload races a sync', () => {
  const provider = 'acme';
  const runs = envCount('RELIABILITY_CATALOG_RACE_RUNS', 10);
  const models = Array.from({ length: 50 }, (_, i) => `acme-${i}`);
  // Catalog version A prices models 0-39, version B 10-49 at other prices: a row's price tells which version it saw.
  const priceOf = (version: 'A' | 'B', i: number) => (version === 'A' ? (i + 1) / 1e6 : (i + 1) / 1e5);
  const inVersion = (version: 'A' | 'B', i: number) => (version === 'A' ? i < 40 : i >= 10);
  const reload = async (sql: Sql, to: 'A' | 'B', hold?: Promise<void>) =>
    sql.begin(async (tx) => {
      // one transaction: update the entries both versions have, delete the ones the new version lacks, insert its new ones
      const keep = models.filter((_, i) => inVersion(to, i));
      await tx`delete from ai_model_catalog where provider = ${provider} and tier = 'imported' and not (model = any(${keep}))`;
      for (const [i, m] of models.entries()) {
        if (!inVersion(to, i)) continue;
        await tx`insert into ai_model_catalog (provider, model, tier, config, source_url, checked_on)
                 values (${provider}, ${m}, 'imported', ${tx.json({ input_token_cost_rate: priceOf(to, i) })}, 'https://example.test/prices', '2026-11-25')
                 on conflict (provider, model, tier) do update set config = excluded.config, updated_at = now()`;
      }
      await hold;
    });
  /** Which catalog version each model's row was priced from; every model of one batch must agree. */
  const versions = async () => {
    const r = await db.sql<{ api_identifier: string; cost: number | null; manual: number | null }[]>`
      -- a price the reloaded version lacks is kept as stale (issue 12): not priced by that version
      select api_identifier,
             case when defaults_snapshot->'stale_price_keys' ? 'input_token_cost_rate' then null
                  else (defaults_snapshot->>'input_token_cost_rate')::float8 end as cost,
             (config->>'input_token_cost_rate')::float8 as manual
        from ai_providers where provider = ${provider}`;
    const seen = new Set<string>();
    for (const row of r) {
      const i = Number(row.api_identifier.split('-')[1]);
      const fits = (v: 'A' | 'B') => (inVersion(v, i) ? row.cost === priceOf(v, i) : row.cost === null);
      if (fits('A') && !fits('B')) seen.add('A');
      else if (fits('B') && !fits('A')) seen.add('B');
      else if (!fits('A') && !fits('B')) seen.add(`neither (${row.api_identifier}: ${row.cost})`);
    }
    return { seen: [...seen], manual: r.find((x) => x.api_identifier === 'acme-5')?.manual };
  };
  const stageAll = () => stage(db.sql, provider, models.map((id) => wireModel('openai', { id, maxInput: 32_000 })));

  test('each sync prices its whole batch from one catalog version, and the next sync from the reloaded one', async () => {
    const reloader = db.connect(1);
    const syncer = db.connect(1);
    await reload(db.sql, 'A');
    await stageAll();
    await db.sql`call sync_ai_models()`;
    await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.5}' where provider = ${provider} and api_identifier = 'acme-5'`;
    assert.deepEqual((await versions()).seen, ['A']);
    let current: 'A' | 'B' = 'A';
    let faults = 0;
    for (let i = 0; i < runs; i += 1) {
      const to: 'A' | 'B' = current === 'A' ? 'B' : 'A';
      await stageAll();
      const held = i % 3 === 2; // every third run: the reload stays open (uncommitted) for the whole sync
      const gate = held ? latch() : undefined;
      if (gate) latches.push(gate);
      const reloading = (async () => {
        await sleep(rand() * 10);
        await reload(reloader, to, gate?.promise);
      })();
      await sleep(rand() * 10);
      // The sync must not wait for the open reload: it reads the committed catalog. The deadline only stops a hang.
      await withDeadline(syncer`call sync_ai_models()`.execute(), 60_000, 'a sync while the reload is open');
      gate?.open();
      await reloading;
      faults += 1;
      const raced = await versions();
      assert.equal(raced.seen.length, 1, `one catalog version per batch, saw ${raced.seen.join(', ')}`);
      if (held) assert.deepEqual(raced.seen, [current], 'an uncommitted reload is invisible to the sync');
      current = to;
      await stageAll();
      await db.sql`call sync_ai_models()`;
      const settled = await versions();
      assert.deepEqual(settled.seen, [current], 'the next sync prices from the reloaded catalog');
      assert.equal(settled.manual, 0.5, 'the manual price survives every reload');
      assert.deepEqual(await violations(db.sql), []);
    }
    const { missing, inactive } = await listedButInactive(db.sql);
    assert.deepEqual([...missing, ...inactive], []);
    publish({
      scenario: 'catalog reload (update + insert + delete in one transaction) racing a sync',
      runs,
      faults,
      rowsLost: missing.length,
      editsLost: (await versions()).manual === 0.5 ? 0 : 1,
      wrongfulDeactivations: inactive.length,
    });
  });
});
