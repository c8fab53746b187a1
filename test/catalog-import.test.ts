// The LiteLLM importer (`make catalog-import FILE=…`): a local copy of the litellm price source (issue 13), mapped
// and checked by the database like a fetched one. It counts as one source of the consensus and never outranks the
// built-in catalog; duplicate keys are reported; problems name the file's own key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { formatImport, importLiteLLM } from '../fetcher/catalog/import-litellm.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { real, stagePrices } from './helpers/prices.ts';
import { openaiModel, stageAndSync } from './helpers/sync.ts';

const fixture = (name: string) => resolve(import.meta.dirname, 'fixtures', name);
const small = readFileSync(fixture('litellm-small.json'), 'utf8');

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

async function values(source: string) {
  const rows = await db.sql<{ id: string; key: string; value: string }[]>`
    select provider || '/' || api_identifier as id, key, pg_catalog.trim_scale(value)::text as value
      from ai_model_sync.price_values where source = ${source} order by 1, 2`;
  return rows.map((r) => `${r.id} ${r.key} ${r.value}`);
}

describe('importing a LiteLLM file', () => {
  test('maps the supported providers and text modes by LiteLLM\'s rules, as the litellm source', async () => {
    const r = await importLiteLLM(db.sql, small, 'litellm-small.json');
    assert.equal(r.status, 'applied', r.error);
    assert.equal(r.report.models, 9);
    const v = await values('litellm');
    assert.ok(v.includes('openai/gpt-4o input_token_cost_rate 0.0000025'), v.join('\n'));
    assert.ok(v.includes('openai/gpt-4o cache_read_input_token_cost_rate 0.00000125'));
    assert.ok(v.includes('anthropic/claude-sonnet-4-5-20250929 cache_write_1h_input_token_cost_rate 0.000006'));
    assert.ok(v.includes('anthropic/claude-sonnet-4-5-20250929 long_context_threshold_tokens 200000'));
    assert.ok(v.includes('google/gemini-2.5-pro long_context_cache_read_input_token_cost_rate 0.00000025'));
    assert.ok(v.includes('mistral/mistral-large-latest input_token_cost_rate 0.000002'));
    assert.ok(!v.some((x) => x.includes('dall-e') || x.includes('vertex') || x.includes('bedrock')), 'images, vertex_ai and bedrock are not ours');
    const [row] = await db.sql`select location, status from ai_price_fetches where id = ${r.fetch}`;
    assert.deepEqual({ ...row }, { location: 'litellm-small.json', status: 'applied' });
  });

  test('never outranks the built-in catalog, and one file alone prices nothing', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, tier, config)
                 values ('openai', 'gpt-4o', 'family', 'builtin', '{"input_token_cost_rate": 0.000003}')`;
    const text = small.replace('"input_cost_per_token": 2.5e-06', '"input_cost_per_token": 2.2e-06');
    assert.equal((await importLiteLLM(db.sql, text, 'litellm-next.json')).status, 'applied');
    const r = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('text-embedding-3-small')]);
    const rows = await db.sql<{ api_identifier: string; config: Record<string, unknown> }[]>`
      select api_identifier, config from ai_providers where provider = 'openai' order by 1`;
    assert.equal(rows[0]!.config.input_token_cost_rate, 0.000003, 'the built-in value stays');
    assert.equal(rows[0]!.config.cache_read_input_token_cost_rate, undefined, 'one source is no consensus');
    assert.deepEqual(r.unpriced, ['text-embedding-3-small']);
  });

  test('the old imported tier, which outranked the built-in catalog, is removed by the next import', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, tier, config)
                 values ('openai', 'gpt-4o', 'exact', 'imported', '{"input_token_cost_rate": 0.0000022}')`;
    const r = await importLiteLLM(db.sql, small, 'litellm-small.json');
    assert.equal(r.legacy_removed, 1);
    assert.match(formatImport(r), /removed 1 rows of the old imported catalog tier/);
    const [left] = await db.sql`select count(*)::int as n from ai_model_catalog where tier = 'imported'`;
    assert.equal(left!.n, 0);
  });

  test('entries out of the sanity bounds are skipped by the file\'s own key; the rest counts', async () => {
    const r = await importLiteLLM(db.sql, readFileSync(fixture('litellm-bad.json'), 'utf8'), 'litellm-bad.json');
    assert.equal(r.status, 'applied');
    const text = formatImport(r);
    assert.match(text, /skipped "gpt-4o-mini": input_token_cost_rate = 0\.15 USD per token is above the sanity bound of 0\.001 USD per token/);
    assert.match(text, /skipped "claude-3-haiku-20240307": input_token_cost_rate is negative: -0\.00000025/);
    assert.match(text, /skipped "claude-3-haiku-20240307": output_token_cost_rate is not a number: "1\.25e-06"/);
    assert.deepEqual(await values('litellm'), ['openai/gpt-4o input_token_cost_rate 0.0000025', 'openai/gpt-4o output_token_cost_rate 0.00001']);
  });

  test('a file that is not JSON, or not a cost map, is rejected with its name and changes nothing', async () => {
    const before = await values('litellm');
    await assert.rejects(importLiteLLM(db.sql, '{"gpt-4o": ', 'broken.json'), /broken\.json: not valid JSON/);
    await assert.rejects(importLiteLLM(db.sql, '[1, 2]', 'list.json'), /list\.json: not a JSON object keyed by model name \(a LiteLLM cost map\)/);
    assert.deepEqual(await values('litellm'), before);
  });
});

describe('the real LiteLLM file', () => {
  test('its duplicate keys are reported, those with different prices named (codestral/ vs mistral/codestral-latest)', async () => {
    const fresh = await createTestDatabase();
    try {
      const r = await importLiteLLM(fresh.sql, real('litellm'), 'litellm.json');
      assert.equal(r.status, 'applied', r.error);
      const conflicting = r.report.duplicates!.filter((d) => d.conflicting_keys.length > 0).map((d) => `${d.provider}/${d.api_identifier}`);
      assert.deepEqual(conflicting, ['google/gemini-exp-1206', 'google/gemini-flash-latest', 'google/gemini-flash-lite-latest', 'mistral/codestral-2405', 'mistral/codestral-latest']);
      assert.equal(r.report.duplicates!.length, 11);
      const text = formatImport(r);
      assert.match(text, /duplicate mistral\/codestral-latest: keys "codestral\/codestral-latest", "mistral\/codestral-latest" price input_token_cost_rate, output_token_cost_rate differently: counted for none/);
      assert.match(text, /duplicate deepseek\/deepseek-chat: keys "deepseek-chat", "deepseek\/deepseek-chat" agree/);
      // a fetched copy of the same source replaces the import (one source, whichever copy is newest)
      const id = await stagePrices(fresh.sql, 'litellm', real('litellm'));
      await fresh.sql`call sync_ai_models()`;
      const [row] = await fresh.sql`select status from ai_price_fetches where id = ${id}`;
      assert.equal(row!.status, 'applied');
      const [n] = await fresh.sql`select count(distinct fetch_id)::int as n from ai_model_sync.price_values where source = 'litellm'`;
      assert.equal(n!.n, 1, 'the values of the first copy, unchanged by the second');
    } finally {
      await fresh.drop();
    }
  });
});
