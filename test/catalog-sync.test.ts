// The catalog as the sync uses it: matching rules, tiers, and a staged list of every covered model.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { readCatalogDir, type CatalogEntry } from '../fetcher/catalog/files.ts';
import { importLiteLLM } from '../fetcher/catalog/import-litellm.ts';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

/** A provider's list in its own wire format. */
function wire(provider: string, ids: string[], limits: (id: string) => { input?: number; output?: number } = () => ({})) {
  return ids.map((id, i) => {
    const l = limits(id);
    if (provider === 'anthropic') {
      return { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z', max_input_tokens: l.input ?? 200000, max_tokens: l.output ?? 64000 };
    }
    if (provider === 'google') {
      return { name: `models/${id}`, displayName: id, version: '001', inputTokenLimit: l.input ?? 1048576, outputTokenLimit: l.output ?? 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] };
    }
    return { id, object: 'model', created: 1721172741 + i, owned_by: 'system' };
  });
}

async function sync(lists: Record<string, string[]>) {
  for (const [provider, ids] of Object.entries(lists)) {
    await db.sql`insert into ai_model_fetches (provider, payload) values (${provider}, ${db.sql.json(wire(provider, ids) as never)})`;
  }
  await db.sql`call sync_ai_models()`;
  const rows = await db.sql<{ provider: string; api_identifier: string; config: Record<string, unknown> }[]>`
    select provider, api_identifier, config from ai_providers`;
  const reports = await db.sql<{ provider: string; status: string; report: { unpriced: string[] }; error: string | null }[]>`
    select distinct on (provider) provider, status::text, report, error from ai_model_fetches order by provider, id desc`;
  for (const r of reports) assert.equal(r.status, 'applied', `${r.provider}: ${r.error}`);
  return {
    config: (provider: string, id: string) => rows.find((r) => r.provider === provider && r.api_identifier === id)?.config,
    unpriced: Object.fromEntries(reports.map((r) => [r.provider, r.report.unpriced])),
  };
}

const M = 1_000_000;
const builtin = readCatalogDir();
const entryOf = (provider: string, model: string) => builtin.entries.find((e) => e.provider === provider && e.model === model)!;
const rate = (e: CatalogEntry, k = 'input_token_cost_rate') => e.config[k] as number;

