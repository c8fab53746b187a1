// SPEC 4.1 and 4.3: defaults for new models from the catalog and the provider's list, and no write when nothing changes.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { claudeSonnet45, gemini25Flash, gpt4o } from './helpers/fixtures.ts';
import { anthropicModel, catalogEntry, googleModel, model, models, openaiModel, stageAndSync } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(async () => {
  await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog`;
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: gpt4o });
  await catalogEntry(db.sql, { provider: 'anthropic', model: 'claude-sonnet-4-5', match: 'family', config: claudeSonnet45 });
  await catalogEntry(db.sql, { provider: 'google', model: 'gemini-2.5-flash', config: gemini25Flash });
});

test('a new model is inserted active with config = defaults_snapshot = its defaults', async () => {
  const report = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-2024-08-06')]);
  assert.equal(report.status, 'applied');
  assert.equal(report.inserted, 2);
  const row = await model(db.sql, 'openai', 'gpt-4o-2024-08-06');
  assert.equal(row.is_active, true);
  assert.deepEqual(row.config, gpt4o, 'the dated snapshot takes its family entry');
  assert.deepEqual(row.defaults_snapshot, row.config);
  assert.equal(row.name, 'gpt-4o-2024-08-06', 'OpenAI reports no display name: the id stands in');
});

test('Anthropic: display name, and reported limits become provider_max_* while the catalog sets cap and window', async () => {
  await stageAndSync(db.sql, 'anthropic', [anthropicModel('claude-sonnet-4-5-20250929', 'Claude Sonnet 4.5', 1000000, 64000)]);
  const row = await model(db.sql, 'anthropic', 'claude-sonnet-4-5-20250929');
  assert.equal(row.name, 'Claude Sonnet 4.5');
  assert.deepEqual(row.config, {
    ...claudeSonnet45,
    provider_max_input_tokens: 1000000,
    provider_max_output_tokens: 64000,
    tokenization_strategy: { type: 'anthropic_tokenizer', model: 'claude-sonnet-4-5-20250929' },
  });
});

test('Google: the models/ prefix is dropped and inputTokenLimit/outputTokenLimit are provider facts', async () => {
  await stageAndSync(db.sql, 'google', [googleModel('gemini-2.5-flash', 'Gemini 2.5 Flash', 1048576, 65536)]);
  const row = await model(db.sql, 'google', 'gemini-2.5-flash');
  assert.equal(row.name, 'Gemini 2.5 Flash');
  assert.equal(row.description, 'Gemini 2.5 Flash model');
  // supportedGenerationMethods ['generateContent', 'countTokens'] reports a chat model, without batch or caching (issue 15)
  assert.deepEqual(row.config, {
    ...gemini25Flash,
    provider_max_input_tokens: 1048576,
    provider_max_output_tokens: 65536,
    kind: 'chat',
    supports_batch: false,
    supports_caching: false,
  });
});

test('a model no catalog entry matches is stored unpriced, with provider limits as window and cap, and reported', async () => {
  const report = await stageAndSync(db.sql, 'google', [googleModel('gemini-9-ultra', 'Gemini 9 Ultra', 2000000, 100000)]);
  assert.deepEqual(report.unpriced, ['gemini-9-ultra']);
  const row = await model(db.sql, 'google', 'gemini-9-ultra');
  assert.equal(row.config.input_token_cost_rate, undefined);
  assert.equal(row.config.output_token_cost_rate, undefined);
  assert.equal(row.config.context_window_tokens, 2000000);
  assert.equal(row.config.hard_cap_output_tokens, 100000);
});

test('family rules respect id boundaries: gpt-4o prices its snapshots but not gpt-4o-mini or gpt-4o.5', async () => {
  const report = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o-2024-11-20'), openaiModel('gpt-4o-mini'), openaiModel('gpt-4o.5')]);
  assert.deepEqual(report.unpriced, ['gpt-4o-mini', 'gpt-4o.5']);
  assert.equal((await model(db.sql, 'openai', 'gpt-4o-2024-11-20')).config.input_token_cost_rate, 0.0000025);
});

test('an exact entry beats a family entry, and an admin entry overrides built-in values key by key', async () => {
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o-2024-05-13', config: { ...gpt4o, input_token_cost_rate: 0.000005, output_token_cost_rate: 0.000015 } });
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', tier: 'admin', config: { input_token_cost_rate: 0.000002 } });
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o-2024-05-13'), openaiModel('gpt-4o-2024-08-06')]);
  const old = await model(db.sql, 'openai', 'gpt-4o-2024-05-13');
  assert.equal(old.config.output_token_cost_rate, 0.000015, 'exact built-in entry');
  assert.equal(old.config.input_token_cost_rate, 0.000002, 'admin family entry outranks the built-in exact one for its key');
  const current = await model(db.sql, 'openai', 'gpt-4o-2024-08-06');
  assert.equal(current.config.input_token_cost_rate, 0.000002);
  assert.equal(current.config.output_token_cost_rate, 0.00001);
});

test('OpenAI-compatible lists: OpenRouter per-token string prices and Together per-1M prices are provider-reported defaults', async () => {
  await stageAndSync(db.sql, 'openrouter', [
    {
      id: 'acme/model-x',
      name: 'Acme: Model X',
      description: 'A model',
      context_length: 131072,
      pricing: { prompt: '0.0000004', completion: '0.0000016', input_cache_read: '0.0000001' },
      top_provider: { context_length: 131072, max_completion_tokens: 32768 },
    },
    { id: 'openrouter/auto', name: 'Auto Router', context_length: 2000000, pricing: { prompt: '-1', completion: '-1' } },
  ]);
  const x = await model(db.sql, 'openrouter', 'acme/model-x');
  assert.equal(x.name, 'Acme: Model X');
  assert.equal(x.config.input_token_cost_rate, 0.0000004);
  assert.equal(x.config.output_token_cost_rate, 0.0000016);
  assert.equal(x.config.cache_read_input_token_cost_rate, 0.0000001);
  assert.equal(x.config.provider_max_input_tokens, 131072);
  assert.equal(x.config.provider_max_output_tokens, 32768);
  const auto = await model(db.sql, 'openrouter', 'openrouter/auto');
  assert.equal(auto.config.input_token_cost_rate, undefined, 'a -1 price means "varies": unpriced, not negative');

  await stageAndSync(db.sql, 'together', [
    { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', display_name: 'Llama 3.3 70B', type: 'chat', context_length: 131072, pricing: { input: 0.88, output: 0.88 } },
  ]);
  const llama = await model(db.sql, 'together', 'meta-llama/Llama-3.3-70B-Instruct-Turbo');
  assert.equal(llama.name, 'Llama 3.3 70B');
  assert.equal(llama.config.input_token_cost_rate, 0.00000088);
});

test('Groq and Mistral limit fields are read', async () => {
  await stageAndSync(db.sql, 'groq', [{ id: 'llama-3.3-70b-versatile', object: 'model', context_window: 131072, max_completion_tokens: 32768, active: true }]);
  const groq = await model(db.sql, 'groq', 'llama-3.3-70b-versatile');
  assert.equal(groq.config.provider_max_input_tokens, 131072);
  assert.equal(groq.config.provider_max_output_tokens, 32768);
  await stageAndSync(db.sql, 'mistral', [{ id: 'mistral-large-2411', object: 'model', name: 'mistral-large-2411', max_context_length: 131072, deprecation: null }]);
  assert.equal((await model(db.sql, 'mistral', 'mistral-large-2411')).config.provider_max_input_tokens, 131072);
  assert.equal((await model(db.sql, 'mistral', 'mistral-large-2411')).config.provider_deprecated_at, undefined);
  // a deprecation date lands in provider_deprecated_at (the real Mistral list has none today)
  await stageAndSync(db.sql, 'mistral', [{ id: 'mistral-large-2411', object: 'model', name: 'mistral-large-2411', max_context_length: 131072, deprecation: '2026-12-31T00:00:00Z' }]);
  assert.equal((await model(db.sql, 'mistral', 'mistral-large-2411')).config.provider_deprecated_at, '2026-12-31T00:00:00Z');
});

test('re-syncing an unchanged list writes no row: same row versions, same updated_at, all counted unchanged', async () => {
  const list = [openaiModel('gpt-4o'), openaiModel('gpt-4o-2024-08-06'), openaiModel('o9-unknown')];
  await stageAndSync(db.sql, 'openai', list);
  const before = await models(db.sql, 'openai');
  const report = await stageAndSync(db.sql, 'openai', list);
  assert.equal(report.inserted, 0);
  assert.equal(report.updated, 0);
  assert.equal(report.unchanged, 3);
  const after = await models(db.sql, 'openai');
  assert.deepEqual(after.map((r) => [r.version, r.updated_at.getTime()]), before.map((r) => [r.version, r.updated_at.getTime()]));
});

test('updated_at moves when a row really changes, by the sync or by hand, and a no-op manual UPDATE writes nothing', async () => {
  await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
  const first = await model(db.sql, 'openai', 'gpt-4o');
  await db.sql`update ai_providers set name = name where api_identifier = 'gpt-4o'`;
  assert.equal((await model(db.sql, 'openai', 'gpt-4o')).version, first.version, 'a no-op UPDATE leaves the row version');
  await db.sql`update ai_providers set description = 'Our flagship' where api_identifier = 'gpt-4o'`;
  const edited = await model(db.sql, 'openai', 'gpt-4o');
  assert.ok(edited.updated_at > first.updated_at);
  await catalogEntry(db.sql, { provider: 'openai', model: 'gpt-4o', match: 'family', config: { ...gpt4o, output_token_cost_rate: 0.000009 } });
  const report = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
  assert.equal(report.updated, 1);
  assert.ok((await model(db.sql, 'openai', 'gpt-4o')).updated_at > edited.updated_at);
});

test('a price the provider reports beats the built-in catalog, and an admin entry beats both', async () => {
  const llama = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';
  await catalogEntry(db.sql, { provider: 'together', model: llama, config: { input_token_cost_rate: 0.0000009, output_token_cost_rate: 0.0000009, context_window_tokens: 131072 } });
  const list = [{ id: llama, display_name: 'Llama 3.3 70B', type: 'chat', context_length: 131072, pricing: { input: 0.88, output: 0.88 } }];
  await stageAndSync(db.sql, 'together', list);
  const live = await model(db.sql, 'together', llama);
  assert.equal(live.config.input_token_cost_rate, 0.00000088, 'the live price from the provider\'s own list');
  assert.equal(live.config.context_window_tokens, 131072);
  await catalogEntry(db.sql, { provider: 'together', model: llama, tier: 'admin', config: { input_token_cost_rate: 0.0000007 } });
  await stageAndSync(db.sql, 'together', list);
  const negotiated = await model(db.sql, 'together', llama);
  assert.equal(negotiated.config.input_token_cost_rate, 0.0000007);
  assert.equal(negotiated.config.output_token_cost_rate, 0.00000088);
});
