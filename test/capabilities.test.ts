// Issue 15: what each model is (kind, modalities, supports_* flags) from the real lists of 11 providers and the
// kind rules; the merge keeps admin overrides and follows the provider; model filters from the environment (CLI)
// and from stored settings (pg_cron's CALL sync_ai_models()); unknown stays unknown. docs/capabilities.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { readKindRules } from '../fetcher/catalog/kinds.ts';
import { modelFilters } from '../fetcher/config.ts';
import { renderReport } from '../fetcher/report.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { editConfig, model, models, openaiModel, stage, stageAndSync, sync, type Json, type Report } from './helpers/sync.ts';
import { runCli } from './mocks/harness.ts';
import { startOpenAIMock, type MockServer } from './mocks/index.ts';

const LISTS = '/work/shared/real-provider-lists';
type Obj = Record<string, Json>;

/** A captured list as the provider's list call returns it: the model objects, every page concatenated. */
function realList(provider: string): Obj[] {
  const doc = JSON.parse(readFileSync(join(LISTS, `${provider}.json`), 'utf8')) as Obj[] | { data?: Obj[]; models?: Obj[] };
  if (Array.isArray(doc)) return doc; // OpenRouter (the source kept .data), Together (a bare array)
  return (doc.data ?? doc.models)!;
}
const PROVIDERS = ['openai', 'anthropic', 'google', 'openrouter', 'mistral', 'groq', 'together', 'fireworks', 'xai', 'ollama', 'deepseek'];

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

async function kinds(provider: string): Promise<Map<string, Obj>> {
  const rows = await models(db.sql, provider);
  return new Map(rows.map((r) => [r.api_identifier, r.config as Obj]));
}

/** Filters as the fetcher stores them (fetcher/apply.ts storeFilters runs the same upsert). */
async function setFilters(provider: string, f: { include?: string[]; exclude?: string[]; kinds?: string[] }): Promise<void> {
  await db.sql`
    insert into ai_model_sync.model_filters (provider, include, exclude, kinds)
    values (${provider}, ${f.include ?? null}, ${f.exclude ?? null}, ${f.kinds ?? null})
    on conflict (provider) do update set include = excluded.include, exclude = excluded.exclude, kinds = excluded.kinds`;
}

