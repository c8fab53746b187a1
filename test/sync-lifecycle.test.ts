// SPEC 4.3: deactivation of models a complete list no longer has, reactivation, hand-made rows, and the guard.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { gpt4o } from './helpers/fixtures.ts';
import { catalogEntry, editConfig, model, models, openaiModel, stageAndSync } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog`;
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: gpt4o });
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `model-${String(i).padStart(2, '0')}`);
const list = (names: string[]) => names.map((id) => openaiModel(id));
const active = async () => (await models(db.sql, 'openai')).filter((r) => r.is_active).map((r) => r.api_identifier);

test('a synced model missing from a complete list is deactivated, never deleted', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  const report = await stageAndSync(db.sql, 'openai', list(ids(4).slice(0, 3)));
  assert.equal(report.deactivated, 1);
  assert.deepEqual(report.deactivated_models, ['model-03']);
  const gone = await model(db.sql, 'openai', 'model-03');
  assert.equal(gone.is_active, false);
  assert.equal(gone.is_listed, false);
  assert.equal((await models(db.sql, 'openai')).length, 4);
});

test('a model that comes back is reactivated with its manual edits intact', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  await editConfig(db.sql, 'openai', 'model-03', { input_token_cost_rate: 0.000001, house_note: 'negotiated' });
  await stageAndSync(db.sql, 'openai', list(ids(3)));
  const report = await stageAndSync(db.sql, 'openai', list(ids(4)));
  assert.equal(report.reactivated, 1);
  assert.equal(report.updated, 0, 'a reactivation is counted as such, not as an update');
  const back = await model(db.sql, 'openai', 'model-03');
  assert.equal(back.is_active, true);
  assert.equal(back.config.input_token_cost_rate, 0.000001);
  assert.equal(back.config.house_note, 'negotiated');
});

test('a model an admin disabled stays disabled while the provider keeps listing it', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(2)));
  await db.sql`update ai_providers set is_active = false where api_identifier = 'model-01'`;
  const report = await stageAndSync(db.sql, 'openai', list(ids(2)));
  assert.equal((await model(db.sql, 'openai', 'model-01')).is_active, false);
  assert.equal(report.reactivated, 0);
});

test('rows created by hand are never deactivated, and the sync never writes them', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  await db.sql`insert into ai_providers (provider, api_identifier, name, config)
               values ('openai', 'ft:gpt-4o-mini:acme::x1', 'Our fine-tune', '{"input_token_cost_rate": 0.0000003}'),
                      ('openai', 'model-09', 'Private deployment', '{}')`;
  const handMade = await model(db.sql, 'openai', 'model-09');
  const report = await stageAndSync(db.sql, 'openai', list([...ids(4), 'model-09']));
  assert.deepEqual(report.manual_rows, ['model-09']);
  assert.equal((await model(db.sql, 'openai', 'model-09')).version, handMade.version, 'listed hand-made row untouched');
  await stageAndSync(db.sql, 'openai', list(ids(3)));
  assert.equal((await model(db.sql, 'openai', 'ft:gpt-4o-mini:acme::x1')).is_active, true);
  assert.equal((await model(db.sql, 'openai', 'model-09')).is_active, true);
  assert.equal((await model(db.sql, 'openai', 'model-03')).is_active, false);
});

test('guard: an empty list deactivates nothing and says why', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  const report = await stageAndSync(db.sql, 'openai', []);
  assert.equal(report.status, 'applied');
  assert.equal(report.deactivated, 0);
  assert.match(report.warnings.join('\n'), /guard held: the list is empty/);
  assert.deepEqual(await active(), ids(4));
});

test('guard: a list that would deactivate more than half of the active synced models deactivates nothing', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(10)));
  const report = await stageAndSync(db.sql, 'openai', list(ids(10).slice(0, 4))); // 6 of 10 gone
  assert.equal(report.deactivated, 0);
  assert.match(report.warnings.join('\n'), /guard held: the list lacks 6 of 10 active models/);
  assert.deepEqual(await active(), ids(10));
  // exactly half is allowed
  const half = await stageAndSync(db.sql, 'openai', list(ids(10).slice(0, 5)));
  assert.equal(half.deactivated, 5);
  assert.deepEqual(half.warnings, []);
});

test('guard: hand-made rows do not count among the active synced models', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  await db.sql`insert into ai_providers (provider, api_identifier, config)
               select 'openai', 'hand-' || i, '{}' from generate_series(1, 10) as i`;
  const report = await stageAndSync(db.sql, 'openai', list(ids(1))); // 3 of 4 synced models gone
  assert.equal(report.deactivated, 0);
  assert.match(report.warnings.join('\n'), /lacks 3 of 4/);
});

test('force => true overrides the guard', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(10)));
  const report = await stageAndSync(db.sql, 'openai', list(ids(2)), { force: true });
  assert.equal(report.deactivated, 8);
  assert.deepEqual(report.warnings, []);
  assert.deepEqual(await active(), ids(2));
  const empty = await stageAndSync(db.sql, 'openai', [], { force: true });
  assert.equal(empty.deactivated, 2);
});

test('a deactivated model stays deactivated and unwritten while it stays unlisted', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(4)));
  await stageAndSync(db.sql, 'openai', list(ids(3)));
  const gone = await model(db.sql, 'openai', 'model-03');
  const report = await stageAndSync(db.sql, 'openai', list(ids(3)));
  assert.equal(report.deactivated, 0);
  assert.equal((await model(db.sql, 'openai', 'model-03')).version, gone.version);
});

test('the same list again after the guard held, with force => true, deactivates', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(10)));
  const held = await stageAndSync(db.sql, 'openai', list(ids(3)));
  assert.equal(held.deactivated, 0);
  const same = await stageAndSync(db.sql, 'openai', list(ids(3)));
  assert.equal(same.deactivated, 0, 'unforced, the guard holds again');
  assert.match(same.warnings.join('\n'), /guard held/);
  const forced = await stageAndSync(db.sql, 'openai', list(ids(3)), { force: true });
  assert.equal(forced.deactivated, 7);
});

test('a synced row deleted by hand comes back on the next sync of the same list', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(3)));
  await db.sql`delete from ai_providers where api_identifier = 'model-01'`;
  const report = await stageAndSync(db.sql, 'openai', list(ids(3)));
  assert.equal(report.inserted, 1);
  assert.equal((await model(db.sql, 'openai', 'model-01')).is_active, true);
});

test('a synced row an admin turned into a hand-made one (defaults_snapshot NULL) is never deactivated, even while is_listed', async () => {
  await stageAndSync(db.sql, 'openai', list(ids(12)));
  await db.sql`update ai_providers set defaults_snapshot = null where api_identifier = 'model-11'`;
  const before = await model(db.sql, 'openai', 'model-11');
  assert.equal(before.is_listed, true, 'still marked as listed: only defaults_snapshot says it is hand-made now');
  const report = await stageAndSync(db.sql, 'openai', list(ids(11)));
  assert.deepEqual(report.deactivated_models, []);
  const after = await model(db.sql, 'openai', 'model-11');
  assert.equal(after.is_active, true);
  assert.equal(after.version, before.version, 'the sync does not write it at all');
});
