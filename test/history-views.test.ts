// The admin views: ai_models_overrides, ai_models_conflicts, ai_models_unpriced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { stageAndApply } from './helpers/prod.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const overrides = (provider: string) =>
  db.sql<{ api_identifier: string; key: string; value: unknown; default_value: unknown }[]>`
    select api_identifier, key, value, default_value from ai_models_overrides where provider = ${provider} order by 1, 2`;
const conflicts = (provider: string) =>
  db.sql<{ api_identifier: string; key: string; value: unknown; old_default: unknown; new_default: unknown; default_changed_by_batch: number | null }[]>`
    select api_identifier, key, value, old_default, new_default, default_changed_by_batch
      from ai_models_conflicts where provider = ${provider} order by 1, 2`;
const rows = <T extends Record<string, unknown>>(result: T[]) => result.map((r) => ({ ...r }));

test('overrides: each manually changed key of a synced model, with its current default', async () => {
  const p = 'acme-ovr';
  await db.sql`insert into ai_model_catalog (provider, model, config)
                values (${p}, 'm1', '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}')`;
  await stageAndApply(db.sql, p, ['m1', 'm2']);
  assert.deepEqual(rows(await overrides(p)), [], 'nothing edited yet');

  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.0000005, "notes": "negotiated"}',
                                       name = 'My model'
                where provider = ${p} and api_identifier = 'm1'`;
  // a key set to null returns to its default at the next sync: not an override
  await db.sql`update ai_providers set config = config || '{"output_token_cost_rate": null}' where provider = ${p} and api_identifier = 'm1'`;
  // rows created by hand are manual as a whole and not listed
  await db.sql`insert into ai_providers (provider, api_identifier, config) values (${p}, 'private', '{"input_token_cost_rate": 0.000009}')`;

  assert.deepEqual(rows(await overrides(p)), [
    { api_identifier: 'm1', key: 'input_token_cost_rate', value: 0.0000005, default_value: 0.000001 },
    { api_identifier: 'm1', key: 'name', value: 'My model', default_value: 'm1' },
    { api_identifier: 'm1', key: 'notes', value: 'negotiated', default_value: null },
  ]);

  // the next sync keeps them and they stay listed; resetting a key removes it from the list
  await stageAndApply(db.sql, p, ['m1', 'm2']);
  assert.equal((await overrides(p)).length, 3);
  await db.sql`update ai_providers set config = config - 'notes' where provider = ${p} and api_identifier = 'm1'`;
  assert.deepEqual((await overrides(p)).map((o) => o.key), ['input_token_cost_rate', 'name']);
});

test('conflicts: overrides whose default moved since, until the admin writes the key again', async () => {
  const p = 'acme-cfl';
  await db.sql`insert into ai_model_catalog (provider, model, config) values (${p}, 'm1', '{"input_token_cost_rate": 0.000001}')`;
  await stageAndApply(db.sql, p, ['m1']);
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.0000005}', name = 'Mine'
                where provider = ${p}`;
  await stageAndApply(db.sql, p, ['m1']);
  assert.deepEqual(rows(await conflicts(p)), [], 'the defaults did not move: overrides, not conflicts');

  // the catalog price moves: the override is kept and is now in conflict
  await db.sql`update ai_model_catalog set config = '{"input_token_cost_rate": 0.000002}' where provider = ${p}`;
  const moved = await stageAndApply(db.sql, p, ['m1']);
  const expected = {
    api_identifier: 'm1', key: 'input_token_cost_rate', value: 0.0000005, old_default: 0.000001, new_default: 0.000002,
    default_changed_by_batch: moved.batch,
  };
  assert.deepEqual(rows(await conflicts(p)), [expected]);
  // the same conflict the batch's report lists
  assert.deepEqual(
    (moved.report.conflicts as Record<string, unknown>[]).map((c) => [c.api_identifier, c.key, c.value, c.old_default, c.new_default]),
    [['m1', 'input_token_cost_rate', 0.0000005, 0.000001, 0.000002]],
  );

  // later batches no longer report it, but it stays open
  const later = await stageAndApply(db.sql, p, ['m1']);
  assert.deepEqual(later.report.conflicts, []);
  assert.deepEqual(rows(await conflicts(p)), [expected]);

  // the admin writes the key again (deciding to keep a price): closed
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.0000006}' where provider = ${p}`;
  assert.deepEqual(rows(await conflicts(p)), []);

  // a default that moves and moves back is no conflict
  await db.sql`update ai_model_catalog set config = '{"input_token_cost_rate": 0.000003}' where provider = ${p}`;
  await stageAndApply(db.sql, p, ['m1']);
  assert.equal((await conflicts(p)).length, 1);
  await db.sql`update ai_model_catalog set config = '{"input_token_cost_rate": 0.000002}' where provider = ${p}`;
  await stageAndApply(db.sql, p, ['m1']);
  assert.deepEqual(rows(await conflicts(p)), []);

  // resetting the override (null) ends it: the next sync takes the default
  await db.sql`update ai_model_catalog set config = '{"input_token_cost_rate": 0.000004}' where provider = ${p}`;
  await stageAndApply(db.sql, p, ['m1']);
  assert.equal((await conflicts(p)).length, 1);
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": null}' where provider = ${p}`;
  assert.deepEqual(rows(await conflicts(p)), []);
  await stageAndApply(db.sql, p, ['m1']);
  const [m1] = await db.sql`select config->'input_token_cost_rate' as rate from ai_providers where provider = ${p}`;
  assert.equal(m1!.rate, 0.000004);
});

test('unpriced: active models without an input price', async () => {
  const p = 'acme-unp';
  await db.sql`insert into ai_model_catalog (provider, model, config) values (${p}, 'priced', '{"input_token_cost_rate": 0.000001}')`;
  await stageAndApply(db.sql, p, ['priced', 'unpriced', 'retired']);
  await db.sql`update ai_providers set is_active = false where provider = ${p} and api_identifier = 'retired'`;
  await db.sql`insert into ai_providers (provider, api_identifier, config) values
                 (${p}, 'by-hand', '{}'), (${p}, 'null-price', '{"input_token_cost_rate": null, "output_token_cost_rate": 0.000001}')`;
  const listed = await db.sql`select api_identifier, created_by_hand from ai_models_unpriced where provider = ${p} order by 1`;
  assert.deepEqual(rows(listed), [
    { api_identifier: 'by-hand', created_by_hand: true },
    { api_identifier: 'null-price', created_by_hand: true },
    { api_identifier: 'unpriced', created_by_hand: false },
  ]);
  // pricing a model by hand takes it off the list
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000002}' where provider = ${p} and api_identifier = 'unpriced'`;
  assert.deepEqual((await db.sql`select api_identifier from ai_models_unpriced where provider = ${p} order by 1`).map((r) => r.api_identifier), ['by-hand', 'null-price']);
});
