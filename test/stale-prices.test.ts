// A price never vanishes silently (issue 12): when a catalog release removes or narrows the entry that priced a
// model, the row keeps its last price, flagged stale in the report and in ai_models_stale_prices, until an admin
// or a new default decides.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { openaiModel, stageAndSync, type Report } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const provider = 'acme-stale';
const full = { input_token_cost_rate: 0.000001, output_token_cost_rate: 0.000002, cache_read_input_token_cost_rate: 0.0000001 };
const load = (entries: Record<string, Record<string, number>>) =>
  db.sql`select ai_model_sync.load_catalog('imported', ${db.sql.json(Object.entries(entries).map(([model, config]) =>
    ({ provider, model, match: 'exact', config })) as never)}, 'release', ${[provider]})`;
const list = ['m', 'n', 'edited'].map((id) => openaiModel(id));
const sync = () => stageAndSync(db.sql, provider, list) as Promise<Report & { stale_prices: { api_identifier: string; key: string; value: number }[] }>;
const config = async (id: string) =>
  (await db.sql<{ config: Record<string, unknown> }[]>`select config from ai_providers where provider = ${provider} and api_identifier = ${id}`)[0]!.config;
const view = async () =>
  (await db.sql<{ api_identifier: string; key: string; value: number }[]>`
    select api_identifier, key, value from ai_models_stale_prices where provider = ${provider} order by 1, 2`).map((r) => ({ ...r }));

test('a narrowed entry leaves the row its last price, flagged stale in the report and the view', async () => {
  await load({ m: full, n: full, edited: full });
  assert.deepEqual((await sync()).stale_prices, []);
  await db.sql`update ai_providers set config = config || '{"output_token_cost_rate": 0.000005}' where provider = ${provider} and api_identifier = 'edited'`;

  // The release narrows m (no output, no cache price), drops n's entry altogether, and drops edited's output price.
  await load({ m: { input_token_cost_rate: 0.000001 }, edited: { input_token_cost_rate: 0.000001, cache_read_input_token_cost_rate: 0.0000001 } });
  const r = await sync();
  const stale = [
    { api_identifier: 'm', key: 'cache_read_input_token_cost_rate', value: 0.0000001 },
    { api_identifier: 'm', key: 'output_token_cost_rate', value: 0.000002 },
    { api_identifier: 'n', key: 'cache_read_input_token_cost_rate', value: 0.0000001 },
    { api_identifier: 'n', key: 'input_token_cost_rate', value: 0.000001 },
    { api_identifier: 'n', key: 'output_token_cost_rate', value: 0.000002 },
  ];
  assert.deepEqual(r.stale_prices, stale);
  assert.deepEqual(r.unpriced, [], 'n keeps its price: priced, though stale');
  assert.deepEqual(await view(), stale);
  // where each price in force comes from: the stale ones say so, the others keep their layer
  const origins = await db.sql<{ api_identifier: string; key: string; origin: string }[]>`
    select api_identifier, key, origin from ai_models_price_origin where provider = ${provider} order by 1, 2`;
  assert.deepEqual(origins.map((o) => ({ ...o })), [
    { api_identifier: 'edited', key: 'cache_read_input_token_cost_rate', origin: 'imported' },
    { api_identifier: 'edited', key: 'input_token_cost_rate', origin: 'imported' },
    { api_identifier: 'edited', key: 'output_token_cost_rate', origin: 'manual' },
    ...stale.map(({ api_identifier, key }) => ({ api_identifier, key, origin: 'stale' })),
    { api_identifier: 'm', key: 'input_token_cost_rate', origin: 'imported' },
  ].sort((a, b) => a.api_identifier.localeCompare(b.api_identifier) || a.key.localeCompare(b.key)));
  assert.equal((await config('m')).output_token_cost_rate, 0.000002);
  assert.deepEqual((await config('m')).stale_price_keys, ['cache_read_input_token_cost_rate', 'output_token_cost_rate']);
  // the admin's own output price was never a default: it is an override, not stale
  assert.equal((await config('edited')).output_token_cost_rate, 0.000005);
  assert.equal((await config('edited')).stale_price_keys, undefined);
  // it still bills: 1000 x 0.000001 + 1000 x 0.000002
  const [{ usd }] = (await db.sql`select ai_models_cost(${provider}, 'n', 1000, 1000) as usd`) as unknown as [{ usd: string }];
  assert.equal(Number(usd), 0.003);

  // The next sync (nothing changed) flags them again.
  assert.deepEqual((await sync()).stale_prices, stale);
});

