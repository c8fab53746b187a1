// Dated prices of the catalog (issue 12): the format and its checks, the sync applying the price in force when it
// runs, and ai_models_cost(..., at) billing the price in force at at (docs/pricing-rules.md). Rates in USD per token.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { googleModel, openaiModel, stageAndSync } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const problems = async (entry: unknown) => {
  const [row] = await db.sql<{ p: string[] }[]>`select ai_model_sync.catalog_entry_problems(${db.sql.json(entry as never)}, 'imported') as p`;
  return row!.p;
};
const entry = (prices: unknown) => ({ provider: 'acme', model: 'm', match: 'exact', config: { input_token_cost_rate: 0.000001 }, prices });

test('the loader accepts dated prices and rejects malformed ones with a clear reason', async () => {
  assert.deepEqual(await problems(entry([{ from: '2027-01-01', config: { input_token_cost_rate: 0.000002 } }])), []);
  assert.deepEqual(await problems(entry([{ until: '2026-12-31', config: { output_token_cost_rate: 0.000002 }, notes: 'promo' },
                                         { from: '2027-01-01', until: '2027-06-30', config: { input_token_cost_rate: 0.000003 } }])), []);
  assert.deepEqual(await problems(entry({ from: '2027-01-01' })), ['field "prices" must be a non-empty array of {"from", "until", "config"} objects']);
  assert.deepEqual(await problems(entry([])), ['field "prices" must be a non-empty array of {"from", "until", "config"} objects']);
  assert.deepEqual(await problems(entry([{ config: { input_token_cost_rate: 0.000002 } }])),
                   ['prices[1] needs "from" or "until" (YYYY-MM-DD): a price without dates belongs in "config"']);
  assert.deepEqual(await problems(entry([{ from: '2027-13-01', config: { input_token_cost_rate: 0.000002 } }])),
                   ['prices[1]: "from" is not a date: "2027-13-01" (YYYY-MM-DD, UTC)']);
  assert.deepEqual(await problems(entry([{ from: '2027-02-01', until: '2027-01-01', config: { input_token_cost_rate: 0.000002 } }])),
                   ['prices[1]: "from" 2027-02-01 is after "until" 2027-01-01']);
  assert.deepEqual(await problems(entry([{ from: '2027-01-01', config: { context_window_tokens: 1000 } }])),
                   ['prices[1]: "context_window_tokens" is not a price (only *_cost_rate keys and long_context_threshold_tokens are dated)']);
  assert.deepEqual(await problems(entry([{ from: '2027-01-01', config: { input_token_cost_rate: 2.5 } }])),
                   ['prices[1]: input_token_cost_rate = 2.5 USD per token is above the sanity bound of 0.001 USD per token: it looks like a per-1M-tokens price (that would be 0.0000025 per token)']);
  assert.deepEqual(await problems(entry([{ from: '2027-01-01', config: {} }])), ['prices[1]: "config" must be a non-empty object of cost keys']);
  assert.deepEqual(await problems(entry([{ from: '2027-01-01', when: 'x', config: { input_token_cost_rate: 0.000002 } }])),
                   ['prices[1]: unknown field "when" (allowed: from, until, config, notes)']);
  assert.deepEqual(await problems(entry([{ until: '2027-01-01', config: { input_token_cost_rate: 0.000002 } },
                                         { from: '2027-01-01', config: { input_token_cost_rate: 0.000003 } }])),
                   ['prices[1] (open .. 2027-01-01) overlaps prices[2] (2027-01-01 .. open): at most one dated price holds at a time']);
  // a load with a bad entry changes nothing and says which entry
  await assert.rejects(
    db.sql`select ai_model_sync.load_catalog('imported', ${db.sql.json([entry([{ from: 'soon', config: { input_token_cost_rate: 0.000002 } }])] as never)}, 'test')`,
    /catalog load "test" rejected: test entry #1 \(acme\/m\): prices\[1\]: "from" is not a date/,
  );
});

