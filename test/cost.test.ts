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
  await seedUsageModels();
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
    // the detail names the time, never the config (readers must not see what ai_models_active does not show)
    assert.match(e.detail, /^The config in force at .* lacks the rate\.$/);
    assert.doesNotMatch(e.detail, /context_window_tokens/);
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
  await assert.rejects(db.sql`select ai_models_cost('acme', null, '{"prompt_tokens": 1, "completion_tokens": 1}'::jsonb)`, /needs a provider and an api_identifier/);
  await assert.rejects(cost('chat', 10, 0, 11), (e: { code: string; message: string; hint: string }) => {
    assert.equal(e.code, '22023');
    assert.match(e.message, /cached_input_tokens \(11\) exceeds input_tokens \(10\)/);
    assert.match(e.hint, /Anthropic/);
    return true;
  });
});

// The provider's own usage object (issue 12). Rates: USD per single token; every expected total worked out by hand.
const pu = 'acme-usage';
async function seedUsageModels() {
  await db.sql`insert into ai_providers (provider, api_identifier, config) values
    (${pu}, 'claude', '{"input_token_cost_rate": 0.000003, "output_token_cost_rate": 0.000015,
                        "cache_read_input_token_cost_rate": 0.0000003, "cache_write_input_token_cost_rate": 0.00000375,
                        "cache_write_1h_input_token_cost_rate": 0.000006}'),
    (${pu}, 'claude-long', '{"input_token_cost_rate": 0.000003, "output_token_cost_rate": 0.000015,
                        "cache_read_input_token_cost_rate": 0.0000003, "long_context_threshold_tokens": 200000,
                        "long_context_input_token_cost_rate": 0.000006, "long_context_output_token_cost_rate": 0.0000225}'),
    (${pu}, 'gpt', '{"input_token_cost_rate": 0.0000025, "output_token_cost_rate": 0.00001,
                     "cache_read_input_token_cost_rate": 0.00000025, "cache_write_input_token_cost_rate": 0.000003125,
                     "input_audio_token_cost_rate": 0.00004, "output_audio_token_cost_rate": 0.00008,
                     "reasoning_output_token_cost_rate": 0.00002}'),
    (${pu}, 'gemini', '{"input_token_cost_rate": 0.00000125, "output_token_cost_rate": 0.00001,
                        "cache_read_input_token_cost_rate": 0.000000125, "long_context_threshold_tokens": 200000,
                        "long_context_input_token_cost_rate": 0.0000025, "long_context_output_token_cost_rate": 0.000015,
                        "long_context_cache_read_input_token_cost_rate": 0.00000025}'),
    (${pu}, 'gpt-audio-alias', '{"input_token_cost_rate": 0.0000025, "output_token_cost_rate": 0.00001,
                     "audio_input_token_cost_rate": 0.00004, "audio_output_token_cost_rate": 0.00008}'),
    (${pu}, 'retired', '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}'),
    (${pu}, 'unpriced', '{"context_window_tokens": 8192, "secret_note": "do not show"}')`;
  await db.sql`update ai_providers set is_active = false where provider = ${pu} and api_identifier = 'retired'`;
}

const usageCost = async (model: string, usage: unknown) => {
  const [row] = await db.sql`select ai_models_cost(${pu}, ${model}, ${db.sql.json(usage as never)}) as usd`;
  return row!.usd as string;
};

test('Anthropic usage: input_tokens exclude cache reads and writes; 5-minute and 1-hour writes at their rates', async () => {
  // 100 x 0.000003 + 1000 x 0.00000375 + 2000 x 0.000006 + 10000 x 0.0000003 + 500 x 0.000015
  // = 0.0003 + 0.00375 + 0.012 + 0.003 + 0.0075
  const usage = {
    input_tokens: 100, cache_creation_input_tokens: 3000,
    cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 },
    cache_read_input_tokens: 10000, output_tokens: 500,
  };
  assert.equal(Number(await usageCost('claude', usage)), 0.02655);
  // the whole response is accepted too
  assert.equal(Number(await usageCost('claude', { id: 'msg_1', type: 'message', usage })), 0.02655);
  // without the split every write is a 5-minute write: 0.0003 + 3000 x 0.00000375 + 0.003 + 0.0075
  assert.equal(Number(await usageCost('claude', { input_tokens: 100, cache_creation_input_tokens: 3000,
                                                  cache_read_input_tokens: 10000, output_tokens: 500 })), 0.02205);
  // cache reads and writes count towards the long-context threshold: 1000 + 199500 = 200500 > 200000, so
  // 1000 x 0.000006 + 199500 x 0.0000003 (no long-context cache rate: the cache rate) + 100 x 0.0000225
  assert.equal(Number(await usageCost('claude-long', { input_tokens: 1000, cache_read_input_tokens: 199500,
                                                       output_tokens: 100 })), 0.0681);
  // without cache fields the prompt is 1000 tokens, short: 1000 x 0.000003 + 100 x 0.000015
  assert.equal(Number(await usageCost('claude-long', { input_tokens: 1000, output_tokens: 100 })), 0.0045);
});

