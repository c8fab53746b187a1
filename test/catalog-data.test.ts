// The built-in data files themselves: shape, sorting, per-token prices, tokenization per family, and
// that they load cleanly (twice, the second time writing nothing).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultCatalogDir, readCatalogDir } from '../fetcher/catalog/files.ts';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { limitExemptions, noLimitListProviders, requiredLimits, versionBase } from './helpers/catalog-limits.ts';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';

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
      // Anthropic's count-tokens API takes the model's own id. A family entry's {"model": "<family>"} would be
      // inherited by every snapshot it prices (claude-3-haiku-20240307 -> "claude-3-haiku", which the API
      // rejects), so Anthropic entries leave it to the sync's default: the row's own api_identifier.
      if (e.provider === 'anthropic') {
        assert.equal(t, undefined, `${id}: no tokenization_strategy (the sync sets the row's own id)`);
        continue;
      }
      assert.ok(t, `${id} has a tokenization_strategy`);
      if (e.provider === 'google') assert.deepEqual(t, { type: 'google_gemini_tokenizer' }, id);
      if (presetProviders.includes(e.provider)) assert.deepEqual(t, { type: 'rough_char_count', chars_per_token_ratio: 4 }, id);
      if (e.provider === 'openai') {
        const cl100k = /^(gpt-4($|-turbo|-0|-1)|gpt-3\.5|text-embedding-)/.test(e.model);
        assert.equal((t as Record<string, unknown>).type, 'tiktoken', id);
        assert.equal((t as Record<string, unknown>).tiktoken_encoding_name, cl100k ? 'cl100k_base' : 'o200k_base', id);
      }
    }
  });

  test('every chat / reasoning / audio entry of a provider whose list reports no limits has a window and a cap (embeddings: a window)', () => {
    const coverage = readFileSync(join(projectRoot, 'docs', 'catalog-coverage.md'), 'utf8');
    let checked = 0;
    for (const e of catalog.entries.filter((x) => noLimitListProviders.includes(x.provider))) {
      const id = `${e.provider}/${e.model}`;
      const missing = requiredLimits(e.model).filter((k) => typeof e.config[k] !== 'number');
      const exemption = limitExemptions[id];
      assert.deepEqual(missing, exemption?.keys ?? [], `${id}: missing ${missing.join(', ') || 'nothing'}${exemption ? '' : ' (no exemption)'}`);
      if (exemption) assert.ok(coverage.includes(`\`${e.model}\``), `${id}: its missing limit is explained in docs/catalog-coverage.md`);
      checked++;
    }
    assert.ok(checked > 70, `checked ${checked} entries`);
    for (const id of Object.keys(limitExemptions)) {
      assert.ok(catalog.entries.some((e) => `${e.provider}/${e.model}` === id), `exemption ${id} names an entry`);
    }
  });

  test('limits are whole token counts, and no cap exceeds its window', () => {
    for (const e of catalog.entries) {
      const id = `${e.provider}/${e.model}`;
      const { context_window_tokens: w, hard_cap_output_tokens: c } = e.config as Record<string, unknown>;
      for (const v of [w, c]) if (v !== undefined) assert.ok(Number.isInteger(v) && (v as number) > 0, `${id}: ${v}`);
      if (typeof w === 'number' && typeof c === 'number') assert.ok(c <= w, `${id}: cap ${c} > window ${w}`);
      if (e.config.long_context_threshold_tokens !== undefined && typeof w === 'number') {
        assert.ok((e.config.long_context_threshold_tokens as number) < w, `${id}: the long-context threshold lies inside the window`);
      }
    }
  });

  test('costs are written as the shortest exact decimal (no exponent, no float noise)', () => {
    for (const file of catalog.files) {
      const text = readFileSync(join(projectRoot, file), 'utf8');
      for (const m of text.matchAll(/"([a-z0-9_]+_cost_rate)": ([^,\n}]+)/g)) {
        const [, key, raw] = m as unknown as [string, string, string];
        assert.match(raw, /^(0|0\.\d*[1-9])$/, `${file} ${key} = ${raw}: a plain decimal`);
        assert.ok(raw.length <= 14, `${file} ${key} = ${raw}: no float noise`);
      }
    }
  });

  describe('documented id rules', () => {
    /** How each provider spells its ids (its model list and docs), and how it names a dated snapshot of a family. */
    const idRules: Record<string, { id: RegExp; snapshot?: (family: string) => string }> = {
      openai: { id: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, snapshot: (f) => `${f}-2026-01-01` }, // legacy snapshots: -0613, -1106
      anthropic: { id: /^claude-[a-z0-9-]*[a-z0-9]$/, snapshot: (f) => `${f}-20260101` }, // no dots: claude-opus-4-5
      google: { id: /^(gemini|gemma)-[a-z0-9.-]*[a-z0-9]$/, snapshot: (f) => `${f}-001` }, // stored without models/
      mistral: { id: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/ },
      groq: { id: /^([a-z0-9-]+\/)?[a-z0-9][a-z0-9.-]*[a-z0-9]$/ }, // owner/model as Groq lists it
      deepseek: { id: /^deepseek-[a-z0-9.-]*[a-z0-9]$/ },
      xai: { id: /^grok-[a-z0-9.-]*[a-z0-9]$/ },
      together: { id: /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/ }, // org/Model, case as listed
      fireworks: { id: /^accounts\/[a-z0-9-]+\/models\/[a-z0-9-]+$/ }, // dots spelled p: kimi-k2p6
    };

    test('every provider has id rules, and every id follows them', () => {
      for (const p of catalog.providers) assert.ok(idRules[p], `${p} has documented id rules`);
      for (const e of catalog.entries) assert.match(e.model, idRules[e.provider]!.id, `${e.provider}/${e.model}`);
    });

    test('family entries name a base id, and a dated snapshot of each takes its family', () => {
      for (const e of catalog.entries.filter((x) => x.match === 'family')) {
        const id = `${e.provider}/${e.model}`;
        assert.equal(versionBase(e.model), e.model, `${id}: a family is a base id`);
        const snapshot = idRules[e.provider]!.snapshot;
        assert.ok(snapshot, `${id}: ${e.provider} entries are exact (its dated ids move between models)`);
        assert.equal(versionBase(snapshot(e.model)), e.model, `${id}: ${snapshot(e.model)} takes this family`);
        // A family must not take another entry's id: that id would then have two sources of truth.
        for (const other of catalog.entries.filter((x) => x.provider === e.provider && x !== e && versionBase(x.model) === e.model)) {
          assert.notDeepEqual(other.config, e.config, `${e.provider}/${other.model} has its own entry only because it differs from ${e.model}`);
        }
      }
    });

    test('a dated snapshot has its own entry only where it is priced apart from its family', () => {
      for (const e of catalog.entries.filter((x) => x.match === 'exact' && versionBase(x.model) !== x.model)) {
        const family = catalog.entries.find((x) => x.provider === e.provider && x.match === 'family' && x.model === versionBase(e.model));
        if (!family) continue; // an exact alias with no family (chatgpt-4o-latest, gpt-5-chat-latest): its own model
        const price = (c: Record<string, unknown>) => Object.fromEntries(Object.entries(c).filter(([k]) => k.endsWith('_cost_rate')));
        assert.notDeepEqual(price(e.config), price(family.config), `${e.provider}/${e.model}: priced like ${family.model}, so the family should price it`);
      }
    });
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

    test("the id rules' version_base is the database's", async () => {
      const ids = catalog.entries.flatMap((e) => [e.model, `${e.model}-2026-01-01`, `${e.model}-20260101`, `${e.model}-001`, `${e.model}-latest`, `${e.model}-0613`]);
      const rows = await db.sql<{ id: string; base: string }[]>`
        select id, ai_model_sync.version_base(id) as base from unnest(${ids}::text[]) as id`;
      assert.equal(rows.length, ids.length);
      for (const r of rows) assert.equal(versionBase(r.id), r.base, r.id);
    });
  });
});
