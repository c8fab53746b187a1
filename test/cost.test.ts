// ai_models_cost(): USD for a request's tokens, at the prices of a given time. Expected values are worked out by
// hand from the configs below (rates in USD per single token).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
const p = 'acme-cost';
before(async () => {
  db = await createTestDatabase();
  await db.sql`insert into ai_providers (provider, api_identifier, config) values
    (${p}, 'chat', '{"input_token_cost_rate": 0.0000025, "output_token_cost_rate": 0.00001, "cache_read_input_token_cost_rate": 0.00000125}'),
    (${p}, 'no-cache-price', '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}'),
    (${p}, 'long', '{"input_token_cost_rate": 0.00000125, "output_token_cost_rate": 0.00001,
                     "cache_read_input_token_cost_rate": 0.00000031,
                     "long_context_threshold_tokens": 200000,
                     "long_context_input_token_cost_rate": 0.0000025, "long_context_output_token_cost_rate": 0.000015}'),
    (${p}, 'long-cached', '{"input_token_cost_rate": 0.00000125, "output_token_cost_rate": 0.00001,
                     "cache_read_input_token_cost_rate": 0.00000031, "long_context_threshold_tokens": 200000,
                     "long_context_input_token_cost_rate": 0.0000025, "long_context_cache_read_input_token_cost_rate": 0.000000625}'),
    (${p}, 'embedding', '{"input_token_cost_rate": 0.00000002}'),
    (${p}, 'unpriced', '{"context_window_tokens": 8192}')`;
});
after(() => db.drop());

const cost = async (model: string, input: number, output: number, cached = 0) => {
  const [row] = await db.sql`select ai_models_cost(${p}, ${model}, ${input}, ${output}, ${cached}) as usd`;
  return row!.usd as string;
};

test('input and output tokens at their rates', async () => {
  // 1000 x 0.0000025 + 500 x 0.00001 = 0.0025 + 0.005
  assert.equal(Number(await cost('chat', 1000, 500)), 0.0075);
  assert.equal(Number(await cost('chat', 0, 0)), 0);
  // 1 000 000 input tokens at 2.50 USD per million
  assert.equal(Number(await cost('chat', 1_000_000, 0)), 2.5);
  // exact decimal arithmetic, no float rounding: 3 x 0.0000025 = 0.0000075
  const [{ exact }] = (await db.sql`select ai_models_cost(${p}, 'chat', 3, 0) = 0.0000075 as exact`) as unknown as [{ exact: boolean }];
  assert.equal(exact, true);
});

test('cached input tokens at the cache-read rate when priced, else at the input rate', async () => {
  // 1000 prompt tokens of which 400 cached: 600 x 0.0000025 + 400 x 0.00000125 = 0.0015 + 0.0005
  assert.equal(Number(await cost('chat', 1000, 0, 400)), 0.002);
  // no cache price: every prompt token at 0.000001
  assert.equal(Number(await cost('no-cache-price', 1000, 0, 400)), 0.001);
});

test('a prompt longer than long_context_threshold_tokens is billed at the long-context rates', async () => {
  // at the threshold: 200000 x 0.00000125 + 1000 x 0.00001 = 0.25 + 0.01
  assert.equal(Number(await cost('long', 200_000, 1000)), 0.26);
  // one token more: 200001 x 0.0000025 + 1000 x 0.000015 = 0.5000025 + 0.015
  assert.equal(Number(await cost('long', 200_001, 1000)), 0.5150025);
  // cached tokens of a long prompt: the long-context cache rate when there is one...
  // 100001 x 0.0000025 + 100000 x 0.000000625 = 0.2500025 + 0.0625
  assert.equal(Number(await cost('long-cached', 200_001, 0, 100_000)), 0.3125025);
  // ...else the cache rate: 100001 x 0.0000025 + 100000 x 0.00000031 = 0.2500025 + 0.031
  assert.equal(Number(await cost('long', 200_001, 0, 100_000)), 0.2810025);
  // no long-context output rate: the base output rate (0.00001)
  assert.equal(Number(await cost('long-cached', 200_001, 1000)), 0.5100025); // 0.5000025 + 1000 x 0.00001
});

