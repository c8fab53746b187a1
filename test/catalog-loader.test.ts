// The catalog loader: ai_model_sync.load_catalog() and fetcher/catalog/load.ts, on a throwaway database.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { readCatalogDir } from '../fetcher/catalog/files.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

const entry = (model: string, config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  model,
  match: 'exact',
  config: { input_token_cost_rate: 0.000001, output_token_cost_rate: 0.000002, ...config },
  source_url: 'https://example.com/pricing',
  checked_on: '2026-11-25',
  notes: 'test entry',
  ...extra,
});

/** A catalog dir with one file per provider: { openai: [entries] }. */
function catalogDir(files: Record<string, unknown[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
  for (const [provider, entries] of Object.entries(files)) {
    writeFileSync(join(dir, `${provider}.json`), JSON.stringify({ provider, entries }, null, 2));
  }
  return dir;
}

async function snapshot() {
  return db.sql`select provider, model, match, tier::text, config, source_url, checked_on::text, notes, updated_at
                from ai_model_catalog order by provider, model, tier`;
}

async function load(tier: string, entries: unknown[], label = 'test', providers: string[] | null = null) {
  const [row] = await db.sql`select ai_model_sync.load_catalog(${tier}::ai_model_sync.catalog_tier, ${db.sql.json(entries as never)}::jsonb, ${label}, ${providers}::text[]) as r`;
  return row!.r as Record<string, unknown>;
}

describe('loading the built-in catalog', () => {
  test('inserts, then reloads without writing, then replaces changed and removed entries', async () => {
    const dir = catalogDir({ openai: [entry('gpt-a'), entry('gpt-b')], anthropic: [entry('claude-a')] });
    try {
      const first = await loadBuiltinCatalog(db.sql, dir);
      assert.deepEqual([first.inserted, first.updated, first.deleted, first.unchanged], [3, 0, 0, 0]);
      const before = await snapshot();

      const again = await loadBuiltinCatalog(db.sql, dir);
      assert.deepEqual([again.inserted, again.updated, again.deleted, again.unchanged], [0, 0, 0, 3]);
      assert.deepEqual(await snapshot(), before, 'an unchanged reload writes nothing (updated_at kept)');

      writeFileSync(join(dir, 'openai.json'), JSON.stringify({ provider: 'openai', entries: [entry('gpt-a', { input_token_cost_rate: 0.000003 }), entry('gpt-c')] }));
      const changed = await loadBuiltinCatalog(db.sql, dir);
      assert.deepEqual([changed.inserted, changed.updated, changed.deleted, changed.unchanged], [1, 1, 1, 1]);
      assert.deepEqual(
        changed.changes.map((c) => `${c.action} ${c.provider}/${c.model}`).sort(),
        ['deleted openai/gpt-b', 'inserted openai/gpt-c', 'updated openai/gpt-a'],
      );
      const rows = await db.sql`select model, (config->>'input_token_cost_rate')::numeric as input from ai_model_catalog where tier = 'builtin' and provider = 'openai' order by model`;
      assert.deepEqual(rows.map((r) => [r.model, Number(r.input)]), [['gpt-a', 0.000003], ['gpt-c', 0.000001]]);
      const [claude] = await db.sql`select updated_at from ai_model_catalog where model = 'claude-a'`;
      assert.deepEqual(claude!.updated_at, before.find((r) => r.model === 'claude-a')!.updated_at, 'other providers untouched');

      // An emptied provider file removes that provider's built-in rows.
      writeFileSync(join(dir, 'anthropic.json'), JSON.stringify({ provider: 'anthropic', entries: [] }));
      const emptied = await loadBuiltinCatalog(db.sql, dir);
      assert.equal(emptied.deleted, 1);
    } finally {
      rmSync(dir, { recursive: true });
      await db.sql`delete from ai_model_catalog`;
    }
  });

  test('never touches admin or imported rows, and refuses to load the admin tier', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, config) values ('openai', 'gpt-a', 'exact', '{"input_token_cost_rate": 0.0000005}')`;
    await load('imported', [{ provider: 'openai', model: 'gpt-a', match: 'exact', config: { input_token_cost_rate: 0.0000007 } }], 'litellm.json');
    const before = await db.sql`select tier::text, config, updated_at from ai_model_catalog order by tier`;
    const dir = catalogDir({ openai: [entry('gpt-b')] });
    try {
      await loadBuiltinCatalog(db.sql, dir); // no gpt-a in the files: only builtin rows may go
      await loadBuiltinCatalog(db.sql, catalogDir({ openai: [] }));
      const afterRows = await db.sql`select tier::text, config, updated_at from ai_model_catalog order by tier`;
      assert.deepEqual(afterRows, before);
      await assert.rejects(load('admin', []), (e: Error) => /cannot load tier admin/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true });
      await db.sql`delete from ai_model_catalog`;
    }
  });
});

describe('bad input fails with file, entry and reason, and changes nothing', () => {
  const cases: [string, unknown, RegExp][] = [
    ['missing model', { match: 'exact', config: {}, source_url: 'https://x.test', checked_on: '2026-11-25' }, /entry #2 \(openai\/\?\): missing field "model"/],
    ['missing config', { ...entry('gpt-x'), config: undefined }, /entry #2 \(openai\/gpt-x\): missing field "config"/],
    ['missing match', { ...entry('gpt-x'), match: undefined }, /missing field "match"/],
    ['missing source_url', { ...entry('gpt-x'), source_url: undefined }, /missing field "source_url"/],
    ['missing checked_on', { ...entry('gpt-x'), checked_on: undefined }, /missing field "checked_on"/],
    ['bad date', entry('gpt-x', {}, { checked_on: '2026-02-30' }), /"checked_on" is not a date/],
    ['unknown match', entry('gpt-x', {}, { match: 'prefix' }), /unknown match "prefix"/],
    ['family on a dated id', entry('gpt-x-2024-08-06', {}, { match: 'family' }), /family entry must name a base id.*"gpt-x"/],
    ['unknown field', entry('gpt-x', {}, { modle: 'gpt-y' }), /unknown field "modle"/],
    ['negative price', entry('gpt-x', { output_token_cost_rate: -0.000001 }), /price output_token_cost_rate is negative/],
    ['non-numeric price', entry('gpt-x', { input_token_cost_rate: '0.000001' }), /price input_token_cost_rate is not a number/],
    ['per-1M price', entry('gpt-x', { input_token_cost_rate: 2.5 }), /input_token_cost_rate = 2\.5 USD per token is above the sanity bound of 0\.001.*per-1M/],
    ['invalid config (core check)', entry('gpt-x', { context_window_tokens: 0 }), /invalid config: .*context_window_tokens/],
    ['long-context rate without threshold', entry('gpt-x', { long_context_input_token_cost_rate: 0.000002 }), /without long_context_threshold_tokens/],
    ['duplicate id', entry('gpt-ok'), /entry #2 \(openai\/gpt-ok\): duplicate entry: openai\/gpt-ok is also claimed by entry #1/],
  ];
  for (const [name, bad, reason] of cases) {
    test(name, async () => {
      const good = catalogDir({ openai: [entry('gpt-ok')], google: [entry('gemini-ok')] });
      const dir = catalogDir({ openai: [entry('gpt-ok'), JSON.parse(JSON.stringify(bad))], google: [entry('gemini-ok', { input_token_cost_rate: 0.000009 })] });
      try {
        await loadBuiltinCatalog(db.sql, good);
        const before = await snapshot();
        await assert.rejects(loadBuiltinCatalog(db.sql, dir), (e: Error & { detail?: string; hint?: string }) => {
          assert.match(e.message, /^catalog load "db\/catalog" rejected: .*openai\.json entry #2/);
          assert.match(`${e.message}\n${e.detail}`, reason);
          assert.match(e.hint ?? '', /nothing was changed/);
          return true;
        });
        assert.deepEqual(await snapshot(), before, 'the table is left as it was (google was not updated either)');
      } finally {
        rmSync(good, { recursive: true });
        rmSync(dir, { recursive: true });
        await db.sql`delete from ai_model_catalog`;
      }
    });
  }

  test('a file that is not JSON, or names another provider, is rejected before the database is asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    try {
      writeFileSync(join(dir, 'openai.json'), '{"provider": "openai", "entries": [');
      assert.throws(() => readCatalogDir(dir), /openai\.json: not valid JSON/);
      writeFileSync(join(dir, 'openai.json'), JSON.stringify({ provider: 'openai', entries: [{ ...entry('x'), provider: 'google' }] }));
      assert.throws(() => readCatalogDir(dir), /openai\.json: entry #1 \(x\) says provider "google"/);
      writeFileSync(join(dir, 'openai.json'), JSON.stringify({ provider: 'mistral', entries: [] }));
      assert.throws(() => readCatalogDir(dir), /file name must be mistral\.json/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('every problem is listed in the detail, one line per entry', async () => {
    await assert.rejects(
      load('builtin', [{ provider: 'openai', model: 'a', match: 'exact', config: { input_token_cost_rate: -1 } }, 42], 'x.json'),
      (e: Error & { detail?: string }) => {
        const lines = e.detail!.split('\n');
        assert.ok(lines.some((l) => /^x\.json entry #1 \(openai\/a\): price input_token_cost_rate is negative/.test(l)), e.detail);
        assert.ok(lines.some((l) => /^x\.json entry #1 \(openai\/a\): missing field "source_url"/.test(l)), e.detail);
        assert.ok(lines.some((l) => /^x\.json entry #2 \(\?\/\?\): an entry must be a JSON object/.test(l)), e.detail);
        return true;
      },
    );
  });
});

test('the token-class rates of issue 12 load (cache writes 5-minute / 1-hour, audio, reasoning), and dated prices are stored', async () => {
  const classes = {
    cache_read_input_token_cost_rate: 0.0000003, cache_write_input_token_cost_rate: 0.00000375,
    cache_write_1h_input_token_cost_rate: 0.000006, input_audio_token_cost_rate: 0.00004,
    output_audio_token_cost_rate: 0.00008, reasoning_output_token_cost_rate: 0.00002,
  };
  const prices = [{ from: '2027-01-01', config: { input_token_cost_rate: 0.000002 } }];
  await load('imported', [{ provider: 'acme-classes', ...entry('m', classes, { prices }) }]);
  const [row] = await db.sql<{ config: Record<string, number>; prices: unknown }[]>`
    select config, prices from ai_model_catalog where provider = 'acme-classes' and model = 'm'`;
  for (const [k, v] of Object.entries(classes)) assert.equal(row!.config[k], v, k);
  assert.deepEqual(row!.prices, prices);
  // a class rate is checked like every price: a per-1M value is refused
  await assert.rejects(load('imported', [{ provider: 'acme-classes', ...entry('m', { reasoning_output_token_cost_rate: 20 }) }]),
                       /price reasoning_output_token_cost_rate = 20 USD per token is above the sanity bound/);
  // reloading without prices removes them
  await load('imported', [{ provider: 'acme-classes', ...entry('m', classes) }]);
  const [again] = await db.sql`select prices from ai_model_catalog where provider = 'acme-classes' and model = 'm'`;
  assert.equal(again!.prices, null);
});
