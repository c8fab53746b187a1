// Issue 13, steps 2 and 3: the consensus of the price tables, the drift and origin views, and the price policy
// (fill / follow / report, quorum) in the merge, against the real snapshots and copies edited to move a price.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { edited, real, stagePrices } from './helpers/prices.ts';
import { openaiModel, stageAndSync, type Report } from './helpers/sync.ts';
import type { Sql } from '../fetcher/db.ts';

// Two made-up models: one priced by LiteLLM alone, one by LiteLLM and models.dev alike.
const litellm = (move: (doc: any) => void = () => {}) =>
  edited('litellm', (doc) => {
    doc['gpt-solo-test'] = { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 1e-6, output_cost_per_token: 2e-6 };
    doc['gpt-duo-test'] = { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 4e-7, output_cost_per_token: 1.6e-6 };
    move(doc);
  });
const modelsDev = (move: (doc: any) => void = () => {}) =>
  edited('models.dev', (doc) => {
    doc.openai.models['gpt-duo-test'] = { id: 'gpt-duo-test', name: 'Duo', cost: { input: 0.4, output: 1.6 }, limit: { context: 1000, output: 100 } };
    move(doc);
  });

const LIST = ['gpt-4o', 'gpt-4.1', 'gpt-5', 'gpt-solo-test', 'gpt-duo-test'].map((id) => openaiModel(id));

async function setUp(sql: Sql, settings: { policy?: string; quorum?: number } = {}) {
  await sql`insert into ai_model_catalog (provider, model, match, tier, config) values
    ('openai', 'gpt-4o', 'family', 'builtin', '{"input_token_cost_rate": 0.0000025, "output_token_cost_rate": 0.00001}'),
    ('openai', 'gpt-4.1', 'family', 'builtin', '{"input_token_cost_rate": 0.000003, "output_token_cost_rate": 0.000008}')`;
  await sql`update ai_model_sync.price_settings set policy = ${settings.policy ?? 'fill'}, quorum = ${settings.quorum ?? 2}`;
  await stagePrices(sql, 'litellm', litellm());
  await stagePrices(sql, 'models.dev', modelsDev());
  await stagePrices(sql, 'genai-prices', real('genai-prices'));
}

async function configOf(sql: Sql, model: string): Promise<Record<string, unknown>> {
  const [row] = await sql<{ config: Record<string, unknown> }[]>`select config from ai_providers where provider = 'openai' and api_identifier = ${model}`;
  return row!.config;
}

async function drift(sql: Sql) {
  return sql<{ api_identifier: string; key: string; value: string | null; origin: string; consensus: string; sources: string[]; source_values: Record<string, number>; since: Date }[]>`
    select api_identifier, key, value::text, origin, consensus::text, sources, source_values, since
      from ai_models_price_drift where provider = 'openai' order by api_identifier, key`;
}

async function origin(sql: Sql, model: string, key: string) {
  const [row] = await sql<{ value: string; origin: string; sources: string[] | null }[]>`
    select value::text, origin, sources from ai_models_price_origin where provider = 'openai' and api_identifier = ${model} and key = ${key}`;
  return row;
}

const ALL = ['genai-prices', 'litellm', 'models.dev'];