test('the price in force: from its first day 00:00 UTC through its "until" day, before, at and after the switch', async () => {
  const at = async (t: string) => {
    const [row] = await db.sql<{ c: Record<string, number> }[]>`
      select ai_model_sync.catalog_config_at('{"input_token_cost_rate": 0.00000075, "output_token_cost_rate": 0.00000375}',
        '[{"until": "2026-12-31", "config": {"input_token_cost_rate": 0.0000005}},
          {"from": "2027-01-01", "config": {"input_token_cost_rate": 0.0000015, "output_token_cost_rate": 0.0000075}}]',
        ${t}::timestamptz) as c`;
    return [row!.c.input_token_cost_rate, row!.c.output_token_cost_rate];
  };
  assert.deepEqual(await at('2026-12-31 23:59:59.999999+00'), [0.0000005, 0.00000375]); // the last moment of "until"
  assert.deepEqual(await at('2027-01-01 00:00:00+00'), [0.0000015, 0.0000075]); // the first moment of "from"
  assert.deepEqual(await at('2027-01-01 00:59:59+01'), [0.0000005, 0.00000375]); // still 2026 in UTC
  assert.deepEqual(await at('2030-01-01 00:00:00+00'), [0.0000015, 0.0000075]);
});

test('the sync applies the price in force when it runs, and again when a dated price starts', async () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const load = (prices: Record<string, unknown>) =>
    db.sql`select ai_model_sync.load_catalog('imported', ${db.sql.json(Object.entries(prices).map(([model, p]) => ({
      provider: 'acme-dated', model, match: 'exact', config: { input_token_cost_rate: 0.000001, output_token_cost_rate: 0.000002 },
      prices: p })) as never)}, 'dated')`;
  await load({
    'starts-tomorrow': [{ from: day(1), config: { input_token_cost_rate: 0.000005 } }],
    'starts-today': [{ from: day(0), config: { input_token_cost_rate: 0.000005 } }],
    'ended-yesterday': [{ until: day(-1), config: { input_token_cost_rate: 0.0000005 } }],
    'ends-today': [{ until: day(0), config: { input_token_cost_rate: 0.0000005 } }],
  });
  const ids = ['starts-tomorrow', 'starts-today', 'ended-yesterday', 'ends-today'];
  await stageAndSync(db.sql, 'acme-dated', ids.map((id) => openaiModel(id)));
  const rates = async () => Object.fromEntries((await db.sql<{ api_identifier: string; rate: number }[]>`
    select api_identifier, (config->>'input_token_cost_rate')::float8 as rate from ai_providers where provider = 'acme-dated'`)
    .map((r) => [r.api_identifier, r.rate]));
  assert.deepEqual(await rates(), {
    'starts-tomorrow': 0.000001, // before the switch: the entry's config
    'starts-today': 0.000005, // at it
    'ended-yesterday': 0.000001, // after a promotion: the entry's config again
    'ends-today': 0.0000005, // its last day
  });
  // The day comes (the catalog says so now): the same list, unchanged rows, and the next sync merges the new price.
  await load({
    'starts-tomorrow': [{ from: day(0), config: { input_token_cost_rate: 0.000005 } }],
    'starts-today': [{ from: day(0), config: { input_token_cost_rate: 0.000005 } }],
    'ended-yesterday': [{ until: day(-1), config: { input_token_cost_rate: 0.0000005 } }],
    'ends-today': [{ until: day(-1), config: { input_token_cost_rate: 0.0000005 } }],
  });
  const r = await stageAndSync(db.sql, 'acme-dated', ids.map((id) => openaiModel(id)));
  assert.equal(r.same_as_batch, undefined, 'not settled as a no-op');
  assert.equal(r.updated, 2);
  assert.equal((await rates())['starts-tomorrow'], 0.000005);
  assert.equal((await rates())['ends-today'], 0.000001);
});

