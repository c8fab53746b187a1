// The LiteLLM importer: conversion of the cost map format, and loading it as the 'imported' tier.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { convertLiteLLM, importLiteLLM } from '../fetcher/catalog/import-litellm.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const fixture = (name: string) => resolve(import.meta.dirname, 'fixtures', name);
const small = readFileSync(fixture('litellm-small.json'), 'utf8');

describe('converting a LiteLLM cost map', () => {
  const { entries, skipped, skippedProviders } = convertLiteLLM(JSON.parse(small), 'litellm-small.json');
  const byId = new Map(entries.map((e) => [`${e.provider}/${e.model}`, e]));

  test('keeps the supported providers and text modes, strips provider prefixes', () => {
    assert.deepEqual([...byId.keys()].sort(), [
      'anthropic/claude-sonnet-4-5-20250929',
      'google/gemini-2.5-pro',
      'mistral/mistral-large-latest',
      'openai/gpt-4o',
      'openai/text-embedding-3-small',
    ]);
    assert.ok(entries.every((e) => e.match === 'exact'));
  });

  test('counts what it skipped', () => {
    assert.deepEqual(skipped, { unsupported_provider: 2, unsupported_mode: 2, no_price: 0, sample_spec: 1 });
    assert.deepEqual(skippedProviders, { 'vertex_ai-language-models': 1, bedrock: 1 });
  });

  test('maps prices, cache rates, long-context tiers and limits to config keys', () => {
    assert.deepEqual(byId.get('openai/gpt-4o')!.config, {
      input_token_cost_rate: 2.5e-6,
      output_token_cost_rate: 1e-5,
      cache_read_input_token_cost_rate: 1.25e-6,
      context_window_tokens: 128000,
      hard_cap_output_tokens: 16384,
    });
    assert.deepEqual(byId.get('anthropic/claude-sonnet-4-5-20250929')!.config, {
      input_token_cost_rate: 3e-6,
      output_token_cost_rate: 1.5e-5,
      cache_read_input_token_cost_rate: 3e-7,
      cache_write_input_token_cost_rate: 3.75e-6,
      cache_write_1h_input_token_cost_rate: 6e-6,
      long_context_threshold_tokens: 200000,
      long_context_input_token_cost_rate: 6e-6,
      long_context_output_token_cost_rate: 2.25e-5,
      context_window_tokens: 200000,
      hard_cap_output_tokens: 64000,
    });
    const gemini = byId.get('google/gemini-2.5-pro')!;
    assert.equal(gemini.config.long_context_cache_read_input_token_cost_rate, 2.5e-7);
    assert.equal(gemini.source_url, 'https://ai.google.dev/gemini-api/docs/pricing');
    assert.match(gemini.notes, /key "gemini\/gemini-2\.5-pro"/);
  });
});

describe('importing as the imported tier', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('loads between builtin and admin, reports changes, and a re-import writes nothing', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, tier, config, source_url, checked_on)
                 values ('openai', 'gpt-4o', 'family', 'builtin', '{"input_token_cost_rate": 0.0000025}', 'https://x.test', '2026-11-25'),
                        ('openai', 'gpt-4o', 'exact', 'admin', '{"input_token_cost_rate": 0.000002}', null, null)`;
    const first = await importLiteLLM(db.sql, small, 'litellm-small.json');
    assert.deepEqual([first.tier, first.inserted, first.updated, first.deleted, first.unchanged], ['imported', 5, 0, 0, 0]);
    assert.equal(first.skipped.unsupported_provider, 2);
    const again = await importLiteLLM(db.sql, small, 'litellm-small.json');
    assert.deepEqual([again.inserted, again.updated, again.deleted, again.unchanged], [0, 0, 0, 5]);

    // A newer file: one price moved, one model gone.
    const map = JSON.parse(small);
    map['gpt-4o'].input_cost_per_token = 2e-6;
    delete map['mistral/mistral-large-latest'];
    const next = await importLiteLLM(db.sql, JSON.stringify(map), 'litellm-next.json');
    assert.deepEqual(next.changes.map((c) => `${c.action} ${c.provider}/${c.model}`), ['deleted mistral/mistral-large-latest', 'updated openai/gpt-4o']);

    const tiers = await db.sql`select tier::text, config->>'input_token_cost_rate' as input from ai_model_catalog
                               where provider = 'openai' and model = 'gpt-4o' order by ai_model_catalog.tier`;
    assert.deepEqual(tiers.map((r) => [r.tier, Number(r.input)]), [['builtin', 2.5e-6], ['imported', 2e-6], ['admin', 2e-6]]);
  });

  test('a bad file fails with the key and reason and leaves the table as it was', async () => {
    const before = await db.sql`select provider, model, tier::text, config, updated_at from ai_model_catalog order by 1, 2, 3`;
    await assert.rejects(importLiteLLM(db.sql, readFileSync(fixture('litellm-bad.json'), 'utf8'), 'litellm-bad.json'), (e: Error & { detail?: string }) => {
      assert.match(e.message, /catalog load "litellm-bad\.json" rejected: litellm-bad\.json entry #2 \(openai\/gpt-4o-mini\): price input_token_cost_rate = 0\.15 USD per token is above the sanity bound/);
      assert.match(e.detail!, /entry #3 \(anthropic\/claude-3-haiku-20240307\): price input_token_cost_rate is negative/);
      assert.match(e.detail!, /entry #3 \(anthropic\/claude-3-haiku-20240307\): price output_token_cost_rate is not a number: "1\.25e-06"/);
      return true;
    });
    await assert.rejects(importLiteLLM(db.sql, '{"gpt-4o": ', 'broken.json'), /broken\.json: not valid JSON/);
    const afterRows = await db.sql`select provider, model, tier::text, config, updated_at from ai_model_catalog order by 1, 2, 3`;
    assert.deepEqual(afterRows, before);
  });
});