describe('policy fill (the default), then follow', () => {
  let db: TestDatabase;
  let first: Report;
  before(async () => {
    db = await createTestDatabase();
    await setUp(db.sql);
    first = await stageAndSync(db.sql, 'openai', LIST);
  });
  after(async () => {
    await db?.drop();
  });

  test('an unpriced model is priced when two sources agree, and stays unpriced when only one prices it', async () => {
    const duo = await configOf(db.sql, 'gpt-duo-test');
    assert.equal(duo.input_token_cost_rate, 0.0000004);
    assert.equal(duo.output_token_cost_rate, 0.0000016);
    assert.equal((await configOf(db.sql, 'gpt-solo-test')).input_token_cost_rate, undefined);
    assert.deepEqual(first.unpriced, ['gpt-solo-test']);
    assert.deepEqual(await origin(db.sql, 'gpt-duo-test', 'input_token_cost_rate'),
      { value: '0.0000004', origin: 'consensus', sources: ['litellm', 'models.dev'] });
    const gpt5 = await configOf(db.sql, 'gpt-5');
    assert.equal(gpt5.input_token_cost_rate, 0.00000125);
    // models.dev's 0.13 per 1M is outvoted by the other two
    assert.equal(gpt5.cache_read_input_token_cost_rate, 0.000000125);
    assert.deepEqual((await origin(db.sql, 'gpt-5', 'cache_read_input_token_cost_rate'))!.sources, ['genai-prices', 'litellm']);
  });

  test('fill adds missing keys but never replaces a built-in value; the contradiction is drift', async () => {
    const gpt4o = await configOf(db.sql, 'gpt-4o');
    assert.equal(gpt4o.input_token_cost_rate, 0.0000025);
    assert.equal(gpt4o.cache_read_input_token_cost_rate, 0.00000125);
    assert.equal((await origin(db.sql, 'gpt-4o', 'input_token_cost_rate'))!.origin, 'builtin');
    assert.equal((await origin(db.sql, 'gpt-4o', 'cache_read_input_token_cost_rate'))!.origin, 'consensus');
    assert.equal((await configOf(db.sql, 'gpt-4.1')).input_token_cost_rate, 0.000003);
    const rows = await drift(db.sql);
    const d = rows.find((r) => r.api_identifier === 'gpt-4.1' && r.key === 'input_token_cost_rate');
    assert.ok(d, JSON.stringify(rows));
    assert.deepEqual([d.value, d.origin, d.consensus, d.sources], ['0.000003', 'builtin', '0.000002', ALL]);
    assert.deepEqual(d.source_values, { 'genai-prices': 0.000002, litellm: 0.000002, 'models.dev': 0.000002 });
    assert.ok(d.since instanceof Date);
    // the solo model's one source is no consensus, so no drift either
    assert.ok(!rows.some((r) => r.api_identifier === 'gpt-solo-test'));
  });

  test('the report\'s prices section: filled keys, drifting keys', async () => {
    const prices = (first as any).prices;
    assert.equal(prices.policy, 'fill');
    assert.equal(prices.quorum, 2);
    const filled = prices.filled.map((f: any) => `${f.api_identifier} ${f.key}`);
    assert.ok(filled.includes('gpt-5 input_token_cost_rate'), filled.join(', '));
    assert.ok(filled.includes('gpt-4o cache_read_input_token_cost_rate'));
    assert.ok(!filled.includes('gpt-4o input_token_cost_rate'));
    assert.deepEqual(prices.followed, []);
    assert.ok(prices.drifting >= 1);
    assert.ok(prices.drifting_keys.some((k: any) => k.api_identifier === 'gpt-4.1' && k.key === 'input_token_cost_rate'), JSON.stringify(prices.drifting_keys));
  });

  test('a re-run with the same sources and list writes no row', async () => {
    const before = await db.sql`select xmin::text, id from ai_providers order by id`;
    const origins = await db.sql`select xmin::text, * from ai_model_sync.price_origins order by 2, 3`;
    const again = await stageAndSync(db.sql, 'openai', LIST);
    assert.equal(again.same_as_batch, first.batch);
    assert.deepEqual([again.inserted, again.updated], [0, 0]);
    assert.deepEqual((again as any).prices.filled, []);
    assert.deepEqual(await db.sql`select xmin::text, id from ai_providers order by id`, before);
    assert.deepEqual(await db.sql`select xmin::text, * from ai_model_sync.price_origins order by 2, 3`, origins);
  });

  test('the full merge of the same input (force, no shortcut) rewrites no price origin, and keeps them all', async () => {
    const origins = await db.sql`select xmin::text, * from ai_model_sync.price_origins order by 2, 3`;
    const [{ priced }] = (await db.sql`
      select count(*)::int as priced from ai_providers
       where provider = 'openai' and exists (select from jsonb_object_keys(defaults_snapshot) k where k like '%\_cost\_rate')`) as unknown as [{ priced: number }];
    assert.ok(priced > 0 && priced < LIST.length, `${priced} of ${LIST.length} listed models priced: the test needs both kinds`);
    assert.equal(origins.length, priced, 'one row of origins per synced model with a price');
    const again = await stageAndSync(db.sql, 'openai', LIST, { force: true });
    assert.equal(again.same_as_batch, undefined, 'merged in full');
    assert.deepEqual([again.inserted, again.updated], [0, 0]);
    assert.deepEqual(await db.sql`select xmin::text, * from ai_model_sync.price_origins order by 2, 3`, origins);
  });

  test('a price two sources move is drift under fill, not applied', async () => {
    await stagePrices(db.sql, 'litellm', litellm((doc) => (doc['gpt-4o'].input_cost_per_token = 3e-6)));
    await stagePrices(db.sql, 'models.dev', modelsDev((doc) => (doc.openai.models['gpt-4o'].cost.input = 3)));
    const r = await stageAndSync(db.sql, 'openai', LIST);
    assert.equal(r.same_as_batch, undefined, 'the new consensus re-merges');
    assert.equal((await configOf(db.sql, 'gpt-4o')).input_token_cost_rate, 0.0000025);
    const d = (await drift(db.sql)).find((x) => x.api_identifier === 'gpt-4o' && x.key === 'input_token_cost_rate');
    assert.deepEqual([d?.value, d?.consensus, d?.sources], ['0.0000025', '0.000003', ['litellm', 'models.dev']]);
    assert.deepEqual(d?.source_values, { 'genai-prices': 0.0000025, litellm: 0.000003, 'models.dev': 0.000003 });
  });

  test('a price one source moves is no consensus: no drift, nothing changes', async () => {
    await stagePrices(db.sql, 'genai-prices', edited('genai-prices', (doc) => {
      const m = doc.find((p: any) => p.id === 'openai').models.find((x: any) => x.id === 'gpt-5');
      m.prices.input_mtok = 9;
    }));
    await stageAndSync(db.sql, 'openai', LIST);
    assert.equal((await configOf(db.sql, 'gpt-5')).input_token_cost_rate, 0.00000125);
    assert.ok(!(await drift(db.sql)).some((x) => x.api_identifier === 'gpt-5' && x.key === 'input_token_cost_rate'));
  });

  test('follow: the next sync replaces built-in values the consensus contradicts, and reports them', async () => {
    await db.sql`update ai_model_sync.price_settings set policy = 'follow'`;
    const r = await stageAndSync(db.sql, 'openai', LIST);
    assert.equal(r.same_as_batch, undefined, 'a change of policy re-merges');
    assert.equal((await configOf(db.sql, 'gpt-4.1')).input_token_cost_rate, 0.000002);
    assert.equal((await configOf(db.sql, 'gpt-4o')).input_token_cost_rate, 0.000003);
    const followed = (r as any).prices.followed.map((f: any) => [f.api_identifier, f.key, f.catalog, f.consensus]);
    assert.deepEqual(followed.filter((f: any) => f[1] === 'input_token_cost_rate'),
      [['gpt-4.1', 'input_token_cost_rate', 0.000003, 0.000002], ['gpt-4o', 'input_token_cost_rate', 0.0000025, 0.000003]]);
    assert.deepEqual(await origin(db.sql, 'gpt-4.1', 'input_token_cost_rate'), { value: '0.000002', origin: 'consensus', sources: ALL });
    assert.ok(!(await drift(db.sql)).some((x) => x.key === 'input_token_cost_rate' && ['gpt-4o', 'gpt-4.1'].includes(x.api_identifier)));
  });
});

