// Issue 13, step 1: the three public price tables, staged raw and mapped in SQL by each source's own rules.
// On the real snapshots (../shared/real-price-tables), values hand-checked against the files.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { edited, genaiModel, priceFetch, real, stagePrices } from './helpers/prices.ts';
import { sync } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

/** source -> value (text, trailing zeros trimmed) for one model and key. */
async function values(provider: string, model: string, key: string): Promise<Record<string, string>> {
  const rows = await db.sql<{ source: string; value: string }[]>`
    select source, pg_catalog.trim_scale(value)::text as value from ai_model_sync.price_values
     where provider = ${provider} and api_identifier = ${model} and key = ${key} order by source`;
  return Object.fromEntries(rows.map((r) => [r.source, r.value]));
}

describe('the real snapshots, mapped', () => {
  const ids: Record<string, number> = {};
  before(async () => {
    ids.litellm = await stagePrices(db.sql, 'litellm', real('litellm'));
    ids.modelsDev = await stagePrices(db.sql, 'models.dev', real('models.dev'));
    ids.genai = await stagePrices(db.sql, 'genai-prices', real('genai-prices'));
    await sync(db.sql);
  });

  test('every source applies and reports its models and prices', async () => {
    for (const [id, models] of [[ids.litellm!, 2598], [ids.modelsDev!, 2224], [ids.genai!, 1466]] as const) {
      const f = await priceFetch(db.sql, id);
      assert.equal(f.status, 'applied', f.error ?? '');
      assert.equal(f.report.models, models);
      assert.ok(f.report.prices > 500, `${f.report.source}: ${f.report.prices} prices`);
      assert.equal(f.report.skipped, 0);
    }
    // every table's values are stored as the shortest exact decimal (ai_model_sync.price; dividing by 1M would leave 20 digits)
    const untrimmed = await db.sql`select source, count(*)::int as n from ai_model_sync.price_values
                                    where value <> 0 and scale(value) <> scale(trim_scale(value)) group by 1 order by 1`;
    assert.deepEqual([...untrimmed], []);
  });

  test('OpenAI: bare LiteLLM keys, models.dev per 1M, genai-prices match clauses, all per token', async () => {
    assert.deepEqual(await values('openai', 'gpt-4o', 'input_token_cost_rate'),
      { 'genai-prices': '0.0000025', litellm: '0.0000025', 'models.dev': '0.0000025' });
    assert.deepEqual(await values('openai', 'gpt-4o', 'cache_read_input_token_cost_rate'),
      { 'genai-prices': '0.00000125', litellm: '0.00000125', 'models.dev': '0.00000125' });
    // models.dev rounds GPT-5's cached input to 0.13 per 1M; LiteLLM and genai-prices say 0.125
    assert.deepEqual(await values('openai', 'gpt-5', 'cache_read_input_token_cost_rate'),
      { 'genai-prices': '0.000000125', litellm: '0.000000125', 'models.dev': '0.00000013' });
    // genai-prices' long-context tier ({base, tiers}) of GPT-5.6 Luna: 272K threshold, twice the input
    assert.deepEqual(await values('openai', 'gpt-5.6-luna', 'long_context_threshold_tokens'), { 'genai-prices': '272000' });
    assert.deepEqual(await values('openai', 'gpt-5.6-luna', 'long_context_input_token_cost_rate'), { 'genai-prices': '0.0000004' });
  });

  test('Anthropic: cache writes (5 minutes and 1 hour) and LiteLLM\'s *_above_200k_tokens tier', async () => {
    assert.deepEqual(await values('anthropic', 'claude-sonnet-4-5-20250929', 'cache_write_input_token_cost_rate'),
      { litellm: '0.00000375', 'models.dev': '0.00000375' });
    assert.deepEqual(await values('anthropic', 'claude-sonnet-4-5-20250929', 'long_context_output_token_cost_rate'),
      { litellm: '0.0000225' });
    assert.deepEqual(await values('anthropic', 'claude-opus-4-6', 'cache_write_1h_input_token_cost_rate'),
      { 'genai-prices': '0.00001', litellm: '0.00001' });
  });

  test('Google: gemini/ prefixed LiteLLM keys, vertex_ai entries not ours', async () => {
    assert.deepEqual(await values('google', 'gemini-2.5-pro', 'input_token_cost_rate'),
      { 'genai-prices': '0.00000125', litellm: '0.00000125', 'models.dev': '0.00000125' });
    assert.deepEqual(await values('google', 'gemini-2.5-pro', 'long_context_threshold_tokens'), { 'genai-prices': '200000', litellm: '200000' });
    assert.deepEqual(await values('google', 'gemini-2.5-pro', 'long_context_cache_read_input_token_cost_rate'),
      { 'genai-prices': '0.00000025', litellm: '0.00000025' });
    const [vertex] = await db.sql`select count(*)::int as n from ai_model_sync.price_values where api_identifier like 'vertex_ai%' or provider like 'vertex%'`;
    assert.equal(vertex!.n, 0);
  });

  test('genai-prices: the price set in force by date, off-peak windows are not list prices', async () => {
    // claude-opus-4-6: a tiered set, then from 2026-03-13 a flat one
    const doc = real('genai-prices');
    const at = async (date: string) =>
      db.sql<{ key: string; value: string }[]>`
        select key, pg_catalog.trim_scale(value)::text as value
          from ai_model_sync.genai_prices_prices(${doc}::text::jsonb, ${date}::date)
         where provider = 'anthropic' and api_identifier = 'claude-opus-4-6' order by key`;
    const early = Object.fromEntries((await at('2026-01-01')).map((r) => [r.key, r.value]));
    const late = Object.fromEntries((await at('2026-06-01')).map((r) => [r.key, r.value]));
    assert.equal(early.long_context_threshold_tokens, '200000');
    assert.equal(early.long_context_input_token_cost_rate, '0.00001');
    assert.equal(late.long_context_threshold_tokens, undefined);
    assert.equal(late.input_token_cost_rate, '0.000005');
    // deepseek-chat: the unconstrained set (0.135 per 1M), never the 00:30-16:30 window's
    assert.deepEqual(await values('deepseek', 'deepseek-chat', 'input_token_cost_rate'),
      { 'genai-prices': '0.000000135', litellm: '0.00000028' , 'models.dev': '0.00000028' });
  });

  test('LiteLLM duplicate keys are reported, and a key they price differently counts for none', async () => {
    const { report } = await priceFetch(db.sql, ids.litellm!);
    const codestral = report.duplicates.find((d: any) => d.provider === 'mistral' && d.api_identifier === 'codestral-latest');
    assert.deepEqual(codestral, {
      provider: 'mistral', api_identifier: 'codestral-latest',
      entries: ['codestral/codestral-latest', 'mistral/codestral-latest'],
      conflicting_keys: ['input_token_cost_rate', 'output_token_cost_rate'],
    });
    assert.ok(report.duplicates.length >= 10, `${report.duplicates.length} duplicates`);
    assert.equal((await values('mistral', 'codestral-latest', 'input_token_cost_rate')).litellm, undefined);
    assert.equal((await values('mistral', 'codestral-latest', 'input_token_cost_rate'))['models.dev'], '0.0000003');
    // duplicates that agree still count
    const deepseek = report.duplicates.find((d: any) => d.api_identifier === 'deepseek-chat');
    assert.deepEqual(deepseek.conflicting_keys, []);
    assert.equal((await values('deepseek', 'deepseek-chat', 'output_token_cost_rate')).litellm, '0.00000042');
  });
});

