// The Supabase Edge Function (supabase/functions/sync-ai-models) under the real Deno runtime (the npm package
// `deno`), the way Supabase bundles it: the function's directory and the fetcher copied into an empty directory
// (no package.json, no node_modules: imports resolve through its deno.json's npm: specifiers), the handler served
// on a free port, the provider mocks, a real PostgreSQL (a throwaway database).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { startEdgeFunction, type EdgeFunction } from './helpers/edge.ts';
import { defaultListsDir, measureEdgeFunction } from '../bench/edge-function.ts';
import { anthropicModels, openaiModels, startAnthropicMock, startOpenAIMock, type MockServer } from './mocks/index.ts';

const SECRET = 'fn-secret-e2e-7Hq2Lw9Xc4Vb8Nm1';
const KEYS = { openai: 'fake-fn-OPENAI-t5y6u7', anthropic: 'fake-ant-fn-ANTHROPIC-g4h5j6' };

let fn: EdgeFunction;
let base: string;
let bodies = '';
const logs = () => fn.logs();
let db: TestDatabase;
let openai: MockServer;
let anthropic: MockServer;
let fnEnv: Record<string, string>;

before(async () => {
  [openai, anthropic] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
  ]);
  db = await createTestDatabase();
  fnEnv = {
    AI_MODEL_SYNC_FUNCTION_SECRET: SECRET,
    SUPABASE_DB_URL: db.url,
    OPENAI_API_KEY: KEYS.openai,
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    AI_MODEL_SYNC_RETRIES: '1',
    AI_MODEL_SYNC_BACKOFF_MS: '5',
  };
  fn = await startEdgeFunction(fnEnv);
  base = fn.url;
});

after(async () => {
  await fn?.stop();
  await Promise.all([openai, anthropic].map((m) => m?.close()));
  await db?.drop();
});

beforeEach(async () => {
  for (const m of [openai, anthropic]) m.reset();
  await db.sql`truncate ai_model_fetches, ai_providers cascade`;
});