describe('the real lists of 11 providers', () => {
  const reports = new Map<string, Report>();
  before(async () => {
    await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog, ai_model_sync.model_filters`;
    await loadBuiltinCatalog(db.sql);
    for (const p of PROVIDERS) await stage(db.sql, p, realList(p));
    await sync(db.sql);
    for (const r of await db.sql<{ provider: string; report: Report }[]>`select provider, report from ai_model_fetches`) reports.set(r.provider, r.report);
  });

  test('every list applies, every model stored', () => {
    for (const p of PROVIDERS) {
      const r = reports.get(p)!;
      assert.equal(r.status, 'applied', `${p}: ${r.error}`);
      assert.equal(r.models, realList(p).length, p);
    }
  });

  test('OpenAI (its list says nothing): the kind rules classify every model of the real list', async () => {
    const k = await kinds('openai');
    const ids = [...k.keys()];
    const expect = (re: RegExp, kind: string, min: number) => {
      const hit = ids.filter((id) => re.test(id));
      assert.ok(hit.length >= min, `${re}: ${hit.length} ids`);
      for (const id of hit) assert.equal(k.get(id)!.kind, kind, `${id} is ${kind}`);
    };
    expect(/^tts-/, 'speech', 4);
    expect(/-tts/, 'speech', 3);
    expect(/-transcribe/, 'transcription', 6);
    expect(/^whisper-/, 'transcription', 1);
    expect(/^omni-moderation-/, 'moderation', 2);
    expect(/^gpt-image-/, 'image', 5);
    expect(/^text-embedding-/, 'embedding', 3);
    expect(/^gpt-realtime/, 'realtime', 10);
    expect(/^sora-/, 'video', 2);
    expect(/^(davinci|babbage)-/, 'completion', 2);
    for (const id of ['gpt-4o', 'gpt-4o-2024-08-06', 'gpt-4o-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.5', 'o3', 'o3-mini', 'o4-mini', 'gpt-4.1', 'gpt-3.5-turbo']) {
      assert.equal(k.get(id)?.kind, 'chat', id);
    }
    assert.equal(k.get('gpt-3.5-turbo-instruct')!.kind, 'completion', 'the first matching rule wins over gpt-3.5-turbo*');
    assert.deepEqual(k.get('gpt-4o')!.input_modalities, ['image', 'text']);
    assert.equal(k.get('gpt-4o')!.supports_tools, true);
    assert.equal(k.get('o3-mini')!.supports_vision, false);
    assert.equal(k.get('tts-1-hd')!.supports_tools, undefined, 'a rule states only what it knows');
    assert.deepEqual(reports.get('openai')!.unclassified, []);
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from ai_providers where provider = 'openai' and not (config ? 'kind')`;
    assert.equal(row!.n, 0);
  });

  test('Google: embedContent models are embeddings, generateContent models chat, the rest by method; aqa stays unknown', async () => {
    const k = await kinds('google');
    let embedding = 0;
    let chat = 0;
    for (const m of realList('google')) {
      const id = String(m.name).replace(/^models\//, '');
      const methods = m.supportedGenerationMethods as string[];
      const c = k.get(id)!;
      if (methods.includes('generateContent')) {
        assert.equal(c.kind, 'chat', id);
        chat++;
      } else if (methods.includes('embedContent')) {
        assert.equal(c.kind, 'embedding', id);
        embedding++;
      }
      assert.equal(c.supports_batch, methods.includes('batchGenerateContent') || methods.includes('asyncBatchEmbedContent'), id);
      assert.equal(c.supports_caching, methods.includes('createCachedContent'), id);
      assert.equal(c.supports_reasoning, m.thinking === true ? true : undefined, id);
    }
    assert.ok(embedding >= 1 && chat >= 30, `${embedding} embedding, ${chat} chat`);
    assert.equal(k.get('imagen-4.0-generate-001')!.kind, 'image');
    assert.equal(k.get('veo-3.0-generate-001')!.kind, 'video');
    assert.equal(k.get('gemini-2.5-flash-native-audio-latest')!.kind, 'realtime');
    assert.equal(k.get('aqa')!.kind, undefined, 'generateAnswer names no kind: unknown, not guessed');
    assert.deepEqual(reports.get('google')!.unclassified, ['aqa']);
  });

  test('OpenRouter: modalities from architecture, tools / reasoning / structured outputs from supported_parameters', async () => {
    const k = await kinds('openrouter');
    const list = realList('openrouter');
    const imageOut = list.filter((m) => ((m.architecture as Obj).output_modalities as string[]).includes('image'));
    assert.ok(imageOut.length >= 5, `${imageOut.length} image-output models`);
    for (const m of imageOut) assert.ok((k.get(String(m.id))!.output_modalities as string[]).includes('image'), String(m.id));
    for (const m of list) {
      const c = k.get(String(m.id))!;
      const arch = m.architecture as Obj;
      const params = (m.supported_parameters ?? []) as string[];
      assert.deepEqual(c.input_modalities, [...new Set(arch.input_modalities as string[])].sort(), `${m.id} input`);
      assert.equal(c.supports_vision, (arch.input_modalities as string[]).includes('image'), String(m.id));
      assert.equal(c.supports_tools, params.includes('tools'), String(m.id));
      assert.equal(c.supports_reasoning, params.includes('reasoning'), String(m.id));
      assert.equal(c.supports_structured_output, params.includes('structured_outputs'), String(m.id));
      assert.equal(c.kind, 'chat', `${m.id}: every model of this list outputs text`);
    }
  });

  test('Anthropic: the vision flag and the input modalities follow capabilities; the kind comes from the claude-* rule', async () => {
    const k = await kinds('anthropic');
    for (const m of realList('anthropic')) {
      const caps = m.capabilities as Record<string, { supported: boolean }>;
      const c = k.get(String(m.id))!;
      assert.equal(c.supports_vision, caps.image_input!.supported, String(m.id));
      assert.equal((c.input_modalities as string[]).includes('image'), caps.image_input!.supported, String(m.id));
      assert.equal(c.supports_batch, caps.batch!.supported, String(m.id));
      assert.equal(c.supports_reasoning, caps.thinking!.supported, String(m.id));
      assert.equal(c.kind, 'chat', String(m.id));
      assert.equal(c.supports_tools, true, `${m.id}: from the rule`);
    }
  });

  test('Mistral, Together, Fireworks, Groq: their own fields, then the rules; OCR models stay unknown', async () => {
    const mistral = await kinds('mistral');
    for (const m of realList('mistral')) {
      const caps = m.capabilities as Obj;
      const c = mistral.get(String(m.id))!;
      if (caps.completion_chat === true) {
        assert.equal(c.kind, 'chat', String(m.id));
        assert.equal(c.supports_tools, caps.function_calling, String(m.id));
        assert.equal(c.supports_vision, caps.vision, String(m.id));
      }
    }
    assert.equal(mistral.get('mistral-embed')!.kind, 'embedding');
    assert.equal(mistral.get('mistral-moderation-latest')!.kind, 'moderation');
    assert.deepEqual(reports.get('mistral')!.unclassified, ['mistral-ocr-2503', 'mistral-ocr-2505', 'mistral-ocr-latest']);

    const together = await kinds('together');
    const kindOf: Record<string, string> = { chat: 'chat', language: 'completion', image: 'image', embedding: 'embedding', moderation: 'moderation', rerank: 'rerank', audio: 'speech', transcribe: 'transcription' };
    for (const m of realList('together')) assert.equal(together.get(String(m.id))!.kind, kindOf[String(m.type)], String(m.id));

    const fireworks = await kinds('fireworks');
    for (const m of realList('fireworks')) {
      const c = fireworks.get(String(m.id))!;
      assert.equal(c.kind, m.supports_chat === true ? 'chat' : undefined, String(m.id));
      assert.equal(c.supports_vision, m.supports_image_input, String(m.id));
    }
    const groq = await kinds('groq');
    assert.equal(groq.get('whisper-large-v3')!.kind, 'transcription');
    assert.equal(groq.get('playai-tts')!.kind, 'speech');
    assert.equal(groq.get('llama-3.3-70b-versatile')!.kind, 'chat');
    assert.deepEqual(reports.get('ollama')!.unclassified!.length, realList('ollama').length, 'no rule for local Ollama models');
  });

  test('ai_models_active has kind and modalities as columns; the documented query picks chat models with images and tools, cheapest first', async () => {
    const [gpt4o] = await db.sql<{ kind: string; input_modalities: string[]; output_modalities: string[] }[]>`
      select kind, input_modalities, output_modalities from ai_models_active where provider = 'openai' and api_identifier = 'gpt-4o'`;
    assert.deepEqual(gpt4o, { kind: 'chat', input_modalities: ['image', 'text'], output_modalities: ['text'] });
    // the query of docs/capabilities.md, "Pick a chat model"
    const picked = await db.sql<{ provider: string; api_identifier: string; kind: string; input_modalities: string[]; tools: boolean; price: string }[]>`
      select provider, api_identifier, kind, input_modalities, (config->>'supports_tools')::boolean as tools,
             (config->>'input_token_cost_rate')::numeric as price
        from ai_models_active
       where kind = 'chat' and 'image' = any (input_modalities) and (config->>'supports_tools')::boolean
         and config ? 'input_token_cost_rate'
       order by (config->>'input_token_cost_rate')::numeric, (config->>'output_token_cost_rate')::numeric, provider, api_identifier`;
    assert.ok(picked.length > 20, `${picked.length} picked`);
    assert.ok(picked.some((p) => p.provider === 'openai' && p.api_identifier === 'gpt-4o'));
    assert.ok(!picked.some((p) => p.api_identifier.startsWith('tts-') || p.api_identifier.includes('transcribe')));
    for (const [i, p] of picked.entries()) {
      assert.ok(p.kind === 'chat' && p.input_modalities.includes('image') && p.tools, p.api_identifier);
      if (i > 0) assert.ok(Number(picked[i - 1]!.price) <= Number(p.price), 'cheapest first');
    }
  });
});

test('the normaliser stays one inlined pass: reported_capabilities is inlined into staged_models (no SET, STABLE)', async () => {
  const plan = await db.sql.unsafe(
    `explain verbose select * from ai_model_sync.staged_models('anthropic', '[{"id": "claude-x", "capabilities": {"image_input": {"supported": true}}}]')`,
  );
  const text = plan.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n');
  assert.doesNotMatch(text, /reported_capabilities|staged_models/, text);
  assert.match(text, /jsonb_to_recordset/);
});

describe('merge rules for capabilities', () => {
  const claude = () => realList('anthropic').filter((m) => m.id === 'claude-opus-4-6' || m.id === 'claude-sonnet-4-6');
  const withoutImages = (list: Obj[], id: string) =>
    list.map((m) => (m.id === id ? { ...m, capabilities: { ...(m.capabilities as Obj), image_input: { supported: false } } } : m));
  beforeEach(async () => {
    await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog, ai_model_sync.model_filters`;
    await loadBuiltinCatalog(db.sql);
  });

  test('a provider changing a reported capability updates an untouched row', async () => {
    await stageAndSync(db.sql, 'anthropic', claude());
    assert.equal((await model(db.sql, 'anthropic', 'claude-opus-4-6')).config.supports_vision, true);
    const r = await stageAndSync(db.sql, 'anthropic', withoutImages(claude(), 'claude-opus-4-6'));
    assert.equal(r.updated, 1);
    const row = await model(db.sql, 'anthropic', 'claude-opus-4-6');
    assert.equal(row.config.supports_vision, false);
    assert.deepEqual(row.config.input_modalities, ['file', 'text']);
    assert.deepEqual(row.config, row.defaults_snapshot);
  });

  test('an admin override of a capability is kept across syncs, and reported as a conflict when the provider moves', async () => {
    await stageAndSync(db.sql, 'anthropic', claude());
    await editConfig(db.sql, 'anthropic', 'claude-opus-4-6', { supports_vision: false, kind: 'chat' });
    await editConfig(db.sql, 'anthropic', 'claude-sonnet-4-6', { supports_tools: false, input_modalities: ['text'] });
    const again = await stageAndSync(db.sql, 'anthropic', claude());
    assert.ok(again.overrides.some((o) => o.api_identifier === 'claude-opus-4-6' && o.key === 'supports_vision' && o.value === false));
    assert.equal((await model(db.sql, 'anthropic', 'claude-opus-4-6')).config.supports_vision, false);
    // the admin's value equals the new default: no conflict, still the admin's
    const moved = await stageAndSync(db.sql, 'anthropic', withoutImages(claude(), 'claude-sonnet-4-6'));
    const sonnet = await model(db.sql, 'anthropic', 'claude-sonnet-4-6');
    assert.equal(sonnet.config.supports_tools, false, 'the override of a rule-given flag survives');
    assert.equal(sonnet.config.supports_vision, false, 'the untouched flag followed the provider');
    assert.equal((await model(db.sql, 'anthropic', 'claude-opus-4-6')).config.supports_vision, false);
    assert.deepEqual(sonnet.config.input_modalities, ['text'], 'the override is kept while the default moves');
    assert.deepEqual(
      moved.conflicts.map((c) => [c.api_identifier, c.key, c.value, c.old_default, c.new_default]),
      [['claude-sonnet-4-6', 'input_modalities', ['text'], ['file', 'image', 'text'], ['file', 'text']]],
    );
  });

  test('an exact catalog entry beats a kind rule; what the list reports beats the catalog; the admin tier beats the list', async () => {
    await db.sql`insert into ai_model_catalog (provider, model, match, tier, config) values
      ('openai', 'gpt-4o-mini-tts', 'exact', 'builtin', '{"kind": "chat"}'),
      ('anthropic', 'claude-sonnet-4-6', 'exact', 'builtin', '{"supports_vision": false}'),
      ('anthropic', 'claude-opus-4-6', 'exact', 'admin', '{"supports_vision": false}')
      on conflict (provider, model, tier) do update set config = ai_model_catalog.config || excluded.config`;
    await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o-mini-tts'), openaiModel('tts-1')]);
    await stageAndSync(db.sql, 'anthropic', claude());
    assert.equal((await model(db.sql, 'openai', 'gpt-4o-mini-tts')).config.kind, 'chat');
    assert.equal((await model(db.sql, 'openai', 'tts-1')).config.kind, 'speech');
    assert.equal((await model(db.sql, 'anthropic', 'claude-sonnet-4-6')).config.supports_vision, true);
    assert.equal((await model(db.sql, 'anthropic', 'claude-opus-4-6')).config.supports_vision, false);
  });

  test('an unclassified model has kind null and is reported; a rule classifies it on the next sync', async () => {
    const r = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('mystery-model-x')]);
    assert.deepEqual(r.unclassified, ['mystery-model-x']);
    assert.equal((await model(db.sql, 'openai', 'mystery-model-x')).config.kind, undefined);
    const [row] = await db.sql<{ kind: string | null }[]>`select kind from ai_models_active where api_identifier = 'mystery-model-x'`;
    assert.equal(row!.kind, null);
    const text = renderReport({ mode: 'sync', force: false, providers: [{ provider: 'openai', status: 'applied', batch: r.batch, report: r as never }] } as never);
    assert.match(text, /^Unclassified .*\n {2}openai \(1\): mystery-model-x$/m);
    await db.sql`select ai_model_sync.load_kind_rules(${db.sql.json([...readKindRules().rules, { provider: 'openai', pattern: 'mystery-*', config: { kind: 'rerank' } }] as never)}::jsonb,
                                                      ${readKindRules().providers}::text[])`;
    const again = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('mystery-model-x')]);
    assert.equal(again.same_as_batch, undefined, 'a rule change is a configuration change: no no-op shortcut');
    assert.deepEqual(again.unclassified, []);
    assert.equal((await model(db.sql, 'openai', 'mystery-model-x')).config.kind, 'rerank');
  });

  test('config validation: a row or catalog entry with an unknown kind, modality or a non-boolean flag is refused', async () => {
    await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o')]);
    await assert.rejects(editConfig(db.sql, 'openai', 'gpt-4o', { kind: 'Chat' }), /kind must be one of chat, completion/);
    await assert.rejects(editConfig(db.sql, 'openai', 'gpt-4o', { input_modalities: ['text', 'pdf'] }), /input_modalities must be an array of audio, file/);
    await assert.rejects(editConfig(db.sql, 'openai', 'gpt-4o', { supports_tools: 'yes' }), /supports_tools must be true or false/);
    await assert.rejects(
      db.sql`insert into ai_model_catalog (provider, model, config) values ('openai', 'x', '{"kind": "tts"}')`,
      /ai_model_catalog_config_check|violates check constraint/,
    );
    await editConfig(db.sql, 'openai', 'gpt-4o', { kind: 'chat', supports_tools: false, output_modalities: ['audio', 'text'] });
  });

  test('the kind rules are validated; a reload of the same rules writes nothing', async () => {
    const { rules, providers } = readKindRules();
    await assert.rejects(
      db.sql`select ai_model_sync.load_kind_rules(${db.sql.json([{ provider: 'openai', pattern: 'x-*', config: { kind: 'chatt' } }] as never)}::jsonb, '{openai}')`,
      (e: Error & { hint?: string }) => /kind "chatt" is not one of chat/.test(e.message) && /nothing was changed/.test(e.hint ?? ''),
    );
    await assert.rejects(
      db.sql`select ai_model_sync.load_kind_rules(${db.sql.json([{ provider: 'openai', pattern: 'x-*', config: { input_token_cost_rate: 1 } }] as never)}::jsonb, '{openai}')`,
      /config key "input_token_cost_rate" is not a capability/,
    );
    const [before_] = await db.sql<{ v: string }[]>`select string_agg(xmin::text || ctid::text, ',' order by provider, position) as v from ai_model_sync.kind_rules`;
    const [again] = await db.sql<{ r: { changed: boolean } }[]>`select ai_model_sync.load_kind_rules(${db.sql.json(rules as never)}::jsonb, ${providers}::text[]) as r`;
    assert.equal(again!.r.changed, false);
    const [after_] = await db.sql<{ v: string }[]>`select string_agg(xmin::text || ctid::text, ',' order by provider, position) as v from ai_model_sync.kind_rules`;
    assert.equal(after_!.v, before_!.v);
    assert.ok(before_!.v.length > 0);
  });
});

describe('model filters', () => {
  const openaiList = () => realList('openai');
  beforeEach(async () => {
    await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog, ai_model_sync.model_filters`;
    await loadBuiltinCatalog(db.sql);
  });

  test('stored settings (pg_cron: CALL sync_ai_models()): include, exclude and kinds, with the reason of each removal', async () => {
    await setFilters('openai', { include: ['gpt-*', 'o3*'], exclude: ['*-preview*', 'gpt-3.5*'] });
    await setFilters('*', { kinds: ['chat', 'embedding'] });
    const r = await stageAndSync(db.sql, 'openai', openaiList());
    const ids = (await models(db.sql, 'openai')).map((m) => m.api_identifier);
    assert.ok(ids.includes('gpt-4o') && ids.includes('o3') && ids.includes('gpt-5'), ids.join(' '));
    for (const id of ids) {
      assert.match(id, /^(gpt-|o3)/, id);
      assert.doesNotMatch(id, /-preview|^gpt-3\.5/, id);
      assert.equal((await model(db.sql, 'openai', id)).config.kind, 'chat', `${id}: no embedding matches the include`);
    }
    const reason = new Map(r.filtered!.map((f) => [f.api_identifier, f.reason]));
    assert.equal(reason.get('text-embedding-3-small'), 'include: matches none of gpt-*, o3*');
    assert.equal(reason.get('gpt-4o-search-preview'), 'exclude: matches *-preview*');
    assert.equal(reason.get('gpt-4o-mini-tts'), 'kinds: speech is not one of chat, embedding');
    assert.equal(reason.get('gpt-image-1'), 'kinds: image is not one of chat, embedding');
    assert.equal(r.models + r.filtered!.length, openaiList().length);
    assert.equal(r.inserted, ids.length);
  });

  test('a filter change deactivates what it removes without tripping the guard, names the reason, and undoes cleanly', async () => {
    const first = await stageAndSync(db.sql, 'openai', openaiList());
    assert.equal(first.inserted, openaiList().length);
    const same = await stageAndSync(db.sql, 'openai', openaiList());
    assert.ok(same.same_as_batch, 'the same list again takes the no-op shortcut');

    // keeps 3 of 126: far more than half would go, but it is a configuration change
    await setFilters('openai', { include: ['gpt-4o', 'o3', 'gpt-5'] });
    const r = await stageAndSync(db.sql, 'openai', openaiList());
    assert.equal(r.same_as_batch, undefined, 'a filter change invalidates the no-op shortcut');
    assert.deepEqual(r.warnings, []);
    assert.equal(r.deactivated, openaiList().length - 3);
    const reasons = new Map(r.deactivated_reasons!.map((d) => [d.api_identifier, d.reason]));
    assert.equal(reasons.get('tts-1'), 'filtered: include: matches none of gpt-4o, o3, gpt-5');
    assert.equal(reasons.size, r.deactivated);
    const active = await db.sql<{ api_identifier: string }[]>`select api_identifier from ai_models_active where provider = 'openai' order by 1`;
    assert.deepEqual(active.map((a) => a.api_identifier), ['gpt-4o', 'gpt-5', 'o3']);
    const text = renderReport({ mode: 'sync', force: false, providers: [{ provider: 'openai', status: 'applied', batch: r.batch, report: r as never }] } as never);
    assert.match(text, /^Deactivated by the model filters .*\n {2}openai\/babbage-002: filtered: include: matches none of gpt-4o, o3, gpt-5$/m);
    assert.doesNotMatch(text, /^Deactivated \(no longer listed\):/m);

    // the guard still counts what the provider stopped listing, among the models the filters keep
    const shorter = () => openaiList().filter((m) => m.id !== 'o3' && m.id !== 'gpt-5');
    const r2 = await stageAndSync(db.sql, 'openai', shorter());
    assert.equal(r2.deactivated, 0);
    assert.deepEqual(r2.warnings, [
      'guard held: the list lacks 2 of 3 active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
    ]);
    const r3 = await stageAndSync(db.sql, 'openai', shorter(), { force: true });
    assert.deepEqual(r3.deactivated_reasons, [
      { api_identifier: 'gpt-5', reason: "not in the provider's list" },
      { api_identifier: 'o3', reason: "not in the provider's list" },
    ]);

    // dropping the filter brings every model back, reactivated
    await db.sql`delete from ai_model_sync.model_filters`;
    const back = await stageAndSync(db.sql, 'openai', openaiList());
    assert.equal(back.reactivated, openaiList().length - 1, 'all but gpt-4o, which stayed active');
    assert.deepEqual(back.filtered, []);
  });

  test('when the guard holds for unlisted models, the filtered ones are deactivated all the same', async () => {
    const ids = ['gpt-4o', 'gpt-4.1', 'o3', 'o4-mini', 'tts-1', 'tts-1-hd', 'whisper-1', 'text-embedding-3-small'];
    await stageAndSync(db.sql, 'openai', ids.map((id) => openaiModel(id)));
    await setFilters('*', { kinds: ['chat'] });
    // the list also lacks 3 of the 4 chat models: more than half of what the filters keep
    const r = await stageAndSync(db.sql, 'openai', ['gpt-4o', 'tts-1', 'tts-1-hd', 'whisper-1', 'text-embedding-3-small'].map((id) => openaiModel(id)));
    assert.deepEqual(r.warnings, [
      'guard held: the list lacks 3 of 4 active models, more than half; none was deactivated (CALL sync_ai_models(force => true) to override)',
    ]);
    assert.deepEqual(r.deactivated_models, ['text-embedding-3-small', 'tts-1', 'tts-1-hd', 'whisper-1']);
    assert.ok(r.deactivated_reasons!.every((d) => d.reason.startsWith('filtered: kinds: ')));
    const active = await db.sql<{ api_identifier: string }[]>`select api_identifier from ai_models_active where provider = 'openai' order by 1`;
    assert.deepEqual(active.map((a) => a.api_identifier), ['gpt-4.1', 'gpt-4o', 'o3', 'o4-mini']);
  });

  test('a kinds filter uses the kind an admin set on the row; unclassified keeps models of unknown kind', async () => {
    await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('tts-1'), openaiModel('mystery-model-x')]);
    await editConfig(db.sql, 'openai', 'tts-1', { kind: 'chat' });
    await setFilters('*', { kinds: ['chat'] });
    const r = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('tts-1'), openaiModel('mystery-model-x')]);
    assert.deepEqual(r.filtered, [{ api_identifier: 'mystery-model-x', reason: 'kinds: unclassified is not one of chat' }]);
    assert.equal(r.deactivated, 1);
    await setFilters('*', { kinds: ['chat', 'unclassified'] });
    const back = await stageAndSync(db.sql, 'openai', [openaiModel('gpt-4o'), openaiModel('tts-1'), openaiModel('mystery-model-x')]);
    assert.equal(back.reactivated, 1);
  });

  test('modelFilters reads the environment: per provider globs, global kinds, unknown kinds refused', () => {
    const rows = modelFilters({ AI_MODEL_SYNC_OPENAI_INCLUDE: 'gpt-*, o3*', AI_MODEL_SYNC_MY_VLLM_EXCLUDE: 'x-*', AI_MODEL_SYNC_KINDS: 'Chat,embedding' }, ['openai', 'my-vllm']);
    assert.deepEqual(rows, [
      { provider: '*', include: null, exclude: null, kinds: ['chat', 'embedding'] },
      { provider: 'openai', include: ['gpt-*', 'o3*'], exclude: null, kinds: null },
      { provider: 'my-vllm', include: null, exclude: ['x-*'], kinds: null },
    ]);
    assert.throws(() => modelFilters({ AI_MODEL_SYNC_KINDS: 'chat,speach' }, []), /AI_MODEL_SYNC_KINDS: unknown kind speach/);
  });
});

