// The real provider lists of ../shared/real-provider-lists (see its SOURCES.md), synced with the built-in catalog:
// the normaliser's rules of issue 12 hold on what the providers really return.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { loadBuiltinCatalog } from '../fetcher/catalog/load.ts';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';
import { report, stage, sync, type Report } from './helpers/sync.ts';

const dir = [resolve(projectRoot, '..', 'shared', 'real-provider-lists'), resolve(projectRoot, '..', '..', 'shared', 'real-provider-lists')]
  .find((d) => existsSync(resolve(d, 'SOURCES.md')));
type Model = Record<string, unknown> & { id?: string; name?: string };
const lists: Record<string, Model[]> = {};
for (const provider of ['openai', 'anthropic', 'google', 'mistral', 'groq', 'together', 'fireworks', 'xai', 'openrouter', 'deepseek', 'ollama']) {
  if (!dir) break;
  const doc = JSON.parse(readFileSync(resolve(dir, `${provider}.json`), 'utf8')) as Model[] | { data?: Model[]; models?: Model[] };
  lists[provider] = Array.isArray(doc) ? doc : (doc.data ?? doc.models ?? []);
}

let db: TestDatabase;
const reports: Record<string, Report & { not_token_priced: string[] }> = {};
before(async () => {
  if (!dir) return;
  db = await createTestDatabase();
  await loadBuiltinCatalog(db.sql);
  const batches = Object.fromEntries(await Promise.all(Object.entries(lists).map(async ([p, models]) => [p, await stage(db.sql, p, models)] as const)));
  await sync(db.sql, { force: true });
  for (const [p, id] of Object.entries(batches)) reports[p] = (await report(db.sql, id)) as (typeof reports)[string];
});
after(() => db?.drop());
const skip = !dir && 'the shared real provider lists are not here';

const config = async (provider: string, id: string) =>
  (await db.sql<{ config: Record<string, unknown> }[]>`
    select config from ai_providers where provider = ${provider} and api_identifier = ${id}`)[0]?.config;

test('every real list applies', { skip }, () => {
  for (const [p, r] of Object.entries(reports)) assert.equal(r.status, 'applied', p);
  assert.equal(reports.together!.models, 88);
});

test('Together: no image, audio or transcription model is stored with a per-token price, nor a 0 / 0 model at $0', { skip }, async () => {
  const together = lists.together!;
  const tokenTypes = ['chat', 'language', 'code', 'embedding', 'moderation', 'rerank'];
  const nonToken = together.filter((m) => !tokenTypes.includes(m.type as string));
  const zero = together.filter((m) => tokenTypes.includes(m.type as string)
    && (m.pricing as { input: number }).input === 0 && (m.pricing as { output: number }).output === 0);
  // the list as SOURCES.md describes it: 12 image models, 2 audio (per character), 1 transcription, 11 chat at 0 / 0
  assert.equal(nonToken.filter((m) => m.type === 'image').length, 12);
  assert.deepEqual(nonToken.filter((m) => m.type !== 'image').map((m) => m.type).sort(), ['audio', 'audio', 'transcribe']);
  assert.equal(zero.filter((m) => m.type === 'chat').length, 11);
  assert.ok(nonToken.some((m) => (m.pricing as { input: number }).input > 0), 'a non-token price (sonic: 65 per 1M characters) is in the list');

  for (const m of nonToken) {
    const c = (await config('together', m.id!))!;
    const costKeys = Object.keys(c).filter((k) => k.endsWith('_cost_rate'));
    assert.deepEqual(costKeys, [], `${m.id} (${m.type as string}) has no per-token price`);
  }
  const catalog = new Set((await db.sql<{ model: string }[]>`select model from ai_model_catalog where provider = 'together'`).map((r) => r.model));
  for (const m of zero) {
    const c = (await config('together', m.id!))!;
    // never $0 from the list: unpriced, unless the catalog prices the model itself
    if (!catalog.has(m.id!)) assert.equal(c.input_token_cost_rate, undefined, m.id);
    assert.notEqual(c.input_token_cost_rate, 0, m.id);
  }
  assert.deepEqual(reports.together!.not_token_priced, [...nonToken, ...zero].map((m) => m.id!).sort());
  // a model Together prices per token keeps its list price
  const priced = together.find((m) => m.type === 'chat' && (m.pricing as { input: number }).input > 0)!;
  const c = (await config('together', priced.id!))!;
  assert.equal(typeof c.input_token_cost_rate, 'number', priced.id);
});

test("OpenAI's shutdown_date and OpenRouter's expiration_date land in config as provider_retires_at", { skip }, async () => {
  const shut = lists.openai!.filter((m) => typeof m.shutdown_date === 'string');
  assert.equal(shut.length, 52);
  const rows = new Map((await db.sql<{ api_identifier: string; at: string | null }[]>`
    select api_identifier, config->>'provider_retires_at' as at from ai_providers where provider = 'openai'`).map((r) => [r.api_identifier, r.at]));
  for (const m of lists.openai!) assert.equal(rows.get(m.id!), (m.shutdown_date as string | null) ?? null, m.id);
  const expiring = lists.openrouter!.filter((m) => typeof m.expiration_date === 'string');
  assert.equal(expiring.length, 11);
  for (const m of expiring) assert.equal((await config('openrouter', m.id!))!.provider_retires_at, m.expiration_date, m.id);
  // Mistral's deprecation keeps landing in provider_deprecated_at (none in today's capture: sync-insert covers one)
  const deprecated = lists.mistral!.filter((m) => typeof m.deprecation === 'string');
  for (const m of deprecated) assert.equal((await config('mistral', m.id!))!.provider_deprecated_at, m.deprecation, m.id);
});

test('prices from provider lists are the shortest exact decimal: no 24-digit tails', { skip }, async () => {
  const rows = await db.sql<{ provider: string; api_identifier: string; key: string; value: string }[]>`
    select p.provider, p.api_identifier, e.key, e.value::text as value
      from ai_providers p, jsonb_each(p.config) as e
     where e.key like '%\\_cost\\_rate' and jsonb_typeof(e.value) = 'number'
       and e.value::text <> trim_scale(e.value::text::numeric)::text`;
  assert.deepEqual([...rows], []);
  // OpenRouter's "0.000003" per token and Together's 0.6 per 1M are stored as written
  const [n] = await db.sql<{ n: number }[]>`
    select count(*)::int as n from ai_providers p, jsonb_each(p.config) as e
     where p.provider in ('openrouter', 'together') and e.key like '%\\_cost\\_rate' and jsonb_typeof(e.value) = 'number'`;
  assert.ok(n!.n > 400, `${n!.n} list prices checked`);
  assert.ok(!JSON.stringify(await config('openrouter', lists.openrouter!.find((m) => (m.pricing as { prompt: string }).prompt === '0.000003')!.id!)).match(/\d{20}/));
});