test('OpenAI usage: prompt_tokens include cached, written and audio tokens; completion_tokens include reasoning and audio', async () => {
  // text in 2000 - 1000 - 400 - 100 = 500 x 0.0000025 = 0.00125; cached 1000 x 0.00000025 = 0.00025;
  // written 400 x 0.000003125 = 0.00125; audio in 100 x 0.00004 = 0.004; text out 1000 - 300 - 200 = 500 x 0.00001
  // = 0.005; reasoning 300 x 0.00002 = 0.006; audio out 200 x 0.00008 = 0.016
  const chat = {
    prompt_tokens: 2000, completion_tokens: 1000, total_tokens: 3000,
    prompt_tokens_details: { cached_tokens: 1000, audio_tokens: 100, cache_write_tokens: 400 },
    completion_tokens_details: { reasoning_tokens: 300, audio_tokens: 200, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
  assert.equal(Number(await usageCost('gpt', chat)), 0.03375);
  // Responses API: 1000 x 0.0000025 + 1000 x 0.00000025 + 700 x 0.00001 + 300 x 0.00002
  const responses = { input_tokens: 2000, input_tokens_details: { cached_tokens: 1000 }, output_tokens: 1000,
                      output_tokens_details: { reasoning_tokens: 300 }, total_tokens: 3000 };
  assert.equal(Number(await usageCost('gpt', responses)), 0.01575);
  // audio_input_token_cost_rate / audio_output_token_cost_rate are accepted spellings of the audio rates:
  // 900 x 0.0000025 + 100 x 0.00004 + 800 x 0.00001 + 200 x 0.00008 = 0.00225 + 0.004 + 0.008 + 0.016
  assert.equal(Number(await usageCost('gpt-audio-alias', { prompt_tokens: 1000, completion_tokens: 1000,
    prompt_tokens_details: { audio_tokens: 100 }, completion_tokens_details: { audio_tokens: 200 } })), 0.03025);
  // a model without a reasoning rate bills reasoning at the output rate: the usage form agrees with the positional one
  const [row] = await db.sql`select ai_models_cost(${p}, 'chat', ${db.sql.json({ prompt_tokens: 1000, completion_tokens: 500,
    prompt_tokens_details: { cached_tokens: 400 }, completion_tokens_details: { reasoning_tokens: 100 } })}) as usd,
    ai_models_cost(${p}, 'chat', 1000, 500, 400) as positional`;
  // 600 x 0.0000025 + 400 x 0.00000125 + 500 x 0.00001 = 0.0015 + 0.0005 + 0.005
  assert.equal(Number(row!.usd), 0.007);
  assert.equal(Number(row!.positional), 0.007);
});

test('Google usageMetadata: promptTokenCount includes the cached content; thoughts are billed as output', async () => {
  // 600 x 0.00000125 + 400 x 0.000000125 + (200 + 300) x 0.00001 = 0.00075 + 0.00005 + 0.005
  const meta = { promptTokenCount: 1000, cachedContentTokenCount: 400, candidatesTokenCount: 200, thoughtsTokenCount: 300,
                 totalTokenCount: 1500 };
  assert.equal(Number(await usageCost('gemini', meta)), 0.0058);
  assert.equal(Number(await usageCost('gemini', { candidates: [], usageMetadata: meta })), 0.0058);
  // tool-use prompt tokens (grounding, code execution) are prompt tokens outside promptTokenCount: billed as input,
  // 0.0058 + 200 x 0.00000125; audio of the prompt (promptTokensDetails, modality AUDIO) at the audio rate when there is one
  assert.equal(Number(await usageCost('gemini', { ...meta, toolUsePromptTokenCount: 200 })), 0.00605);
  assert.equal(Number(await usageCost('gpt', { promptTokenCount: 1000, candidatesTokenCount: 0,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 900 }, { modality: 'AUDIO', tokenCount: 100 }] })), 0.00625); // 900 x 0.0000025 + 100 x 0.00004
  // a long prompt at the long-context rates: 200000 x 0.0000025 + 50000 x 0.00000025 + 2000 x 0.000015
  assert.equal(Number(await usageCost('gemini', { promptTokenCount: 250000, cachedContentTokenCount: 50000,
                                                  candidatesTokenCount: 1000, thoughtsTokenCount: 1000 })), 0.5425);
});

