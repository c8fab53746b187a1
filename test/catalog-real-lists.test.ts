// The real, captured list answers of 11 providers (../shared/real-provider-lists/, see its SOURCES.md), staged as
// the fetcher stages them into a throwaway database with the built-in catalog loaded, then synced: what a team
// that installs today gets for the models those providers really list. docs/catalog-coverage.md accounts for
// every text model these lists leave unpriced.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readCatalogDir } from '../fetcher/catalog/files.ts';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { limitExemptions, noLimitListProviders } from './helpers/catalog-limits.ts';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';
import { realLists, type RealList } from './helpers/real-lists.ts';
import type { Config } from './helpers/sync.ts';

const lists = realLists();
const builtin = readCatalogDir();
const coverage = readFileSync(join(projectRoot, 'docs', 'catalog-coverage.md'), 'utf8');

interface Row {
  provider: string;
  api_identifier: string;
  config: Config;
}

let db: TestDatabase;
let rows: Row[];
let reports: { provider: string; status: string; error: string | null; unpriced: string[] }[];

before(async () => {
  db = await createTestDatabase();
  await loadBuiltinCatalog(db.sql);
  for (const l of lists) {
    await db.sql`insert into ai_model_fetches (provider, payload) values (${l.provider}, ${db.sql.json(l.payload as never)})`;
  }
  await db.sql`call sync_ai_models()`;
  rows = await db.sql<Row[]>`select provider, api_identifier, config from ai_providers order by provider, api_identifier`;
  reports = await db.sql`
    select provider, status::text as status, error, coalesce(report->'unpriced', '[]') as unpriced from ai_model_fetches order by id`;
});
after(async () => {
  await db?.drop();
});