describe('admin entries and manual edits win under every policy', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await setUp(db.sql);
    await stageAndSync(db.sql, 'openai', LIST);
    await db.sql`insert into ai_model_catalog (provider, model, tier, config) values ('openai', 'gpt-4o', 'admin', '{"input_token_cost_rate": 0.000001}')`;
    await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.0000099}' where api_identifier = 'gpt-4.1'`;
    await db.sql`update ai_providers set config = config || '{"output_token_cost_rate": 0.0000077}' where api_identifier = 'gpt-duo-test'`;
  });
  after(async () => {
    await db?.drop();
  });

  for (const policy of ['follow', 'fill', 'report']) {
    test(policy, async () => {
      await db.sql`update ai_model_sync.price_settings set policy = ${policy}`;
      await stageAndSync(db.sql, 'openai', LIST);
      assert.equal((await configOf(db.sql, 'gpt-4o')).input_token_cost_rate, 0.000001);
      assert.equal((await configOf(db.sql, 'gpt-4.1')).input_token_cost_rate, 0.0000099);
      assert.equal((await configOf(db.sql, 'gpt-duo-test')).output_token_cost_rate, 0.0000077);
      assert.equal((await origin(db.sql, 'gpt-4o', 'input_token_cost_rate'))!.origin, 'admin');
      assert.equal((await origin(db.sql, 'gpt-4.1', 'input_token_cost_rate'))!.origin, 'manual');
      const rows = await drift(db.sql);
      const admin = rows.find((r) => r.api_identifier === 'gpt-4o' && r.key === 'input_token_cost_rate');
      assert.deepEqual([admin?.value, admin?.origin, admin?.consensus], ['0.000001', 'admin', '0.0000025']);
      const manual = rows.find((r) => r.api_identifier === 'gpt-4.1' && r.key === 'input_token_cost_rate');
      assert.deepEqual([manual?.value, manual?.origin, manual?.consensus], ['0.0000099', 'manual', '0.000002']);
    });
  }
});

