// The built-in data files themselves: shape, sorting, per-token prices, tokenization per family, and
// that they load cleanly (twice, the second time writing nothing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultCatalogDir, readCatalogDir } from '../fetcher/catalog/files.ts';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const catalog = readCatalogDir();
/** The OpenAI-compatible presets that ship a data file (SPEC 6), named as the fetcher names them. */
const presetProviders = ['mistral', 'groq', 'deepseek', 'xai', 'together', 'fireworks'];

describe('the built-in data files', () => {
  test('cover OpenAI, Anthropic, Google and the OpenAI-compatible presets', () => {
    for (const p of ['openai', 'anthropic', 'google', ...presetProviders]) {
      assert.ok(catalog.providers.includes(p), p);
      assert.ok(catalog.entries.some((e) => e.provider === p), `${p} has entries`);
    }
  });

  test('preset entries name exact ids: their aliases and dated ids move between differently priced models', () => {
    for (const e of catalog.entries.filter((x) => presetProviders.includes(x.provider))) {
      assert.equal(e.match, 'exact', `${e.provider}/${e.model}`);
    }
  });

  for (const file of catalog.files) {
    test(`${file} is sorted by model and every entry is complete`, () => {
      const doc = JSON.parse(readFileSync(join(defaultCatalogDir, '..', '..', file), 'utf8')) as { entries: { model: string }[] };
      const models = doc.entries.map((e) => e.model);
      assert.deepEqual(models, [...models].sort(), 'entries sorted by model');
    });
  }

  test('prices are USD per single token, with a source and a date', () => {
    for (const e of catalog.entries) {
      const id = `${e.provider}/${e.model}`;
      assert.match(e.source_url ?? '', /^https:\/\//, id);
      assert.match(e.checked_on ?? '', /^\d{4}-\d{2}-\d{2}$/, id);
      assert.ok((e.notes ?? '').length > 10, `${id}: notes say what was cross-checked`);
      const rates = Object.entries(e.config).filter(([k]) => k.endsWith('_cost_rate'));
      assert.ok(rates.some(([k]) => k === 'input_token_cost_rate'), `${id}: has an input price`);
      for (const [k, v] of rates) {
        assert.equal(typeof v, 'number', `${id} ${k}`);
        assert.ok((v as number) >= 0 && (v as number) <= 0.001, `${id} ${k} = ${v} is per token`);
      }
    }
  });

  test('tokenization strategy per family', () => {
    for (const e of catalog.entries) {
      const t = e.config.tokenization_strategy as Record<string, unknown> | undefined;
      const id = `${e.provider}/${e.model}`;
      assert.ok(t, `${id} has a tokenization_strategy`);
      if (e.provider === 'anthropic') assert.deepEqual(t, { type: 'anthropic_tokenizer', model: e.model }, id);
      if (e.provider === 'google') assert.deepEqual(t, { type: 'google_gemini_tokenizer' }, id);
      if (presetProviders.includes(e.provider)) assert.deepEqual(t, { type: 'rough_char_count', chars_per_token_ratio: 4 }, id);
      if (e.provider === 'openai') {
        const cl100k = /^(gpt-4($|-turbo|-0|-1)|gpt-3\.5|text-embedding-)/.test(e.model);
        assert.equal((t as Record<string, unknown>).type, 'tiktoken', id);
        assert.equal((t as Record<string, unknown>).tiktoken_encoding_name, cl100k ? 'cl100k_base' : 'o200k_base', id);
      }
    }
  });

  describe('loading them', () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase();
    });
    after(async () => {
      await db?.drop();
    });
    test('loads every entry, and a reload changes nothing', async () => {
      const first = await loadBuiltinCatalog(db.sql);
      assert.equal(first.inserted, catalog.entries.length);
      const again = await loadBuiltinCatalog(db.sql);
      assert.deepEqual([again.inserted, again.updated, again.deleted, again.unchanged], [0, 0, 0, catalog.entries.length]);
    });
  });
});