test('an admin decides: an edited price is kept as an override, a removed one is gone; a new default decides too', async () => {
  await db.sql`update ai_providers set config = (config || '{"output_token_cost_rate": 0.000003}'::jsonb) - 'cache_read_input_token_cost_rate'
                where provider = ${provider} and api_identifier = 'm'`;
  // a new release prices n again, at a new price
  await load({ m: { input_token_cost_rate: 0.000001 }, n: { input_token_cost_rate: 0.000004, output_token_cost_rate: 0.000008 },
               edited: { input_token_cost_rate: 0.000001, cache_read_input_token_cost_rate: 0.0000001 } });
  const r = await sync();
  assert.deepEqual(r.stale_prices, [{ api_identifier: 'n', key: 'cache_read_input_token_cost_rate', value: 0.0000001 }]);
  assert.deepEqual(await view(), [{ api_identifier: 'n', key: 'cache_read_input_token_cost_rate', value: 0.0000001 }]);
  const m = await config('m');
  assert.equal(m.output_token_cost_rate, 0.000003, "the admin's value");
  assert.equal(m.cache_read_input_token_cost_rate, undefined, 'removed by the admin, not restored');
  assert.equal(m.stale_price_keys, undefined);
  assert.ok(r.overrides.some((o) => o.api_identifier === 'm' && o.key === 'output_token_cost_rate'));
  const n = await config('n');
  assert.equal(n.input_token_cost_rate, 0.000004);
  assert.equal(n.output_token_cost_rate, 0.000008);
  assert.deepEqual(n.stale_price_keys, ['cache_read_input_token_cost_rate']);
});

test('rows created by hand are never flagged', async () => {
  await db.sql`insert into ai_providers (provider, api_identifier, config) values (${provider}, 'own', '{"input_token_cost_rate": 0.000001}')`;
  await stageAndSync(db.sql, provider, [...list, openaiModel('own')]);
  assert.ok(!(await view()).some((v) => v.api_identifier === 'own'));
});

test('a price of 0 is not kept when its default goes: an unknown is never stored as $0', async () => {
  const p = 'acme-stale-zero';
  const entries = (config: Record<string, number>) => db.sql`select ai_model_sync.load_catalog('imported',
    ${db.sql.json([{ provider: p, model: 'image-model', match: 'exact', config }] as never)}, 'zero', ${[p]})`;
  await entries({ input_token_cost_rate: 0, output_token_cost_rate: 0, cache_read_input_token_cost_rate: 0.0000001 });
  await stageAndSync(db.sql, p, [openaiModel('image-model')]);
  await entries({ context_window_tokens: 1000 } as Record<string, number>);
  const r = (await stageAndSync(db.sql, p, [openaiModel('image-model')])) as Report & { stale_prices: unknown[] };
  const [row] = await db.sql<{ config: Record<string, unknown> }[]>`select config from ai_providers where provider = ${p}`;
  assert.equal(row!.config.input_token_cost_rate, undefined);
  assert.equal(row!.config.output_token_cost_rate, undefined);
  assert.equal(row!.config.cache_read_input_token_cost_rate, 0.0000001, 'a real price is kept, stale');
  assert.deepEqual(r.stale_prices, [{ api_identifier: 'image-model', key: 'cache_read_input_token_cost_rate', value: 0.0000001 }]);
  assert.deepEqual(r.unpriced, ['image-model']);
});

test('price origins are kept for models with a price key only: an unpriced model has no row, one that loses its last key loses it', async () => {
  const p = 'acme-origin-rows';
  const entries = (config: Record<string, number>) => db.sql`select ai_model_sync.load_catalog('imported',
    ${db.sql.json([{ provider: p, model: 'was-priced', match: 'exact', config }] as never)}, 'origins', ${[p]})`;
  const rows = async () =>
    (await db.sql<{ api_identifier: string; origins: unknown }[]>`
      select api_identifier, origins from ai_model_sync.price_origins where provider = ${p} order by 1`).map((r) => ({ ...r }));
  const list = [openaiModel('was-priced'), openaiModel('never-priced')];
  await entries({ input_token_cost_rate: 0, output_token_cost_rate: 0 });
  await stageAndSync(db.sql, p, list);
  assert.deepEqual(await rows(), [
    { api_identifier: 'was-priced', origins: { input_token_cost_rate: { origin: 'imported' }, output_token_cost_rate: { origin: 'imported' } } },
  ]);
  // the entry drops its (zero) prices: nothing is kept stale, so the model has no price key and no origins row
  await entries({ context_window_tokens: 1000 } as Record<string, number>);
  await stageAndSync(db.sql, p, list);
  assert.deepEqual(await rows(), []);
});