describe('policy report and the quorum', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
    await setUp(db.sql, { policy: 'report' });
  });
  after(async () => {
    await db?.drop();
  });

  test('report applies nothing, and the drift view stays current', async () => {
    const r = await stageAndSync(db.sql, 'openai', LIST);
    assert.deepEqual(r.unpriced, ['gpt-5', 'gpt-duo-test', 'gpt-solo-test']);
    assert.equal((await configOf(db.sql, 'gpt-4o')).cache_read_input_token_cost_rate, undefined);
    assert.deepEqual([(r as any).prices.policy, (r as any).prices.applied_keys, (r as any).prices.filled], ['report', 0, []]);
    const rows = await drift(db.sql);
    const unpriced = rows.find((x) => x.api_identifier === 'gpt-5' && x.key === 'input_token_cost_rate');
    assert.deepEqual([unpriced?.value, unpriced?.origin, unpriced?.consensus], [null, 'none', '0.00000125']);
    assert.ok(rows.some((x) => x.api_identifier === 'gpt-4.1' && x.key === 'input_token_cost_rate' && x.origin === 'builtin'));
  });

  test('quorum 1 lets one source price; quorum 3 needs all three', async () => {
    await db.sql`update ai_model_sync.price_settings set policy = 'fill', quorum = 1`;
    await stageAndSync(db.sql, 'openai', LIST);
    assert.equal((await configOf(db.sql, 'gpt-solo-test')).input_token_cost_rate, 0.000001);
    assert.deepEqual((await origin(db.sql, 'gpt-solo-test', 'input_token_cost_rate'))!.sources, ['litellm']);
    await db.sql`update ai_model_sync.price_settings set quorum = 3`;
    const r = await stageAndSync(db.sql, 'openai', LIST);
    // the duo model's consensus is gone: its last price stays, flagged as stale (SPEC 5), not priced by consensus
    assert.equal((await configOf(db.sql, 'gpt-5')).input_token_cost_rate, 0.00000125);
    assert.equal((await origin(db.sql, 'gpt-5', 'input_token_cost_rate'))!.origin, 'consensus');
    assert.deepEqual((await origin(db.sql, 'gpt-5', 'input_token_cost_rate'))!.sources, ALL);
    assert.equal((r as any).prices.quorum, 3);
    // what only one or two tables give prices nothing new at quorum 3: the prices the lower quorums put in stay,
    // flagged stale, never by consensus
    for (const model of ['gpt-duo-test', 'gpt-solo-test']) {
      assert.equal((await origin(db.sql, model, 'input_token_cost_rate'))!.origin, 'stale', model);
      assert.ok((r as any).stale_prices.some((x: any) => x.api_identifier === model && x.key === 'input_token_cost_rate'), model);
    }
  });
});