describe('sanity bounds and bad copies', () => {
  test('an entry with a negative, non-numeric or per-1M price is skipped and reported; the rest counts', async () => {
    const text = edited('litellm', (doc) => {
      doc['gpt-4o'].input_cost_per_token = -1e-6;
      doc['gpt-4o-mini'].output_cost_per_token = '6e-07';
      doc['gpt-4.1'].input_cost_per_token = 2; // a per-1M price in a per-token table
    });
    const id = await stagePrices(db.sql, 'litellm', text);
    await sync(db.sql);
    const f = await priceFetch(db.sql, id);
    assert.equal(f.status, 'applied');
    assert.equal(f.report.skipped, 3);
    assert.deepEqual(f.report.skipped_entries.map((e: any) => e.entry), ['gpt-4.1', 'gpt-4o', 'gpt-4o-mini']);
    assert.match(f.report.skipped_entries[0].problem, /input_token_cost_rate = 2 USD per token is above the sanity bound of 0\.001/);
    assert.match(f.report.skipped_entries[1].problem, /input_token_cost_rate is negative/);
    assert.match(f.report.skipped_entries[2].problem, /output_token_cost_rate is not a number: "6e-07"/);
    // the whole entry is skipped, the rest of the source counts
    assert.deepEqual(await values('openai', 'gpt-4o', 'output_token_cost_rate'), { 'genai-prices': '0.00001', 'models.dev': '0.00001' });
    assert.equal((await values('openai', 'gpt-5', 'input_token_cost_rate')).litellm, '0.00000125');
  });

  test('a copy of the wrong shape or under a tenth of the previous one fails by name and changes nothing', async () => {
    const before = await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`;
    const shrunk = edited('models.dev', (doc) => {
      for (const key of Object.keys(doc)) if (key !== 'openai') delete doc[key];
      for (const m of Object.keys(doc.openai.models).slice(10)) delete doc.openai.models[m];
    });
    const a = await stagePrices(db.sql, 'models.dev', shrunk);
    const b = await stagePrices(db.sql, 'genai-prices', JSON.stringify({ providers: [] }));
    await sync(db.sql);
    const fa = await priceFetch(db.sql, a);
    assert.equal(fa.status, 'failed');
    assert.match(fa.error!, /^models\.dev copy \d+ has 10 models, under a tenth of the 2224 of copy \d+/);
    assert.match(fa.error!, /HINT: Nothing of this source was changed/);
    const fb = await priceFetch(db.sql, b);
    assert.equal(fb.status, 'failed');
    assert.match(fb.error!, /genai-prices copy \d+: genai-prices' data file is a JSON array of providers, got object/);
    assert.deepEqual(await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`, before);
  });

  test('a re-applied identical copy writes no value', async () => {
    const before = await db.sql`select xmin::text, * from ai_model_sync.price_values order by provider, api_identifier, key, source`;
    const id = await stagePrices(db.sql, 'models.dev', real('models.dev'));
    await sync(db.sql);
    const f = await priceFetch(db.sql, id);
    assert.equal(f.status, 'applied');
    assert.deepEqual([f.report.changed, f.report.removed], [0, 0]);
    assert.deepEqual(await db.sql`select xmin::text, * from ai_model_sync.price_values order by provider, api_identifier, key, source`, before);
  });

  test('genai-prices matches ids that come up later without a new copy', async () => {
    const doc = JSON.parse(real('genai-prices'));
    assert.ok(genaiModel(doc, 'anthropic', 'claude-sonnet-4-5'), 'the snapshot has claude-sonnet-4-5');
    assert.deepEqual(await values('anthropic', 'claude-sonnet-4-5-20250929', 'input_token_cost_rate'), { litellm: '0.000003', 'models.dev': '0.000003' });
    await db.sql`insert into ai_model_fetches (provider, payload)
                 values ('anthropic', '[{"type": "model", "id": "claude-sonnet-4-5-20250929", "display_name": "Claude Sonnet 4.5"}]')`;
    await sync(db.sql);
    assert.deepEqual(await values('anthropic', 'claude-sonnet-4-5-20250929', 'input_token_cost_rate'),
      { 'genai-prices': '0.000003', litellm: '0.000003', 'models.dev': '0.000003' });
  });
});

describe('pruning', () => {
  test('old copies of the price tables are pruned, each source\'s newest applied copy stays', async () => {
    await db.sql`update ai_price_fetches set applied_at = applied_at - interval '40 days', fetched_at = fetched_at - interval '40 days'`;
    const before = await db.sql<{ id: number; source: string; status: string }[]>`select id, source, status from ai_price_fetches order by id`;
    const newest = new Map<string, number>();
    for (const f of before) if (f.status === 'applied') newest.set(f.source, f.id);
    const [{ pruned }] = (await db.sql`select ai_models_prune_fetches('30 days') as pruned`) as unknown as [{ pruned: string }];
    const left = await db.sql<{ id: number }[]>`select id from ai_price_fetches order by id`;
    assert.deepEqual(left.map((r) => r.id), [...newest.values()].sort((a, b) => a - b));
    assert.ok(Number(pruned) >= before.length - newest.size);
  });
});