/** The id the sync stores for a list entry (Google's models/ prefix dropped). */
const idOf = (l: RealList, m: Record<string, unknown>) => (l.provider === 'google' ? String(m.name).replace(/^models\//, '') : String(m.id));

/**
 * Text generation (chat / reasoning / completion), by what each list says about the model, else by its id: not an
 * embedding, reranker, moderation, speech, transcription, image or video model.
 */
function isTextGeneration(l: RealList, m: Record<string, unknown>): boolean {
  const id = idOf(l, m);
  if (l.provider === 'together') return ['chat', 'language', 'code'].includes(String(m.type));
  if (l.provider === 'openrouter') {
    const out = ((m.architecture as { output_modalities?: string[] } | undefined)?.output_modalities ?? ['text']);
    if (!out.includes('text') || out.includes('image')) return false;
  }
  if (l.provider === 'google') {
    const methods = (m.supportedGenerationMethods as string[] | undefined) ?? [];
    if (!methods.includes('generateContent')) return false;
  }
  if (l.provider === 'fireworks' && m.supports_chat === false) return false;
  return !/embed|rerank|moderation|guard|tts|transcribe|whisper|speech|image|imagen|veo|sora|flux|dall-e|ocr|aqa|native-audio|-live-|realtime-translate/i.test(id);
}

describe('the real provider lists, synced with the built-in catalog', () => {
  test('there are 11 lists, one per provider, and every batch applies', () => {
    assert.deepEqual(lists.map((l) => l.provider), ['anthropic', 'deepseek', 'fireworks', 'google', 'groq', 'mistral', 'ollama', 'openai', 'openrouter', 'together', 'xai']);
    assert.equal(reports.length, lists.length);
    for (const r of reports) assert.equal(r.status, 'applied', `${r.provider}: ${r.error}`);
    for (const l of lists) assert.equal(rows.filter((r) => r.provider === l.provider).length, l.payload.length, `${l.provider}: one row per listed model`);
  });

  test('every priced chat / reasoning model has a context window and an output cap', () => {
    let checked = 0;
    const capless: string[] = [];
    for (const l of lists) {
      for (const m of l.payload.filter((x) => isTextGeneration(l, x))) {
        const id = idOf(l, m);
        const row = rows.find((r) => r.provider === l.provider && r.api_identifier === id)!;
        if (typeof row.config.input_token_cost_rate !== 'number') continue;
        const name = `${l.provider}/${id}`;
        // The catalog entry that priced it, if any (the exemptions are named by entry).
        const entry =
          builtin.entries.find((e) => e.provider === l.provider && e.model === id) ??
          builtin.entries.find((e) => e.provider === l.provider && e.match === 'family' && e.model === id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$/, ''));
        const exempt = entry ? (limitExemptions[`${l.provider}/${entry.model}`]?.keys ?? []) : [];
        if (!exempt.includes('context_window_tokens')) assert.equal(typeof row.config.context_window_tokens, 'number', `${name}: a window`);
        if (typeof row.config.hard_cap_output_tokens !== 'number') {
          if (exempt.includes('hard_cap_output_tokens')) continue;
          // Only where neither the list nor any catalog entry has an output limit: the sync lost nothing.
          assert.ok(!noLimitListProviders.includes(l.provider), `${name}: ${l.provider}'s list reports no limits, so its catalog entry must carry the cap`);
          assert.equal(row.config.provider_max_output_tokens, undefined, `${name}: the list's maximum output became no cap`);
          assert.equal(entry?.config.hard_cap_output_tokens, undefined, `${name}: the catalog's cap was lost`);
          capless.push(name);
        }
        checked++;
      }
    }
    assert.ok(checked > 300, `checked ${checked} priced text models`);
    // Lists that report a window but no maximum output (Mistral, Together, Fireworks, some OpenRouter routes),
    // for models the catalog has no cap for: counted in docs/catalog-coverage.md.
    const byProvider = new Map<string, string[]>();
    for (const n of capless) byProvider.set(n.split('/')[0]!, [...(byProvider.get(n.split('/')[0]!) ?? []), n]);
    for (const [p, names] of byProvider) {
      assert.ok(['mistral', 'together', 'fireworks', 'openrouter'].includes(p), `${p}: ${names.join(', ')}`);
      const counted = new RegExp(`\\b${p}\\b[^\\n]*\\b${names.length} priced text models? without an output cap`, 'i');
      assert.ok(counted.test(coverage), `${p}: ${names.length} cap-less rows counted in docs/catalog-coverage.md`);
    }
  });

  test('every unpriced text model of the lists is accounted for in docs/catalog-coverage.md', () => {
    const missing: string[] = [];
    let unpriced = 0;
    for (const l of lists) {
      const report = reports.find((r) => r.provider === l.provider)!;
      for (const m of l.payload.filter((x) => isTextGeneration(l, x))) {
        const id = idOf(l, m);
        if (!report.unpriced.includes(id)) continue;
        unpriced++;
        if (!coverage.includes(`\`${id}\``)) missing.push(`${l.provider}/${id}`);
      }
    }
    assert.ok(unpriced > 50, `${unpriced} unpriced text models`);
    assert.deepEqual(missing, [], 'each is named in docs/catalog-coverage.md with why it is unpriced');
  });

  test('the coverage additions price the ids the real lists carry', () => {
    const config = (p: string, id: string) => rows.find((r) => r.provider === p && r.api_identifier === id)!.config;
    for (const id of ['gpt-5.2-pro', 'gpt-5.2-pro-2025-12-11', 'gpt-5.2-chat-latest', 'gpt-5.3-chat-latest', 'gpt-audio-1.5', 'gpt-5.4-pro-2026-03-05', 'gpt-5.5-pro-2026-04-23']) {
      assert.equal(typeof config('openai', id).input_token_cost_rate, 'number', id);
    }
    assert.equal(config('openai', 'gpt-5.5-pro-2026-04-23').long_context_input_token_cost_rate, 0.00006);
    for (const id of ['gemini-3.1-flash-lite-preview', 'gemini-3.1-pro-preview-customtools', 'gemini-3-pro-preview', 'gemini-3-flash-preview']) {
      assert.equal(typeof config('google', id).input_token_cost_rate, 'number', id);
    }
    for (const id of ['claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-20250929']) {
      assert.deepEqual(config('anthropic', id).tokenization_strategy, { type: 'anthropic_tokenizer', model: id }, `${id}: its own id for count_tokens`);
    }
  });

  // What issue 12 also asks of a real-list sync: no token price for what is not billed per token, lifecycle
  // dates, numbers as written.
  test('no image / audio model is stored at $0 per token (Together lists them with pricing 0)', () => {
    const together = lists.find((l) => l.provider === 'together')!;
    const free = together.payload
      .filter((m) => ['image', 'audio', 'transcribe'].includes(String(m.type)))
      .map((m) => String(m.id))
      .filter((id) => rows.find((r) => r.provider === 'together' && r.api_identifier === id)?.config.input_token_cost_rate === 0);
    assert.deepEqual(free, []);
  });

  test("OpenAI's shutdown_date lands in config", () => {
    const openai = lists.find((l) => l.provider === 'openai')!;
    const dated = openai.payload.filter((m) => typeof m.shutdown_date === 'string');
    assert.ok(dated.length > 50);
    for (const m of dated) {
      const row = rows.find((r) => r.provider === 'openai' && r.api_identifier === m.id)!;
      assert.ok(JSON.stringify(row.config).includes(String(m.shutdown_date)), `${String(m.id)}: ${String(m.shutdown_date)}`);
    }
  });

  test('prices computed from provider lists are the shortest exact decimal', async () => {
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from ai_providers, jsonb_each(config) e
       where e.key like '%\\_cost\\_rate' and jsonb_typeof(e.value) = 'number' and e.value::text ~ '0{6,}$' and e.value::text ~ '\\.'`;
    assert.equal(row!.n, 0);
  });
});