describe('model filters from the CLI (make sync with AI_MODEL_SYNC_* variables)', () => {
  let openai: MockServer;
  const KEY = 'fake-capabilities-OPENAI-k3j4';
  before(async () => {
    openai = await startOpenAIMock({ models: realList('openai'), key: KEY });
  });
  after(() => openai.close());

  test('the fetcher stores the filters, the sync obeys them, the report says why; a later CALL sync_ai_models() still does', async () => {
    await db.sql`truncate ai_providers, ai_model_fetches, ai_model_catalog, ai_model_sync.model_filters`;
    const env = (extra: Record<string, string>) => ({ DATABASE_URL: db.url, OPENAI_API_KEY: KEY, OPENAI_BASE_URL: openai.baseUrl, AI_MODEL_SYNC_RETRIES: '1', ...extra });
    const r = await runCli(['--provider', 'openai'], env({ AI_MODEL_SYNC_OPENAI_EXCLUDE: 'gpt-5*', AI_MODEL_SYNC_KINDS: 'chat' }));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Not synced \(removed by the model filters/m);
    assert.match(r.stdout.replace(/\n +/g, " "), /gpt-4o-mini-tts \(kinds: speech is not one of chat\)/, "the wrapped report names the reason");
    const stored = await db.sql`select provider, include, exclude, kinds from ai_model_sync.model_filters order by provider`;
    assert.deepEqual([...stored], [
      { provider: '*', include: null, exclude: null, kinds: ['chat'] },
      { provider: 'openai', include: null, exclude: ['gpt-5*'], kinds: null },
    ]);
    const kinds_ = await db.sql<{ kind: string; n: number }[]>`select config->>'kind' as kind, count(*)::int as n from ai_providers where provider = 'openai' group by 1`;
    assert.deepEqual([...kinds_].map((k) => k.kind), ['chat']);
    const [gpt5] = await db.sql<{ n: number }[]>`select count(*)::int as n from ai_providers where api_identifier like 'gpt-5%'`;
    assert.equal(gpt5!.n, 0);

    // pg_cron's path: a list staged by `make stage` (no filters stored by that role), applied by CALL sync_ai_models()
    await stage(db.sql, 'openai', realList('openai').concat([openaiModel('gpt-5-new') as Obj, openaiModel('text-embedding-4') as Obj]));
    await sync(db.sql);
    const [last] = await db.sql<{ report: Report }[]>`select report from ai_model_fetches order by id desc limit 1`;
    const reasons = new Map(last!.report.filtered!.map((f) => [f.api_identifier, f.reason]));
    assert.equal(reasons.get('gpt-5-new'), 'exclude: matches gpt-5*');
    assert.equal(reasons.get('text-embedding-4'), 'kinds: embedding is not one of chat');

    // a dry run stores nothing: the filters it would use are rolled back with everything else
    const dry = await runCli(['--provider', 'openai', '--dry-run'], env({ AI_MODEL_SYNC_OPENAI_INCLUDE: 'o3*' }));
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /gpt-4o: filtered: include: matches none of o3\*/);
    assert.deepEqual([...(await db.sql`select provider, include, exclude, kinds from ai_model_sync.model_filters order by provider`)], [...stored]);
    // stage-only cannot store them (that role may only INSERT), and says so
    const staged = await runCli(['--provider', 'openai', '--stage-only'], env({ AI_MODEL_SYNC_OPENAI_INCLUDE: 'o3*' }));
    assert.equal(staged.code, 0, staged.stdout + staged.stderr);
    assert.match(staged.stderr, /model filters: not stored in stage-only mode/);
    await sync(db.sql);

    // the next run without the variables clears them: every model comes back
    const cleared = await runCli(['--provider', 'openai'], env({}));
    assert.equal(cleared.code, 0, cleared.stdout + cleared.stderr);
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from ai_models_active where provider = 'openai'`;
    assert.equal(n!.n, realList('openai').length);
    const [f] = await db.sql<{ n: number }[]>`select count(*)::int as n from ai_model_sync.model_filters`;
    assert.equal(f!.n, 0);
  });
});
