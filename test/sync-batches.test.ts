// SPEC 3.3 and 4: staging, newest batch wins, a malformed batch fails alone, invalid manual config is rejected,
// and the in-transaction variant for dry runs.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { gpt4o } from './helpers/fixtures.ts';
import { anthropicModel, batch, catalogEntry, googleModel, model, models, openaiModel, stage, stageAndSync, sync } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog`;
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: gpt4o });
});

test('insert (provider, payload) alone stages a pending batch', async () => {
  const [row] = await db.sql`insert into ai_model_fetches (provider, payload) values ('openai', '[]') returning *`;
  assert.equal(row?.status, 'pending');
  assert.ok(row?.fetched_at instanceof Date);
  assert.equal(row?.applied_at, null);
});

test('for each provider only the newest pending batch is applied; older ones are superseded', async () => {
  const old = await stage(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-old-only')]);
  const newest = await stage(db.sql, 'openai', [openaiModel('gpt-4o')]);
  await sync(db.sql);
  assert.equal((await batch(db.sql, old)).status, 'superseded');
  assert.equal((await batch(db.sql, newest)).status, 'applied');
  // SPEC 3.3: when it was applied
  const [applied] = await db.sql<{ applied_at: Date | null; fetched_at: Date }[]>`select applied_at, fetched_at from ai_model_fetches where id = ${newest}`;
  assert.ok(applied!.applied_at instanceof Date && applied!.applied_at >= applied!.fetched_at, String(applied!.applied_at));
  assert.deepEqual((await models(db.sql, 'openai')).map((r) => r.api_identifier), ['gpt-4o']);
});

test('a pending batch fetched before the newest applied one is superseded, not applied', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-2024-08-06')]);
  const [late] = await db.sql<{ id: number }[]>`
    insert into ai_model_fetches (provider, payload, fetched_at)
    values ('openai', ${db.sql.json([openaiModel('gpt-4o')])}, now() - interval '1 hour') returning id`;
  await sync(db.sql);
  assert.equal((await batch(db.sql, late!.id)).status, 'superseded');
  assert.equal((await model(db.sql, 'openai', 'gpt-4o-2024-08-06')).is_active, true);
});

const malformed: [string, string, unknown, RegExp][] = [
  ['a payload that is not an array', 'openai', { data: [openaiModel('gpt-4o')] }, /payload must be a JSON array of models, got object/],
  ['an entry without an id', 'openai', [openaiModel('gpt-4o'), { object: 'model' }], /model 2 of 2 has no "id"/],
  ['an id that is not a string', 'openai', [{ id: 42, object: 'model' }], /model 1 of 1 "id" must be a string, got number/],
  ['an entry that is not an object', 'openai', [openaiModel('gpt-4o'), 'gpt-4o-mini'], /model 2 of 2 is not a JSON object but string/],
  ['duplicate ids', 'openai', [openaiModel('gpt-4o'), openaiModel('o3'), openaiModel('gpt-4o')], /duplicate model id gpt-4o \(entries 1, 3\)/],
  ['a negative limit', 'anthropic', [anthropicModel('claude-x', 'X', -5, 1000)], /model 1 of 1 \(claude-x\) "max_input_tokens" must not be negative, got -5/],
  ['a string where a number belongs', 'google', [googleModel('gemini-x', 'X', '1048576', 8192)], /\(gemini-x\) "inputTokenLimit" must be a number of tokens, got "1048576"/],
  ['a fractional limit', 'google', [googleModel('gemini-x', 'X', 1000.5, 8192)], /"inputTokenLimit" must be a whole number/],
  ['an absurd limit', 'openai', [openaiModel('x', { context_length: 1e15 })], /"context_length" is absurdly large/],
  ['a Google entry without a name', 'google', [{ displayName: 'No name' }], /has no "name"/],
  ['an id with control characters', 'openai', [openaiModel('gpt\u0007-4o')], /contains control characters/],
  ['a price that is not a number', 'openrouter', [{ id: 'a/b', pricing: { prompt: 'free', completion: '0' } }], /"pricing" must be a price/],
];

/** What each provider had before the bad batch arrived. */
const seed: Record<string, unknown[]> = {
  google: [googleModel('gemini-kept', 'Kept', 1000, 100)],
  anthropic: [anthropicModel('claude-kept', 'Kept', 1000, 100)],
};

for (const [what, provider, payload, message] of malformed) {
  test(`${what}: the batch fails with a clear error, that provider is untouched, the others apply`, async () => {
    await stageAndSync(db.sql, provider, seed[provider] ?? [openaiModel('kept-model'), openaiModel('other-kept')]);
    const before = await models(db.sql, provider);
    const bad = await stage(db.sql, provider, payload);
    const good = await stage(db.sql, 'mistral', [{ id: 'mistral-large-latest', object: 'model' }]);
    await sync(db.sql);
    const failed = await batch(db.sql, bad);
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', message);
    assert.match(failed.error ?? '', /HINT: /);
    assert.equal(failed.report?.status, 'failed');
    assert.deepEqual(await models(db.sql, provider), before, 'nothing of the failing provider changed');
    assert.equal((await batch(db.sql, good)).status, 'applied');
    assert.equal((await models(db.sql, 'mistral')).length, 1);
  });
}

test('a manual edit that puts an invalid value into config is rejected with a clear message', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
  const attempts: [string, RegExp][] = [
    [`{"input_token_cost_rate": -0.000001}`, /input_token_cost_rate must be a non-negative number \(USD per single token\), got -0.000001/],
    [`{"output_token_cost_rate": "cheap"}`, /output_token_cost_rate must be a non-negative number/],
    [`{"context_window_tokens": 0}`, /context_window_tokens must be a positive whole number of tokens/],
    [`{"tokenization_strategy": {"type": "sentencepiece"}}`, /tokenization_strategy.type must be one of tiktoken, rough_char_count/],
    [`{"tokenization_strategy": {"type": "tiktoken"}}`, /needs a string tiktoken_encoding_name/],
  ];
  for (const [patch, message] of attempts) {
    await assert.rejects(
      db.sql`update ai_providers set config = config || ${patch}::text::jsonb where api_identifier = 'gpt-4o'`,
      (error: Error & { detail?: string; hint?: string }) => {
        assert.match(error.message, /invalid config for model openai\/gpt-4o: /);
        assert.match(error.message, message);
        assert.match(error.hint ?? '', /USD per single token/);
        return true;
      },
    );
  }
  await assert.rejects(db.sql`insert into ai_providers (provider, api_identifier, config) values ('openai', 'x', '[1]')`, /config must be a JSON object/);
  await assert.rejects(
    db.sql`insert into ai_model_catalog (provider, model, config) values ('openai', 'x', '{"input_token_cost_rate": -1}')`,
    /ai_model_catalog_config_check/,
  );
  assert.equal((await model(db.sql, 'openai', 'gpt-4o')).config.input_token_cost_rate, 0.0000025);
});

test('ai_models_apply_pending() applies inside the caller\'s transaction, so a dry run rolls back to nothing', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
  const before = await models(db.sql, 'openai');
  const rollback = new Error('dry run');
  let reports: { provider: string; inserted: number }[] = [];
  await assert.rejects(
    db.sql.begin(async (tx) => {
      await tx`insert into ai_model_fetches (provider, payload) values ('openai', ${tx.json([openaiModel('gpt-4o'), openaiModel('o3')])})`;
      [{ reports }] = (await tx`select ai_models_apply_pending() as reports`) as unknown as [{ reports: typeof reports }];
      throw rollback;
    }),
    rollback,
  );
  assert.deepEqual(reports.map((r) => [r.provider, r.inserted]), [['openai', 1]]);
  assert.deepEqual(await models(db.sql, 'openai'), before);
  assert.equal((await db.sql`select count(*)::int as n from ai_model_fetches where status = 'pending'`)[0]?.n, 0);
});

test('CALL sync_ai_models() with nothing pending does nothing', async () => {
  await sync(db.sql);
  assert.equal((await db.sql`select count(*)::int as n from ai_providers`)[0]?.n, 0);
});
