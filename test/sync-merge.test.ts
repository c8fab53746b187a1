// SPEC 4.2: the three-way merge — manual edits survive, untouched keys follow the defaults, provider facts win,
// and the output cap never exceeds the provider's maximum.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { claudeSonnet45, gpt4o } from './helpers/fixtures.ts';
import { anthropicModel, catalogEntry, editConfig, model, openaiModel, stageAndSync, type Config } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog`;
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: gpt4o });
  await catalogEntry(db.sql, { provider: 'anthropic', model: 'claude-sonnet-4-5', match: 'family', config: claudeSonnet45 });
});

const movePrices = (patch: Config) => catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: { ...gpt4o, ...patch } });
const syncGpt4o = () => stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
const sonnet = (maxInput: number, maxOutput: number) =>
  stageAndSync(db.sql, 'anthropic', [anthropicModel('claude-sonnet-4-5', 'Claude Sonnet 4.5', maxInput, maxOutput)]);

test('a manual override is kept while the other keys follow moved defaults', async () => {
  await syncGpt4o();
  await editConfig(db.sql, 'openai', 'gpt-4o', { input_token_cost_rate: 0.000002 });
  await movePrices({ output_token_cost_rate: 0.000012, context_window_tokens: 256000 });
  const report = await syncGpt4o();
  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.equal(row.config.input_token_cost_rate, 0.000002, 'override kept');
  assert.equal(row.config.output_token_cost_rate, 0.000012, 'untouched key follows');
  assert.equal(row.config.context_window_tokens, 256000);
  assert.equal(row.defaults_snapshot?.input_token_cost_rate, 0.0000025, 'the snapshot holds the default, not the override');
  assert.deepEqual(report.overrides, [{ api_identifier: 'gpt-4o', key: 'input_token_cost_rate', value: 0.000002, default: 0.0000025 }]);
  assert.deepEqual(report.conflicts, [], 'the default of the overridden key did not move');
  assert.equal(report.updated, 1);
});

test('an override whose default moved too is kept and reported as a conflict', async () => {
  await syncGpt4o();
  await editConfig(db.sql, 'openai', 'gpt-4o', { input_token_cost_rate: 0.000002 });
  await movePrices({ input_token_cost_rate: 0.000003 });
  const report = await syncGpt4o();
  assert.equal((await model(db.sql, 'openai', 'gpt-4o')).config.input_token_cost_rate, 0.000002);
  assert.deepEqual(report.conflicts, [
    { api_identifier: 'gpt-4o', key: 'input_token_cost_rate', value: 0.000002, old_default: 0.0000025, new_default: 0.000003 },
  ]);
  // the next sync, with nothing moved, reports the override but no new conflict
  const again = await syncGpt4o();
  assert.deepEqual(again.conflicts, []);
  assert.equal(again.overrides.length, 1);
  assert.equal(again.unchanged, 1);
});

test('a deleted key, or a key set to null, resets to the default', async () => {
  await syncGpt4o();
  await db.sql`update ai_providers set config = config - 'context_window_tokens' || '{"hard_cap_output_tokens": null}' where api_identifier = 'gpt-4o'`;
  await movePrices({ context_window_tokens: 200000 });
  await syncGpt4o();
  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.equal(row.config.context_window_tokens, 200000);
  assert.equal(row.config.hard_cap_output_tokens, 16384);
  assert.deepEqual(row.config, row.defaults_snapshot);
});

test('a key that only the admin has is kept', async () => {
  await syncGpt4o();
  await editConfig(db.sql, 'openai', 'gpt-4o', { internal_tier: 'premium', max_requests_per_minute: 60 });
  await movePrices({ output_token_cost_rate: 0.000011 });
  const report = await syncGpt4o();
  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.equal(row.config.internal_tier, 'premium');
  assert.equal(row.config.max_requests_per_minute, 60);
  assert.equal(row.config.output_token_cost_rate, 0.000011);
  assert.deepEqual(report.conflicts, []);
});

test('an edited object value (tokenization_strategy) counts as one value and is kept whole', async () => {
  await syncGpt4o();
  const strategy = { type: 'rough_char_count', chars_per_token_ratio: 3.5 };
  await editConfig(db.sql, 'openai', 'gpt-4o', { tokenization_strategy: strategy });
  await movePrices({ tokenization_strategy: { type: 'tiktoken', tiktoken_encoding_name: 'o200k_harmony', is_chatml_model: true } });
  const report = await syncGpt4o();
  assert.deepEqual((await model(db.sql, 'openai', 'gpt-4o')).config.tokenization_strategy, strategy);
  assert.equal(report.conflicts[0]?.key, 'tokenization_strategy');
});

test('a renamed model keeps its name while the description follows the provider', async () => {
  const list = (description: string) => [anthropicModel('claude-sonnet-4-5', 'Claude Sonnet 4.5', 200000, 64000, { description })];
  await stageAndSync(db.sql, 'anthropic', list('v1'));
  await db.sql`update ai_providers set name = 'Sonnet (house default)' where api_identifier = 'claude-sonnet-4-5'`;
  await stageAndSync(db.sql, 'anthropic', [anthropicModel('claude-sonnet-4-5', 'Claude Sonnet 4.5 (new)', 200000, 64000, { description: 'v2' })]);
  const row = await model(db.sql, 'anthropic', 'claude-sonnet-4-5');
  assert.equal(row.name, 'Sonnet (house default)');
  assert.equal(row.description, 'v2');
});

test('a renamed model whose provider name also changed is a name conflict; clearing the name resets it', async () => {
  await sonnet(200000, 64000);
  await db.sql`update ai_providers set name = 'Sonnet' where api_identifier = 'claude-sonnet-4-5'`;
  const report = await stageAndSync(db.sql, 'anthropic', [anthropicModel('claude-sonnet-4-5', 'Claude Sonnet 4.5 v2', 200000, 64000)]);
  assert.deepEqual(report.conflicts, [
    { api_identifier: 'claude-sonnet-4-5', key: 'name', value: 'Sonnet', old_default: 'Claude Sonnet 4.5', new_default: 'Claude Sonnet 4.5 v2' },
  ]);
  await db.sql`update ai_providers set name = null where api_identifier = 'claude-sonnet-4-5'`;
  await stageAndSync(db.sql, 'anthropic', [anthropicModel('claude-sonnet-4-5', 'Claude Sonnet 4.5 v2', 200000, 64000)]);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).name, 'Claude Sonnet 4.5 v2');
});

test('provider-reported maxima are facts: they take the reported value even over a manual edit', async () => {
  await sonnet(200000, 64000);
  await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { provider_max_input_tokens: 150000, provider_max_output_tokens: 8000 });
  await sonnet(1000000, 64000);
  const row = await model(db.sql, 'anthropic', 'claude-sonnet-4-5');
  assert.equal(row.config.provider_max_input_tokens, 1000000);
  assert.equal(row.config.provider_max_output_tokens, 64000);
});

test('hard cap: a manual cap above a new, lower provider maximum is lowered to it', async () => {
  await sonnet(200000, 64000);
  await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { hard_cap_output_tokens: 50000 });
  const report = await sonnet(200000, 32000);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).config.hard_cap_output_tokens, 32000);
  assert.deepEqual(report.adjusted.map((a) => [a.key, a.from, a.to]), [['hard_cap_output_tokens', 50000, 32000]]);
});

test('hard cap: a manual cap equal to the old provider maximum follows the maximum when it changes', async () => {
  await catalogEntry(db.sql, { provider: 'anthropic', model: 'claude-sonnet-4-5', match: 'family', config: { ...claudeSonnet45, hard_cap_output_tokens: 16000 } });
  await sonnet(200000, 64000);
  await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { hard_cap_output_tokens: 64000 }); // "as much as the provider allows"
  await sonnet(200000, 128000);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).config.hard_cap_output_tokens, 128000, 'follows up');
  await sonnet(200000, 100000);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).config.hard_cap_output_tokens, 100000, 'and down');
});

test('hard cap: any other manual cap is kept when the provider maximum changes', async () => {
  await sonnet(200000, 64000);
  await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { hard_cap_output_tokens: 4096 });
  await sonnet(200000, 128000);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).config.hard_cap_output_tokens, 4096);
  await sonnet(200000, 8192);
  assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-5')).config.hard_cap_output_tokens, 4096);
});

test('hard cap: the default cap never exceeds the provider maximum', async () => {
  await sonnet(200000, 32000); // catalog cap 64000, provider allows 32000
  const row = await model(db.sql, 'anthropic', 'claude-sonnet-4-5');
  assert.equal(row.config.hard_cap_output_tokens, 32000);
  assert.equal(row.defaults_snapshot?.hard_cap_output_tokens, 32000);
});

test('an edit that equals the new default is no longer an override', async () => {
  await syncGpt4o();
  await editConfig(db.sql, 'openai', 'gpt-4o', { input_token_cost_rate: 0.000003 });
  await movePrices({ input_token_cost_rate: 0.000003 });
  const report = await syncGpt4o();
  assert.deepEqual(report.overrides, []);
  assert.deepEqual(report.conflicts, []);
  const row = await model(db.sql, 'openai', 'gpt-4o');
  assert.deepEqual(row.config, row.defaults_snapshot);
});

test('the same list over rows edited since the last sync is merged again (a deleted key resets)', async () => {
  await syncGpt4o();
  const same = await syncGpt4o();
  assert.equal(same.unchanged, 1);
  await db.sql`update ai_providers set config = config - 'output_token_cost_rate' where api_identifier = 'gpt-4o'`;
  const report = await syncGpt4o();
  assert.equal(report.updated, 1);
  assert.equal((await model(db.sql, 'openai', 'gpt-4o')).config.output_token_cost_rate, 0.00001);
});

test('an unchanged re-sync repeats the overrides it keeps and reports no new conflict', async () => {
  await syncGpt4o();
  await editConfig(db.sql, 'openai', 'gpt-4o', { input_token_cost_rate: 0.000002 });
  await movePrices({ input_token_cost_rate: 0.000003 });
  assert.equal((await syncGpt4o()).conflicts.length, 1);
  const again = await syncGpt4o();
  assert.deepEqual(again.conflicts, []);
  assert.deepEqual(again.overrides.map((o) => o.key), ['input_token_cost_rate']);
  assert.equal(again.unchanged, 1);
});

test('a manual cap lowered to the provider maximum is still reported as an override, by the merge and by the shortcut', async () => {
  await catalogEntry(db.sql, { provider: 'anthropic', model: 'claude-sonnet-4-5', match: 'family', config: { ...claudeSonnet45, hard_cap_output_tokens: 16000 } });
  await sonnet(200000, 64000);
  await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { hard_cap_output_tokens: 50000 });
  const lowered = await sonnet(200000, 32000);
  assert.deepEqual(lowered.adjusted.map((a) => [a.from, a.to]), [[50000, 32000]]);
  const expected = [{ api_identifier: 'claude-sonnet-4-5', key: 'hard_cap_output_tokens', value: 32000, default: 16000 }];
  assert.deepEqual(lowered.overrides, expected);
  const same = await sonnet(200000, 32000);
  assert.equal(same.unchanged, 1);
  assert.deepEqual(same.overrides, expected);
});

test('hard cap: the merge itself clamps a manual cap to a lower provider maximum (the stored value, with the cap trigger off)', async () => {
  // ai_providers_output_cap_within_max would also lower the cap on write: switch it off to see the merge's own clamp
  await db.sql`alter table ai_providers disable trigger ai_providers_output_cap_within_max`;
  try {
    await sonnet(200000, 64000);
    await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-5', { hard_cap_output_tokens: 50000 });
    await sonnet(200000, 32000);
    const row = await model(db.sql, 'anthropic', 'claude-sonnet-4-5');
    assert.equal(row.config.hard_cap_output_tokens, 32000);
    assert.equal(row.config.provider_max_output_tokens, 32000);
  } finally {
    await db.sql`alter table ai_providers enable trigger ai_providers_output_cap_within_max`;
  }
});