test('a model without an output price prices input-only usage', async () => {
  // 1000 x 0.00000002
  assert.equal(Number(await cost('embedding', 1000, 0)), 0.00002);
  await assert.rejects(cost('embedding', 1000, 10), (e: { code: string; message: string; hint: string }) => {
    assert.equal(e.code, '55000');
    assert.match(e.message, /model acme-cost\/embedding has no output_token_cost_rate but the usage has 10 output tokens/);
    return true;
  });
});

test('the prices of the time the usage happened', async () => {
  const p2 = 'acme-cost-history';
  await db.sql`insert into ai_providers (provider, api_identifier, config) values (${p2}, 'm', '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}')`;
  await db.sql`update ai_providers set config = '{"input_token_cost_rate": 0.000003, "output_token_cost_rate": 0.000004}' where provider = ${p2}`;
  const [row] = await db.sql`
    select ai_models_cost(${p2}, 'm', 1000, 1000, 0, h.changed_at - interval '1 microsecond') as before_change,
           ai_models_cost(${p2}, 'm', 1000, 1000, 0, h.changed_at) as at_change,
           ai_models_cost(${p2}, 'm', 1000, 1000) as now
      from ai_provider_history h where h.provider = ${p2} and h.operation = 'update'`;
  assert.equal(Number(row!.before_change), 0.003); // 1000 x 0.000001 + 1000 x 0.000002
  assert.equal(Number(row!.at_change), 0.007); // 1000 x 0.000003 + 1000 x 0.000004
  assert.equal(Number(row!.now), 0.007);
  await assert.rejects(
    db.sql`select ai_models_cost(${p2}, 'm', 1, 1, 0, p.created_at - interval '1 day') from ai_providers p
            where p.provider = ${p2}`,
    (e: { code: string; message: string; detail: string }) => {
      assert.equal(e.code, 'P0002');
      assert.match(e.message, /^model acme-cost-history\/m had no row at /);
      assert.match(e.detail, /^Its row was created at /);
      return true;
    },
  );
});

test('an unknown model is a clear error', async () => {
  await assert.rejects(cost('gpt-unknown', 1, 1), (e: { code: string; message: string; detail: string; hint: string }) => {
    assert.equal(e.code, 'P0002');
    assert.equal(e.message, 'unknown model acme-cost/gpt-unknown');
    assert.match(e.detail, /No row of ai_providers has, or ever had/);
    assert.match(e.hint, /select provider, api_identifier from ai_models_active/);
    return true;
  });
});

test('an unpriced model is a clear error', async () => {
  await assert.rejects(cost('unpriced', 100, 0), (e: { code: string; message: string; detail: string; hint: string }) => {
    assert.equal(e.code, '55000');
    assert.equal(e.message, 'model acme-cost/unpriced is unpriced: its config has no input_token_cost_rate');
    assert.match(e.detail, /context_window_tokens/);
    assert.match(e.hint, /ai_model_catalog/);
    assert.match(e.hint, /ai_models_unpriced/);
    return true;
  });
});

test('negative or missing token counts, and more cached than prompt tokens, are clear errors', async () => {
  for (const [input, output, cached] of [[-1, 0, 0], [0, -5, 0], [10, 0, -1]] as const) {
    await assert.rejects(cost('chat', input, output, cached), (e: { code: string; message: string; detail: string; hint: string }) => {
      assert.equal(e.code, '22023');
      assert.equal(e.message, 'token counts must be zero or more for acme-cost/chat');
      assert.equal(e.detail, `input_tokens = ${input}, output_tokens = ${output}, cached_input_tokens = ${cached}`);
      assert.ok(e.hint);
      return true;
    });
  }
  await assert.rejects(db.sql`select ai_models_cost(${p}, 'chat', null, 1)`, /token counts must be zero or more/);
  await assert.rejects(db.sql`select ai_models_cost(null, 'chat', 1, 1)`, /needs a provider and an api_identifier/);
  await assert.rejects(cost('chat', 10, 0, 11), (e: { code: string; message: string; hint: string }) => {
    assert.equal(e.code, '22023');
    assert.match(e.message, /cached_input_tokens \(11\) exceeds input_tokens \(10\)/);
    assert.match(e.hint, /Anthropic/);
    return true;
  });
});