test('ai_models_cost(..., at) bills the dated price in force at at, even before a sync ran after the switch', async () => {
  // The built-in catalog's Gemini 3.8 Flash: $0.75 / $3.75 per 1M through 2026-12-31, $1.50 / $7.50 from 2027-01-01.
  await loadBuiltinCatalog(db.sql);
  await stageAndSync(db.sql, 'google', [googleModel('gemini-3.8-flash', 'Gemini 3.8 Flash', 1048576, 65536),
                                        googleModel('gemini-3.8-flash-001', 'Gemini 3.8 Flash 001', 1048576, 65536)]);
  const cost = async (model: string, at: string) => {
    const [row] = await db.sql`select ai_models_cost('google', ${model}, 1000000, 1000000, 0, ${at}::timestamptz) as usd`;
    return Number(row!.usd);
  };
  for (const model of ['gemini-3.8-flash', 'gemini-3.8-flash-001']) {
    assert.equal(await cost(model, new Date().toISOString()), 4.5, model); // now: 0.75 + 3.75
    assert.equal(await cost(model, '2026-12-31 23:59:59+00'), 4.5, model); // before the switch
    assert.equal(await cost(model, '2027-01-01 00:00:00+00'), 9, model); // at it: 1.50 + 7.50
    assert.equal(await cost(model, '2027-03-01 12:00:00+00'), 9, model); // after it
  }
  // the usage form too: 1000 prompt tokens, 500 candidates, 500 thoughts at the 2027 price
  const [u] = await db.sql`select ai_models_cost('google', 'gemini-3.8-flash',
    '{"promptTokenCount": 1000, "candidatesTokenCount": 500, "thoughtsTokenCount": 500}'::jsonb, '2027-01-02 00:00+00') as usd`;
  assert.equal(Number(u!.usd), 0.009); // 1000 x 0.0000015 + 1000 x 0.0000075

  // An admin's own price (a manual edit) is not replaced by the schedule; nor is an admin catalog entry's.
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001}'
                 where provider = 'google' and api_identifier = 'gemini-3.8-flash'`;
  assert.equal(await cost('gemini-3.8-flash', '2027-03-01 12:00:00+00'), 8.5); // 1.00 (manual) + 7.50 (scheduled)
  await db.sql`insert into ai_model_catalog (provider, model, match, config) values
                 ('google', 'gemini-3.8-flash', 'family', '{"output_token_cost_rate": 0.000003}')`;
  await stageAndSync(db.sql, 'google', [googleModel('gemini-3.8-flash', 'Gemini 3.8 Flash', 1048576, 65536),
                                        googleModel('gemini-3.8-flash-001', 'Gemini 3.8 Flash 001', 1048576, 65536)]);
  assert.equal(await cost('gemini-3.8-flash-001', '2027-03-01 12:00:00+00'), 4.5); // 1.50 (scheduled) + 3.00 (admin)
});

test('a schedule of a family entry does not apply to a model that its own exact entry prices', async () => {
  // the sync prices the snapshot fam-2025-01-01 from its own exact entry (no schedule); the family's schedule must
  // not re-price it, even where the exact entry's price equals the family's
  await db.sql`select ai_model_sync.load_catalog('imported', ${db.sql.json([
    { provider: 'acme-fam', model: 'fam', match: 'family', config: { input_token_cost_rate: 0.000001, output_token_cost_rate: 0.000001 },
      prices: [{ from: '2027-01-01', config: { input_token_cost_rate: 0.000003 } }] },
    { provider: 'acme-fam', model: 'fam-2025-01-01', match: 'exact', config: { input_token_cost_rate: 0.000001, output_token_cost_rate: 0.000001 } },
  ] as never)}, 'fam')`;
  await stageAndSync(db.sql, 'acme-fam', [openaiModel('fam-2025-01-01'), openaiModel('fam-2025-06-01')]);
  const cost = async (model: string) => {
    const [row] = await db.sql`select ai_models_cost('acme-fam', ${model}, 1000000, 0, 0, '2027-02-01 00:00+00') as usd`;
    return Number(row!.usd);
  };
  assert.equal(await cost('fam-2025-01-01'), 1); // its own entry: 1000000 x 0.000001
  assert.equal(await cost('fam-2025-06-01'), 3); // another snapshot of the family: the family's 2027 price
});

test('admin entries carry no dated prices: they are edited by hand', async () => {
  await assert.rejects(
    db.sql`insert into ai_model_catalog (provider, model, config, prices) values
             ('acme', 'mine', '{"input_token_cost_rate": 0.000001}', '[{"from": "2027-01-01", "config": {"input_token_cost_rate": 0.000002}}]')`,
    /ai_model_catalog_admin_prices_check/,
  );
});