async function call(init: RequestInit & { secret?: string | null } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const { secret = SECRET, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (secret !== null) headers.set('authorization', `Bearer ${secret}`);
  const res = await fetch(base, { method: 'POST', ...rest, headers });
  const text = await res.text();
  bodies += text;
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

type Provider = { provider: string; status: string; report?: { inserted: number }; error?: string };
const byProvider = (body: Record<string, unknown>) => Object.fromEntries((body.providers as Provider[]).map((p) => [p.provider, p]));
const counts = async () =>
  Object.fromEntries((await db.sql<{ provider: string; n: number }[]>`select provider, count(*)::int as n from ai_providers group by provider`).map((r) => [r.provider, r.n]));
const fetchCount = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from ai_model_fetches`)[0]!.n;

describe('the Edge Function under Deno', () => {
  test('the function directory needs no node_modules: none is visible to it', () => {
    assert.ok(!existsSync(join(fn.dir, 'node_modules')) && !existsSync(join(fn.dir, 'package.json')));
  });

  test("its deno.json pins the same versions as package.json (one fetcher, one set of SDKs)", async () => {
    const { readFileSync } = await import('node:fs');
    const { projectRoot } = await import('./helpers/db.ts');
    const deno = JSON.parse(readFileSync(join(projectRoot, 'supabase/functions/sync-ai-models/deno.json'), 'utf8')) as { imports: Record<string, string> };
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, spec] of Object.entries(deno.imports)) {
      assert.equal(spec, `npm:${name}@${pkg.dependencies[name]}`, name);
    }
  });

  test('the function type-checks under Deno (deno check, the function\'s deno.json)', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { denoBinary, denoEnv } = await import('./helpers/edge.ts');
    await promisify(execFile)(denoBinary(), ['check', '--quiet', '--config', 'supabase/functions/sync-ai-models/deno.json', 'supabase/functions/sync-ai-models/index.ts'], {
      cwd: fn.dir,
      env: denoEnv(),
    }).catch((e: { stdout?: string; stderr?: string }) => assert.fail(`deno check failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`));
  });

  test('the right secret: every provider fetched, staged and applied; 200 with the report', async () => {
    const r = await call();
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.exit_code, 0);
    const p = byProvider(r.body);
    assert.equal(p.openai?.status, 'applied');
    assert.equal(p.openai?.report?.inserted, 8);
    assert.equal(p.anthropic?.status, 'applied');
    assert.equal(p.google?.status, 'skipped');
    assert.deepEqual(await counts(), { anthropic: 5, openai: 8 });
    const staged = await db.sql<{ provider: string; status: string }[]>`select provider, status from ai_model_fetches order by provider`;
    assert.deepEqual(staged.map((s) => [s.provider, s.status]), [['anthropic', 'applied'], ['openai', 'applied']]);
    assert.equal(anthropic.requests.length, 3, 'every page fetched');
  });

  test('a wrong or missing secret: 401 and nothing fetched or staged', async () => {
    for (const secret of [null, 'wrong-secret-value-0000000', `${SECRET}x`, SECRET.slice(0, -1)]) {
      const r = await call({ secret });
      assert.equal(r.status, 401, `secret ${secret}`);
    }
    const basic = await fetch(base, { method: 'POST', headers: { authorization: `Basic ${SECRET}` } });
    assert.equal(basic.status, 401);
    await basic.text();
    // with JWT verification on, the secret travels in its own header; a wrong one there is refused even with the
    // right bearer token
    const wrongOwn = await call({ headers: { 'x-ai-model-sync-secret': 'wrong-secret-value-0000000' } });
    assert.equal(wrongOwn.status, 401);
    assert.equal(openai.requests.length + anthropic.requests.length, 0, 'a provider was called');
    assert.equal(await fetchCount(), 0);
  });

  test('JWT verification on: a JWT as the bearer token, the secret in x-ai-model-sync-secret', async () => {
    const r = await call({ secret: 'eyJhbGciOiJIUzI1NiJ9.anon.key', headers: { 'x-ai-model-sync-secret': SECRET }, body: JSON.stringify({ providers: ['openai'] }) });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(byProvider(r.body).openai?.status, 'applied');
  });

  test('GET (and any method but POST): 405, nothing fetched', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await fetch(base, { method, headers: { authorization: `Bearer ${SECRET}` } });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.get('allow'), 'POST');
      bodies += await res.text();
    }
    assert.equal(openai.requests.length + anthropic.requests.length, 0);
  });

  test('a failing provider: 502, reported by name with its error; the others applied', async () => {
    anthropic.fault({ fault: { type: 'status', status: 500, message: 'Internal server error' }, page: 2 });
    const r = await call();
    assert.equal(r.status, 502, JSON.stringify(r.body));
    assert.equal(r.body.exit_code, 1);
    const p = byProvider(r.body);
    assert.equal(p.anthropic?.status, 'fetch_failed');
    assert.match(p.anthropic?.error ?? '', /page 2: HTTP 500 Internal Server Error after 2 attempts/);
    assert.equal(p.openai?.status, 'applied');
    assert.deepEqual(await counts(), { openai: 8 });
  });

  test('stage only (the body\'s mode, or AI_MODEL_SYNC_FUNCTION_MODE): the lists wait for CALL sync_ai_models()', async () => {
    const r = await call({ body: JSON.stringify({ mode: 'stage-only', providers: ['openai'] }), headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(byProvider(r.body).openai?.status, 'staged');
    assert.equal(anthropic.requests.length, 0, 'providers: ["openai"] fetched anthropic');
    assert.deepEqual(await counts(), {});
    await db.sql`call sync_ai_models()`;
    assert.deepEqual(await counts(), { openai: 8 });
    const bad = await call({ body: JSON.stringify({ mode: 'stage-only', OPENAI_API_KEY: 'from-the-request-0000' }) });
    assert.equal(bad.status, 400, 'a key in the request is refused');

    // the same from the function's setting, for a plain POST; a setting that is no mode is the deployment's error
    for (const [mode, expect] of [['stage-only', 200], ['bogus', 500]] as const) {
      await db.sql`truncate ai_model_fetches, ai_providers cascade`;
      const other = await startEdgeFunction({ ...fnEnv, AI_MODEL_SYNC_FUNCTION_MODE: mode });
      try {
        const res = await fetch(other.url, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` }, body: JSON.stringify({ providers: ['openai'] }) });
        const text = await res.text();
        bodies += text;
        assert.equal(res.status, expect, text);
        if (mode === 'stage-only') {
          assert.equal(byProvider(JSON.parse(text) as Record<string, unknown>).openai?.status, 'staged', text);
          assert.deepEqual(await counts(), {});
          assert.equal(await fetchCount(), 1);
        } else {
          assert.match(text, /AI_MODEL_SYNC_FUNCTION_MODE must be one of/);
          assert.equal(await fetchCount(), 0, 'a misconfigured function fetched');
        }
      } finally {
        await other.stop();
      }
    }
  });

  test('no key and no secret in any response or log line', () => {
    assert.ok(bodies.includes('"openai"') && logs().includes('openai'), 'the haystacks are empty');
    for (const value of [...Object.values(KEYS), SECRET]) {
      assert.ok(!bodies.includes(value), `${value} in a response`);
      assert.ok(!logs().includes(value), `${value} in the logs`);
    }
  });
});

describe('the benchmark of one invocation (make bench) on the real provider lists', { skip: existsSync(join(defaultListsDir, 'openai.json')) ? false : `no real lists in ${defaultListsDir}` }, () => {
  test('eleven providers, every list applied, figures of CPU time and memory (never asserted)', async () => {
    const f = await measureEdgeFunction(defaultListsDir, 1);
    assert.ok(typeof f !== 'string', String(f));
    const [run] = f.invocations;
    assert.equal(run?.status, 200);
    assert.equal(run?.providers_applied, 11);
    assert.equal(run?.models, f.models);
    assert.ok(run!.cpu_ms >= 0 && run!.peak_rss_mb > 0 && run!.heap_after_mb > 0);
  });
});