describe('matching rules', () => {
  beforeEach(async () => {
    await db.sql`delete from ai_model_catalog`;
    await db.sql`delete from ai_providers`;
    await loadBuiltinCatalog(db.sql);
  });

  test('exact id first, family for dated snapshots, gpt-4o-2024-05-13 its own price', async () => {
    const s = await sync({ openai: ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'gpt-4o-2024-05-13'] });
    const family = rate(entryOf('openai', 'gpt-4o'));
    assert.equal(family, 2.5 / M);
    assert.equal(s.config('openai', 'gpt-4o')!.input_token_cost_rate, family);
    assert.equal(s.config('openai', 'gpt-4o-2024-08-06')!.input_token_cost_rate, family);
    assert.equal(s.config('openai', 'gpt-4o-2024-11-20')!.output_token_cost_rate, 10 / M);
    assert.equal(s.config('openai', 'gpt-4o-2024-05-13')!.input_token_cost_rate, 5 / M);
    assert.equal(s.config('openai', 'gpt-4o-2024-05-13')!.output_token_cost_rate, 15 / M);
    assert.equal(s.config('openai', 'gpt-4o-2024-05-13')!.cache_read_input_token_cost_rate, undefined, 'no cached rate leaks in from the family');
  });

  test('gpt-5 prices gpt-5-2025-08-07 but not gpt-5.5 or gpt-5-mini', async () => {
    const s = await sync({ openai: ['gpt-5-2025-08-07', 'gpt-5.5', 'gpt-5-mini-2025-08-07', 'gpt-5.9'] });
    assert.equal(s.config('openai', 'gpt-5-2025-08-07')!.input_token_cost_rate, 1.25 / M);
    assert.equal(s.config('openai', 'gpt-5.5')!.input_token_cost_rate, 5 / M);
    assert.equal(s.config('openai', 'gpt-5-mini-2025-08-07')!.input_token_cost_rate, 0.25 / M);
    assert.equal(s.config('openai', 'gpt-5.9')!.input_token_cost_rate, undefined, 'gpt-5.9 is unknown: unpriced, not gpt-5');
    assert.deepEqual(s.unpriced.openai, ['gpt-5.9']);
  });

  test('gemini-3 does not price gemini-3.5-flash; Claude aliases and snapshots', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, config) values ('google', 'gemini-3', 'family', '{"input_token_cost_rate": 0.000009}')`;
    const s = await sync({
      google: ['gemini-3', 'gemini-3-001', 'gemini-3.5-flash', 'gemini-3.5-ultra'],
      anthropic: ['claude-sonnet-4-5-20250929', 'claude-3-5-haiku-latest', 'claude-sonnet-4-0', 'claude-sonnet-4-20250514'],
    });
    assert.equal(s.config('google', 'gemini-3-001')!.input_token_cost_rate, 0.000009);
    assert.equal(s.config('google', 'gemini-3.5-flash')!.input_token_cost_rate, 1.5 / M);
    assert.equal(s.config('google', 'gemini-3.5-ultra')!.input_token_cost_rate, undefined);
    assert.deepEqual(s.unpriced.google, ['gemini-3.5-ultra']);
    assert.equal(s.config('anthropic', 'claude-sonnet-4-5-20250929')!.cache_write_input_token_cost_rate, 3.75 / M);
    assert.equal(s.config('anthropic', 'claude-3-5-haiku-latest')!.input_token_cost_rate, 0.0000008);
    assert.equal(s.config('anthropic', 'claude-sonnet-4-0')!.output_token_cost_rate, 15 / M);
    assert.equal(s.config('anthropic', 'claude-sonnet-4-20250514')!.output_token_cost_rate, 15 / M);
    assert.deepEqual(s.unpriced.anthropic, []);
  });

  test('admin outranks imported outranks builtin, key by key, and admin survives a reload', async () => {
    await importLiteLLM(db.sql, readFileSync(resolve(import.meta.dirname, 'fixtures', 'litellm-small.json'), 'utf8').replace('"input_cost_per_token": 2.5e-06', '"input_cost_per_token": 2.2e-06'), 'litellm-small.json');
    let s = await sync({ openai: ['gpt-4o-2024-08-06', 'gpt-4o'] });
    assert.equal(s.config('openai', 'gpt-4o')!.input_token_cost_rate, 2.2e-6, 'imported (exact gpt-4o) over builtin');
    assert.equal(s.config('openai', 'gpt-4o-2024-08-06')!.input_token_cost_rate, 2.5 / M, 'the import has no gpt-4o-2024-08-06: builtin family');

    await db.sql`insert into ai_model_catalog (provider, model, match, config, notes)
                 values ('openai', 'gpt-4o', 'family', '{"input_token_cost_rate": 0.000002}', 'negotiated discount')`;
    await loadBuiltinCatalog(db.sql); // a catalog update
    const [admin] = await db.sql`select config from ai_model_catalog where tier = 'admin' and model = 'gpt-4o'`;
    assert.deepEqual(admin!.config, { input_token_cost_rate: 0.000002 });
    s = await sync({ openai: ['gpt-4o-2024-08-06', 'gpt-4o'] });
    for (const id of ['gpt-4o', 'gpt-4o-2024-08-06']) {
      assert.equal(s.config('openai', id)!.input_token_cost_rate, 0.000002, `${id}: admin price`);
      assert.equal(s.config('openai', id)!.output_token_cost_rate, 10 / M, `${id}: other keys from below`);
    }
  });
});

describe('a staged list of every covered model', () => {
  test('each is priced per token from an entry whose id or family really matches, with a source and a date', async () => {
    await db.sql`delete from ai_model_catalog`;
    await db.sql`delete from ai_providers`;
    await loadBuiltinCatalog(db.sql);
    const versionBase = (id: string) => id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$/, '');
    // Every entry's own id, plus a dated snapshot of every family as the provider would list it.
    const lists: Record<string, string[]> = {};
    for (const e of builtin.entries) {
      const ids = (lists[e.provider] ??= []);
      ids.push(e.model);
      if (e.match === 'family') ids.push(e.provider === 'google' ? `${e.model}-001` : e.provider === 'anthropic' ? `${e.model}-20260101` : `${e.model}-2026-01-01`);
    }
    const s = await sync(lists);
    let checked = 0;
    for (const [provider, ids] of Object.entries(lists)) {
      assert.deepEqual(s.unpriced[provider], [], `${provider}: nothing unpriced`);
      for (const id of ids) {
        const entry = builtin.entries.find((e) => e.provider === provider && e.model === id)
          ?? builtin.entries.find((e) => e.provider === provider && e.match === 'family' && e.model === versionBase(id));
        assert.ok(entry, `${provider}/${id} has a matching entry`);
        assert.ok(entry.model === id || (entry.match === 'family' && versionBase(id) === entry.model), `${provider}/${id} <- ${entry.model}`);
        assert.match(entry.source_url ?? '', /^https:\/\//);
        assert.match(entry.checked_on ?? '', /^\d{4}-\d{2}-\d{2}$/);
        const config = s.config(provider, id);
        assert.ok(config, `${provider}/${id} was synced`);
        for (const [k, v] of Object.entries(entry.config)) {
          if (k === 'context_window_tokens' || k === 'hard_cap_output_tokens') continue; // capped by the provider's limits
          assert.deepEqual(config[k], v, `${provider}/${id} ${k}`);
          if (k.endsWith('_cost_rate')) assert.ok((v as number) < 0.001, `${provider}/${id} ${k} per token`);
        }
        checked++;
      }
    }
    assert.ok(checked > 120, `checked ${checked} models`);
  });
});
