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

/** The OpenAI-compatible presets that ship a data file (SPEC 6). */
const presetProviders = ['mistral', 'groq', 'deepseek', 'xai', 'together', 'fireworks'];

/** A provider's list in its own wire format (shared/provider-apis.md), limits and prices as each reports them. */
function wire(provider: string, ids: string[], limits: (id: string) => { input?: number; output?: number } = () => ({})) {
  return ids.map((id, i) => {
    const l = limits(id);
    if (provider === 'anthropic') {
      return { type: 'model', id, display_name: id, created_at: '2026-01-01T00:00:00Z', max_input_tokens: l.input ?? 200000, max_tokens: l.output ?? 64000 };
    }
    if (provider === 'google') {
      return { name: `models/${id}`, displayName: id, version: '001', inputTokenLimit: l.input ?? 1048576, outputTokenLimit: l.output ?? 65536, supportedGenerationMethods: ['generateContent', 'countTokens'] };
    }
    if (provider === 'mistral') {
      return { id, object: 'model', created: 1721172741 + i, owned_by: 'mistralai', name: id, max_context_length: l.input ?? 131072, capabilities: { completion_chat: true }, aliases: [], type: 'base' };
    }
    if (provider === 'groq') {
      return { id, object: 'model', created: 1721172741 + i, owned_by: 'Groq', active: true, context_window: l.input ?? 131072, max_completion_tokens: l.output ?? 32768 };
    }
    if (provider === 'together') {
      // Together's list reports its own price per 1M; here the catalog's, so the test does not depend on which wins.
      const e = builtin.entries.find((x) => x.provider === 'together' && x.model === id);
      const perM = (k: string) => (e?.config[k] === undefined ? 0 : Math.round((e.config[k] as number) * 1e6 * 1e6) / 1e6);
      return { id, object: 'model', created: 1721172741 + i, type: 'chat', display_name: id, context_length: l.input ?? 131072, pricing: { input: perM('input_token_cost_rate'), output: perM('output_token_cost_rate') } };
    }
    if (provider === 'fireworks') {
      return { id, object: 'model', created: 1721172741 + i, owned_by: 'fireworks', supports_chat: true, context_length: l.input ?? 131072 };
    }
    if (provider === 'deepseek') return { id, object: 'model', owned_by: 'deepseek' }; // no created, no limits
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
/** A price per 1M tokens as the per-token number a data file holds (0.95 -> 0.00000095, no float noise). */
const perM = (usd: number) => Number((usd / M).toPrecision(12));
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

  test('preset ids match exactly: slashes and accounts/ paths, no alias or dated-id leakage, limits from the list', async () => {
    const s = await sync({
      fireworks: ['accounts/fireworks/models/kimi-k2p6', 'accounts/fireworks/models/kimi-k2p6-0905', 'accounts/fireworks/routers/kimi-k2p6-turbo'],
      groq: ['openai/gpt-oss-120b', 'gpt-oss-120b'],
      mistral: ['mistral-small-2603', 'mistral-small-latest', 'mistral-small-2506', 'mistral-large-2407'],
      xai: ['grok-4.20-0309-reasoning', 'grok-4.20-0309', 'grok-4.3'],
      deepseek: ['deepseek-v4-pro', 'deepseek-chat'],
    });
    const kimi = entryOf('fireworks', 'accounts/fireworks/models/kimi-k2p6');
    assert.equal(s.config('fireworks', 'accounts/fireworks/models/kimi-k2p6')!.input_token_cost_rate, rate(kimi));
    assert.equal(rate(kimi), perM(0.95));
    assert.deepEqual(s.unpriced.fireworks, ['accounts/fireworks/models/kimi-k2p6-0905', 'accounts/fireworks/routers/kimi-k2p6-turbo'],
      'an exact entry prices neither a dated variant (whose version_base is the entry) nor the Fast router');
    // Groq's own ids carry the owner prefix; the bare name is another id.
    assert.equal(s.config('groq', 'openai/gpt-oss-120b')!.cache_read_input_token_cost_rate, perM(0.075));
    assert.deepEqual(s.unpriced.groq, ['gpt-oss-120b']);
    assert.equal(s.config('groq', 'openai/gpt-oss-120b')!.provider_max_input_tokens, 131072, 'Groq context_window is a provider fact');
    // Mistral: each dated id its own price; the moving -latest alias is not guessed.
    assert.equal(s.config('mistral', 'mistral-small-2603')!.output_token_cost_rate, perM(0.6));
    assert.equal(s.config('mistral', 'mistral-small-2506')!.output_token_cost_rate, perM(0.3));
    assert.deepEqual(s.unpriced.mistral, ['mistral-large-2407', 'mistral-small-latest'], 'mistral-large-2407: LiteLLM $3 / $9 vs genai-prices $2 / $6');
    assert.equal(s.config('mistral', 'mistral-small-2603')!.context_window_tokens, 131072, 'no catalog window: Mistral max_context_length');
    // xAI: grok-4.20-0309 has version_base grok-4.20, which has an exact entry only: not priced by it.
    assert.equal(s.config('xai', 'grok-4.20-0309-reasoning')!.long_context_threshold_tokens, 200000);
    assert.equal(s.config('xai', 'grok-4.20-0309-reasoning')!.long_context_input_token_cost_rate, perM(2.5));
    assert.deepEqual(s.unpriced.xai, ['grok-4.20-0309']);
    // DeepSeek: the standard (peak) rate; its list reports no limits, so the catalog's apply.
    assert.equal(s.config('deepseek', 'deepseek-v4-pro')!.input_token_cost_rate, perM(1.32));
    assert.equal(s.config('deepseek', 'deepseek-v4-pro')!.context_window_tokens, 1000000);
    assert.deepEqual(s.unpriced.deepseek, ['deepseek-chat']);
  });

  test('GPT-5.6: tiers priced with their 272K long-context and cache-write rates; Sol, whose price is disputed, stays unpriced', async () => {
    const s = await sync({ openai: ['gpt-5.6-terra', 'gpt-5.6-terra-2026-07-09', 'gpt-5.6-luna', 'gpt-5.6-sol', 'gpt-5.6', 'gpt-6-sol', 'gpt-6.1-sol-2026-09-29'] });
    const terra = s.config('openai', 'gpt-5.6-terra-2026-07-09')!;
    assert.equal(terra.input_token_cost_rate, perM(2));
    assert.equal(terra.cache_write_input_token_cost_rate, perM(2.5), 'cache writes at 1.25x input');
    assert.equal(terra.long_context_threshold_tokens, 272000);
    assert.equal(terra.long_context_output_token_cost_rate, perM(18));
    assert.equal(s.config('openai', 'gpt-5.6-luna')!.output_token_cost_rate, perM(1.2));
    assert.equal(s.config('openai', 'gpt-6-sol')!.input_token_cost_rate, perM(2), 'gpt-6-sol is not gpt-6-astra');
    assert.equal(s.config('openai', 'gpt-6.1-sol-2026-09-29')!.cache_read_input_token_cost_rate, perM(0.1));
    assert.deepEqual(s.unpriced.openai, ['gpt-5.6', 'gpt-5.6-sol']);
  });

  test("Anthropic's tokenizer id is the row's own id, also for a snapshot priced by its family", async () => {
    const ids = ['claude-3-haiku-20240307', 'claude-opus-4-20250514', 'claude-opus-4-0', 'claude-3-5-haiku-latest', 'claude-sonnet-4-5-20250929', 'claude-opus-5'];
    const s = await sync({ anthropic: ids });
    for (const id of ids) {
      assert.ok(s.config('anthropic', id)!.input_token_cost_rate, `${id} is priced`);
      assert.deepEqual(s.config('anthropic', id)!.tokenization_strategy, { type: 'anthropic_tokenizer', model: id }, id);
    }
  });

  test('issue 12 additions: each priced from its own id or family, per-1M numbers as published', async () => {
    const s = await sync({
      openai: ['gpt-5.2-pro', 'gpt-5.2-pro-2025-12-11', 'gpt-5.2-chat-latest', 'gpt-5.3-chat-latest', 'gpt-audio-1.5', 'gpt-realtime-1.5',
        'gpt-5.4-pro-2026-03-05', 'gpt-5.5-pro', 'gpt-6-sol-2026-09-22', 'gpt-4o-2024-11-20', 'gpt-4.1-nano-2025-04-14', 'o3-mini-2025-01-31', 'text-embedding-3-small',
        'gpt-5.2-chat', 'gpt-4o-audio-preview'],
      google: ['gemini-3.1-flash-lite', 'gemini-3.1-flash-lite-preview', 'gemini-3.1-pro-preview-customtools', 'gemini-3-pro-preview',
        'gemini-3-flash-preview', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash-001', 'gemini-flash-latest', 'gemini-3.1-flash-live-preview'],
      xai: ['grok-4.6'],
    });
    const c = (p: string, id: string) => s.config(p, id)!;
    // GPT-5.2 pro (family prices the dated id), chat-latest aliases, audio.
    for (const id of ['gpt-5.2-pro', 'gpt-5.2-pro-2025-12-11']) {
      assert.deepEqual([c('openai', id).input_token_cost_rate, c('openai', id).output_token_cost_rate], [perM(21), perM(168)], id);
      assert.deepEqual([c('openai', id).context_window_tokens, c('openai', id).hard_cap_output_tokens], [400000, 128000], id);
    }
    for (const id of ['gpt-5.2-chat-latest', 'gpt-5.3-chat-latest']) {
      assert.deepEqual([c('openai', id).input_token_cost_rate, c('openai', id).cache_read_input_token_cost_rate, c('openai', id).output_token_cost_rate],
        [perM(1.75), perM(0.175), perM(14)], id);
      assert.equal(c('openai', id).hard_cap_output_tokens, 16384, id);
    }
    assert.deepEqual([c('openai', 'gpt-audio-1.5').input_audio_token_cost_rate, c('openai', 'gpt-audio-1.5').output_audio_token_cost_rate], [perM(32), perM(64)]);
    assert.deepEqual([c('openai', 'gpt-realtime-1.5').input_audio_token_cost_rate, c('openai', 'gpt-realtime-1.5').context_window_tokens], [perM(32), 32000]);
    // 272K tiers of the pro models: 2x input, 1.5x output.
    for (const id of ['gpt-5.4-pro-2026-03-05', 'gpt-5.5-pro']) {
      assert.equal(c('openai', id).long_context_threshold_tokens, 272000, id);
      assert.deepEqual([c('openai', id).long_context_input_token_cost_rate, c('openai', id).long_context_output_token_cost_rate], [perM(60), perM(270)], id);
    }
    assert.deepEqual(
      ['long_context_input_token_cost_rate', 'long_context_cache_read_input_token_cost_rate', 'long_context_cache_write_input_token_cost_rate', 'long_context_output_token_cost_rate']
        .map((k) => c('openai', 'gpt-6-sol-2026-09-22')[k]),
      [perM(4), perM(0.4), perM(5), perM(15)], 'gpt-6-sol above 272K: 2x input and cache, 1.5x output');
    // Limits now on every OpenAI chat entry, through the family rule too.
    assert.deepEqual([c('openai', 'gpt-4o-2024-11-20').context_window_tokens, c('openai', 'gpt-4o-2024-11-20').hard_cap_output_tokens], [128000, 16384]);
    assert.deepEqual([c('openai', 'gpt-4.1-nano-2025-04-14').context_window_tokens, c('openai', 'gpt-4.1-nano-2025-04-14').hard_cap_output_tokens], [1047576, 32768]);
    assert.equal(c('openai', 'o3-mini-2025-01-31').hard_cap_output_tokens, 100000);
    assert.equal(c('openai', 'text-embedding-3-small').context_window_tokens, 8191);
    // Gemini: new ids, cache and audio rates.
    for (const id of ['gemini-3.1-flash-lite', 'gemini-3.1-flash-lite-preview']) {
      assert.deepEqual([c('google', id).input_token_cost_rate, c('google', id).cache_read_input_token_cost_rate, c('google', id).output_token_cost_rate],
        [perM(0.25), perM(0.025), perM(1.5)], id);
    }
    for (const id of ['gemini-3.1-pro-preview-customtools', 'gemini-3-pro-preview']) {
      assert.deepEqual([c('google', id).input_token_cost_rate, c('google', id).long_context_threshold_tokens, c('google', id).long_context_output_token_cost_rate],
        [perM(2), 200000, perM(18)], id);
    }
    assert.equal(c('google', 'gemini-3-flash-preview').output_token_cost_rate, perM(3));
    assert.equal(c('google', 'gemini-2.5-flash').cache_read_input_token_cost_rate, perM(0.03));
    assert.equal(c('google', 'gemini-2.5-flash-lite').cache_read_input_token_cost_rate, perM(0.01));
    assert.equal(c('google', 'gemini-2.0-flash-001').cache_read_input_token_cost_rate, perM(0.025));
    assert.equal(c('xai', 'grok-4.6').context_window_tokens, 500000);
    // What stays out stays unpriced, never priced by a near name.
    assert.deepEqual(s.unpriced.openai, ['gpt-4o-audio-preview', 'gpt-5.2-chat']);
    assert.deepEqual(s.unpriced.google, ['gemini-3.1-flash-live-preview', 'gemini-flash-latest']);
  });

  test('admin outranks builtin, key by key, a LiteLLM import never does, and admin survives a reload', async () => {
    // issue 13: an imported LiteLLM file is one price source of the consensus, no longer a catalog tier above builtin
    await importLiteLLM(db.sql, readFileSync(resolve(import.meta.dirname, 'fixtures', 'litellm-small.json'), 'utf8').replace('"input_cost_per_token": 2.5e-06', '"input_cost_per_token": 2.2e-06'), 'litellm-small.json');
    let s = await sync({ openai: ['gpt-4o-2024-08-06', 'gpt-4o'] });
    assert.equal(s.config('openai', 'gpt-4o')!.input_token_cost_rate, 2.5 / M, 'builtin family, not the import');
    assert.equal(s.config('openai', 'gpt-4o-2024-08-06')!.input_token_cost_rate, 2.5 / M, 'builtin family');

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
    for (const p of presetProviders) assert.ok(Object.keys(lists).includes(p) && lists[p]!.length > 0, `${p}: its preset models were staged and checked`);
  });
});