test("ai_models_cost's own keys: the totals with their classes", async () => {
  // the Anthropic example above in the normalized form: input 13100 = 100 + 1000 + 2000 + 10000
  assert.equal(Number(await usageCost('claude', { input_tokens: 13100, output_tokens: 500, cached_input_tokens: 10000,
                                                  cache_write_input_tokens: 1000, cache_write_1h_input_tokens: 2000 })), 0.02655);
});

test('a usage object that is malformed, mixed or inconsistent is a clear error', async () => {
  const rejects = (usage: unknown, message: RegExp) =>
    assert.rejects(usageCost('claude', usage), (e: { code: string; message: string; hint: string }) => {
      assert.equal(e.code, '22023');
      assert.match(e.message, message);
      assert.ok(e.hint);
      return true;
    });
  await rejects([1, 2], /usage must be a JSON object, got array/);
  await rejects({ tokens: 5 }, /not a usage object of a known provider/);
  await rejects({ prompt_tokens: 10, cache_read_input_tokens: 5 }, /mixes the fields of different providers/);
  await rejects({ promptTokenCount: 10, output_tokens: 5 }, /mixes the fields/);
  await rejects({ input_tokens: 1.5, output_tokens: 1 }, /usage field input_tokens must be a whole number of tokens/);
  await rejects({ prompt_tokens: 10, completion_tokens: '3' }, /usage field completion_tokens must be a whole number/);
  await rejects({ input_tokens: 1, cache_creation_input_tokens: 10,
                  cache_creation: { ephemeral_5m_input_tokens: 3, ephemeral_1h_input_tokens: 3 } }, /does not add up/);
  await rejects({ prompt_tokens: 10, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 11 } },
                /token classes of the usage exceed its totals/);
  await rejects({ prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 6 } },
                /token classes of the usage exceed its totals/);
});

test('readers price active models only (an inactive one is unknown to them); admins bill past usage of inactive ones', async () => {
  // the test's owner reads the history: an inactive model's past usage is priced
  const [owner] = await db.sql`select ai_models_cost(${pu}, 'retired', 1, 1) as usd`;
  assert.ok(Number(owner!.usd) > 0);
  await db.sql`grant ai_models_reader to current_user`.catch(() => {});
  for (const form of ['usage', 'positional'] as const) {
    await assert.rejects(
      db.sql.begin(async (tx) => {
        await tx`set local role ai_models_reader`;
        if (form === 'usage') await tx`select ai_models_cost(${pu}, 'retired', ${tx.json({ input_tokens: 1, output_tokens: 1 })}::jsonb)`;
        else await tx`select ai_models_cost(${pu}, 'retired', 1, 1)`;
      }),
      (e: { code: string; message: string }) => {
        assert.equal(e.code, 'P0002', form);
        assert.equal(e.message, 'unknown model acme-usage/retired', form);
        return true;
      },
    );
  }
  await assert.rejects(usageCost('unpriced', { input_tokens: 1, output_tokens: 0 }), (e: { code: string; message: string; detail: string }) => {
    assert.equal(e.code, '55000');
    assert.match(e.message, /is unpriced/);
    assert.doesNotMatch(e.detail, /context_window_tokens|do not show/);
    return true;
  });
  await assert.rejects(usageCost('nope', { input_tokens: 1, output_tokens: 0 }), /unknown model acme-usage\/nope/);
});

test('both forms pin search_path, and the usage form is SECURITY DEFINER like the positional one', async () => {
  const rows = await db.sql<{ sig: string; config: string[]; definer: boolean }[]>`
    select p.oid::regprocedure::text as sig, p.proconfig as config, p.prosecdef as definer
      from pg_proc p where p.proname = 'ai_models_cost' order by 1`;
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.deepEqual(r.config, ['search_path=pg_catalog, pg_temp'], r.sig);
    assert.equal(r.definer, true, r.sig);
  }
});
