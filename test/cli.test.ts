// `make sync` end to end: fetcher/cli.ts as a child process, the three provider mocks (pages of 2), a real
// throwaway database. What the user sees (exit code, report, notices) and what the database holds afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { withDatabase } from '../fetcher/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { runCli, type CliResult } from './mocks/harness.ts';
import {
  anthropicModels,
  googleModels,
  groqModels,
  openaiModels,
  openrouterModels,
  startAnthropicMock,
  startGoogleMock,
  startOpenAIMock,
  togetherModels,
  type MockServer,
} from './mocks/index.ts';

// Distinctive keys, so that finding one anywhere is unambiguous.
const KEYS = { openai: 'fake-e2e-OPENAI-zq81x7vv', anthropic: 'fake-ant-e2e-ANTHROPIC-p4k2ww', google: 'AIza-e2e-GOOGLE-m3n9uu' };
const SKIPPED = ['mistral', 'groq', 'deepseek', 'xai', 'together', 'fireworks'];

let openai: MockServer;
let anthropic: MockServer;
let google: MockServer;
let db: TestDatabase;

before(async () => {
  [openai, anthropic, google] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
    startGoogleMock({ models: googleModels(), key: KEYS.google, pageSize: 2 }),
  ]);
});
after(() => Promise.all([openai, anthropic, google].map((m) => m.close())));
beforeEach(async () => {
  for (const m of [openai, anthropic, google]) m.reset();
  openai.options.models = openaiModels();
  anthropic.options.models = anthropicModels();
  google.options.models = googleModels();
  await db?.drop();
  db = await createTestDatabase();
});
after(() => db?.drop());

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    DATABASE_URL: db.url,
    OPENAI_API_KEY: KEYS.openai,
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    GOOGLE_API_KEY: KEYS.google,
    GOOGLE_GEMINI_BASE_URL: google.baseUrl,
    AI_MODEL_SYNC_RETRIES: '1',
    ...extra,
  };
}

const sync = (args: string[] = [], extra: Record<string, string | undefined> = {}) => runCli(args, env(extra));

function explain(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

async function modelCounts(): Promise<Record<string, number>> {
  const rows = await db.sql<{ provider: string; n: number }[]>`select provider, count(*)::int as n from ai_providers group by provider order by provider`;
  return Object.fromEntries(rows.map((r) => [r.provider, r.n]));
}

/** Every row of every table the sync writes, as text. */
async function databaseText(): Promise<string> {
  const [row] = await db.sql<{ text: string }[]>`
    select concat_ws(E'\n',
      (select string_agg(t::text, E'\n') from public.ai_model_fetches t),
      (select string_agg(t::text, E'\n') from public.ai_providers t),
      (select string_agg(t::text, E'\n') from public.ai_model_catalog t)) as text`;
  return row?.text ?? '';
}

/** A fingerprint of everything the sync could change. */
async function snapshot(): Promise<string> {
  const [row] = await db.sql<{ s: string }[]>`
    select concat_ws('|',
      (select count(*) from public.ai_providers), (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from public.ai_providers t),
      (select count(*) from public.ai_model_fetches), (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from public.ai_model_fetches t),
      (select count(*) from public.ai_model_catalog), (select md5(coalesce(string_agg(t::text, ',' order by t.id), '')) from public.ai_model_catalog t)) as s`;
  return row!.s;
}

describe('make sync', () => {
  test('fetches all pages of the three providers, stages each list once, applies it, prints the report; keyless providers skipped with one notice each', async () => {
    const r = await sync();
    assert.equal(r.code, 0, explain(r));
    assert.deepEqual(await modelCounts(), { anthropic: 5, google: 7, openai: 8 });

    const fetches = await db.sql<{ provider: string; status: string; payload: unknown }[]>`select provider, status, payload from ai_model_fetches order by provider`;
    assert.deepEqual(
      fetches.map((f) => [f.provider, f.status]),
      [
        ['anthropic', 'applied'],
        ['google', 'applied'],
        ['openai', 'applied'],
      ],
    );
    assert.deepEqual(fetches[0]!.payload, anthropicModels());
    assert.deepEqual(fetches[1]!.payload, googleModels(), 'Google objects staged exactly as sent (models/ names, supportedGenerationMethods)');
    assert.deepEqual(fetches[2]!.payload, openaiModels());

    assert.match(r.stdout, /^Sync report$/m);
    assert.match(r.stdout, /^provider\s+status\s+models\s+inserted\s+updated\s+unchanged\s+deactivated\s+reactivated\s+conflicts\s+unpriced$/m);
    assert.match(r.stdout, /^openai\s+applied\s+8\s+8\s+0\s+0\s+0\s+0\s+0\s+\d+$/m);
    assert.match(r.stdout, /^anthropic\s+applied\s+5\s+5\s+0\s+0\s+0\s+0\s+0\s+\d+$/m);
    assert.match(r.stdout, /^google\s+applied\s+7\s+7\s+0\s+0\s+0\s+0\s+0\s+\d+$/m);
    assert.match(r.stdout, new RegExp(`^Skipped \\(no key\\): ${SKIPPED.join(', ')}$`, 'm'));

    for (const name of SKIPPED) {
      const notices = r.stderr.split('\n').filter((l) => l.startsWith(`${name}:`));
      assert.deepEqual(notices, [`${name}: skipped, ${name.toUpperCase()}_API_KEY is not set`]);
    }
    assert.match(r.stderr, /^anthropic: 5 models in 3 pages$/m);
    assert.match(r.stderr, /^google: 7 models in 4 pages$/m);
    assert.match(r.stderr, /^openai: 8 models in 1 page$/m);
    assert.match(r.stderr, /^catalog builtin <- db\/catalog: \d+ entries/m, 'the built-in catalog is loaded before applying');
    const [priced] = await db.sql<{ n: number }[]>`select count(*)::int as n from ai_providers where config ? 'input_token_cost_rate'`;
    assert.ok(priced!.n > 0, 'no model was priced from the catalog');
    assert.equal(anthropic.requests.length, 3);
    assert.equal(google.requests.length, 4);

    // a second run changes nothing
    const again = await sync();
    assert.equal(again.code, 0, explain(again));
    assert.match(again.stdout, /^openai\s+applied\s+8\s+0\s+0\s+8\s+0\s+0\s+0\s+\d+$/m);
  });

  test('a provider that never answers fails alone: exit 1, named with the reason, nothing of it staged or deactivated', async () => {
    const first = await sync();
    assert.equal(first.code, 0, explain(first));
    google.fault({ type: 'hang' });
    const r = await sync(['--timeout', '0.3']);
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^google\s+FETCH FAILED\s+-/m);
    assert.match(r.stdout, /^openai\s+applied\s+8\s+0\s+0\s+8/m);
    assert.match(r.stdout, /^Failures:\n {2}google: fetch failed, nothing staged: page 1: no answer within 0\.3s \(2 attempts\)$/m);
    assert.match(r.stderr, /^google: FAILED: page 1: no answer within 0\.3s \(2 attempts\)$/m);
    const fetches = await db.sql<{ provider: string; n: number }[]>`select provider, count(*)::int as n from ai_model_fetches group by provider order by provider`;
    assert.deepEqual(fetches.map((f) => [f.provider, f.n]), [
      ['anthropic', 2],
      ['google', 1],
      ['openai', 2],
    ]);
    const [g] = await db.sql<{ active: number }[]>`select count(*) filter (where is_active)::int as active from ai_providers where provider = 'google'`;
    assert.equal(g?.active, 7);
  });

  test('an HTTP failure mid-list (page 3 answers 500 every time): the provider fails with its own message, the others apply', async () => {
    anthropic.fault({ fault: { type: 'status', status: 500, message: 'Internal server error' }, page: 3 });
    const r = await sync();
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^ {2}anthropic: fetch failed, nothing staged: page 3: HTTP 500 Internal Server Error after 2 attempts: Internal server error \(api_error\)$/m);
    assert.deepEqual(await modelCounts(), { google: 7, openai: 8 });
  });

  test('a list the database rejects fails that batch alone: exit 1, the database\'s message, the other providers applied', async () => {
    anthropic.options.models = anthropicModels().map((m) => (m.id === 'claude-haiku-4-5-20251001' ? { ...m, max_tokens: 'lots' } : m));
    const r = await sync();
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^anthropic\s+BATCH FAILED\s+5\s+-/m);
    assert.match(r.stdout, /^ {2}anthropic: batch \d+ failed, none of its rows changed: anthropic batch \d+: model 3 of 5 \(claude-haiku-4-5-20251001\) "max_tokens" must be a number of tokens, got "lots" \| DETAIL: /m);
    assert.deepEqual(await modelCounts(), { google: 7, openai: 8 });
  });

  test('no key in any request URL, log line, error message or database row (a wrong key echoed back by the provider included)', async () => {
    const wrong = 'fake-ant-e2e-WRONG-echoed-h7t5';
    // a provider that echoes the caller's key inside its model list: the staged payload masks it
    openai.options.models = [...openaiModels(), { id: 'echo', object: 'model', owned_by: `key ${KEYS.openai}` }];
    const results = [await sync([], { ANTHROPIC_API_KEY: wrong }), await sync(['--json'], { ANTHROPIC_API_KEY: wrong })];
    for (const r of results) {
      assert.equal(r.code, 1, explain(r));
      assert.match(r.stdout + r.stderr, /invalid x-api-key: \*\*\*/, 'the echoed key was masked');
    }
    const output = results.map((r) => r.stdout + r.stderr).join('\n');
    const urls = [openai, anthropic, google].flatMap((m) => m.requests.map((q) => q.url)).join('\n');
    const data = await databaseText();
    assert.ok(data.includes('gemini-2.5-pro') && urls.includes('/v1beta/models'), 'the haystacks are not empty');
    for (const key of [...Object.values(KEYS), wrong]) {
      assert.ok(!output.includes(key), `${key} printed`);
      assert.ok(!urls.includes(key), `${key} in a request URL`);
      assert.ok(!data.includes(key), `${key} in the database`);
    }
    assert.ok(google.requests.every((q) => q.headers['x-goog-api-key'] === KEYS.google), 'the key did travel, in its header');
    const [echo] = await db.sql<{ owned_by: string }[]>`
      select m->>'owned_by' as owned_by from ai_model_fetches f, jsonb_array_elements(f.payload) m where f.provider = 'openai' and m->>'id' = 'echo' limit 1`;
    assert.equal(echo?.owned_by, 'key ***');
  });

  test('--json prints one parseable document with every provider, its report or its reason', async () => {
    const r = await sync(['--json', '--no-catalog'], { GROQ_API_KEY: undefined });
    assert.equal(r.code, 0, explain(r));
    assert.doesNotMatch(r.stderr, /^catalog builtin/m, '--no-catalog loaded the catalog');
    const doc = JSON.parse(r.stdout) as {
      mode: string;
      exit_code: number;
      providers: { provider: string; status: string; pages?: number; batch?: number; reason?: string; report?: { inserted: number; unpriced: string[] } }[];
    };
    assert.equal(doc.mode, 'sync');
    assert.equal(doc.exit_code, 0);
    const by = Object.fromEntries(doc.providers.map((p) => [p.provider, p]));
    assert.equal(by.anthropic?.status, 'applied');
    assert.equal(by.anthropic?.pages, 3);
    assert.equal(by.google?.report?.inserted, 7);
    assert.equal(typeof by.openai?.batch, 'number');
    assert.ok(Array.isArray(by.openai?.report?.unpriced));
    assert.deepEqual(by.groq, { provider: 'groq', status: 'skipped', reason: 'GROQ_API_KEY is not set' });
  });

  test('--dry-run shows what would change and changes nothing (computed in the database, rolled back)', async () => {
    const before = await snapshot();
    const r = await sync(['--dry-run']);
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /^Dry run: .*Nothing was changed/m);
    assert.match(r.stdout, /^openai\s+would apply\s+8\s+8\s+0\s+0\s+0\s+0\s+0\s+\d+$/m);
    assert.equal(await snapshot(), before, 'the dry run changed the database (rows, staged batches or catalog)');

    // after a real sync, a dry run over a shorter list reports the deactivation without doing it
    assert.equal((await sync()).code, 0);
    openai.options.models = openaiModels().filter((m) => m.id !== 'o3');
    const synced = await snapshot();
    const dry = await sync(['--dry-run', '--provider', 'openai']);
    assert.equal(dry.code, 0, explain(dry));
    assert.match(dry.stdout, /^openai\s+would apply\s+7\s+0\s+0\s+7\s+1\s+0\s+0/m);
    assert.match(dry.stdout, /^Deactivated \(no longer listed\):\n {2}openai: o3$/m);
    assert.equal(await snapshot(), synced);
  });

  test('with --migrate, --no-catalog and --dry-run still keep the built-in catalog out (the migration does not load it for the sync)', async () => {
    await db.sql`delete from ai_model_catalog where tier = 'builtin'`;
    const builtin = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from ai_model_catalog where tier = 'builtin'`)[0]!.n;
    const dry = await sync(['--migrate', '--dry-run']);
    assert.equal(dry.code, 0, explain(dry));
    assert.equal(await builtin(), 0, '--migrate --dry-run loaded the catalog');
    const none = await sync(['--migrate', '--no-catalog']);
    assert.equal(none.code, 0, explain(none));
    assert.equal(await builtin(), 0, '--migrate --no-catalog loaded the catalog');
    const full = await sync(['--migrate']);
    assert.equal(full.code, 0, explain(full));
    assert.ok((await builtin()) > 0, 'the sync did not load the catalog');
    assert.equal((full.stderr.match(/^catalog builtin/gm) ?? []).length, 1, `the catalog was loaded more than once:\n${full.stderr}`);
  });

  test('--force lets a list deactivate more than half of the models; without it the guard holds and says so', async () => {
    assert.equal((await sync(['--provider', 'openai'])).code, 0);
    openai.options.models = openaiModels().slice(0, 2);
    const held = await sync(['--provider', 'openai']);
    assert.equal(held.code, 0, explain(held));
    assert.match(held.stdout, /^Warnings:\n {2}openai: guard held: the list lacks 6 of 8 active models, more than half; none was deactivated/m);
    const active = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from ai_providers where is_active`)[0]!.n;
    assert.equal(await active(), 8);
    const forced = await sync(['--provider', 'openai', '--force']);
    assert.equal(forced.code, 0, explain(forced));
    assert.match(forced.stdout, /^Sync report \(force/m);
    assert.match(forced.stdout, /^openai\s+applied\s+2\s+0\s+0\s+2\s+6\s+0/m);
    assert.equal(await active(), 2);
  });

  test('a manual edit whose default moved is reported as a conflict naming the model and the field', async () => {
    assert.equal((await sync(['--provider', 'anthropic'])).code, 0);
    await db.sql`update ai_providers set name = 'Opus (ours)' where provider = 'anthropic' and api_identifier = 'claude-opus-4-6'`;
    anthropic.options.models = anthropicModels().map((m) => (m.id === 'claude-opus-4-6' ? { ...m, display_name: 'Claude Opus 4.6 (2026)' } : m));
    const r = await sync(['--provider', 'anthropic']);
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /^anthropic\s+applied\s+5\s+0\s+\d+\s+\d+\s+0\s+0\s+1\s+\d+$/m);
    assert.match(r.stdout, /^Conflicts \(your value kept; the default changed under it\):\n {2}anthropic\/claude-opus-4-6 {2}name: kept Opus \(ours\); default Claude Opus 4\.6 -> Claude Opus 4\.6 \(2026\)$/m);
  });

  test('--stage-only works for a role that may only INSERT into ai_model_fetches; the batches wait for CALL sync_ai_models()', async () => {
    const role = `stager_${randomBytes(4).toString('hex')}`;
    // a password, so that the test works on servers that authenticate by password (the embedded one) as well as trust
    const password = randomBytes(12).toString('hex');
    await db.sql.unsafe(`create role ${role} login password '${password}'`);
    try {
      await db.sql.unsafe(`grant usage on schema public to ${role}; grant insert on public.ai_model_fetches to ${role}`);
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      const r = await sync(['--stage-only'], { DATABASE_URL: url.toString() });
      assert.equal(r.code, 0, explain(r));
      assert.match(r.stdout, /^Staged only/m);
      assert.match(r.stdout, /^google\s+staged\s+7\s+-/m);
      const rows = await db.sql<{ provider: string; status: string }[]>`select provider, status from ai_model_fetches order by provider`;
      assert.deepEqual(rows.map((x) => [x.provider, x.status]), [
        ['anthropic', 'pending'],
        ['google', 'pending'],
        ['openai', 'pending'],
      ]);
      assert.deepEqual(await modelCounts(), {});
      await db.sql`call sync_ai_models()`;
      assert.deepEqual(await modelCounts(), { anthropic: 5, google: 7, openai: 8 });
    } finally {
      await db.sql.unsafe(`revoke all on public.ai_model_fetches from ${role}; revoke usage on schema public from ${role}`);
      await db.sql.unsafe(`drop role ${role}`);
    }
  });

  test('OpenAI-compatible providers by name, key variable and base URL: presets (Together\'s bare array, keyless OpenRouter) and a custom one', async () => {
    const together = await startOpenAIMock({ models: togetherModels(), key: 'tgp-e2e-key-0042', shape: 'bare-array' });
    const openrouter = await startOpenAIMock({ models: openrouterModels(), key: null, basePath: '/api/v1' });
    const vllm = await startOpenAIMock({ models: groqModels(), key: null });
    try {
      const r = await runCli([], {
        DATABASE_URL: db.url,
        AI_MODEL_SYNC_PROVIDERS: 'together,openrouter,lab-vllm',
        TOGETHER_API_KEY: 'tgp-e2e-key-0042',
        TOGETHER_BASE_URL: together.baseUrl,
        OPENROUTER_BASE_URL: openrouter.baseUrl,
        LAB_VLLM_BASE_URL: vllm.baseUrl,
      });
      assert.equal(r.code, 0, explain(r));
      assert.deepEqual(await modelCounts(), { 'lab-vllm': 2, openrouter: 2, together: 2 });
      assert.equal(openrouter.requests[0]!.headers.authorization, undefined);
      assert.equal(together.requests[0]!.headers.authorization, 'Bearer tgp-e2e-key-0042');
      const prices = await db.sql<{ api_identifier: string; input: number }[]>`
        select api_identifier, (config->>'input_token_cost_rate')::float8 as input from ai_providers
         where provider in ('openrouter', 'together') order by api_identifier`;
      assert.deepEqual(prices.map((p) => [p.api_identifier, p.input]), [
        ['Qwen/Qwen2.5-72B-Instruct-Turbo', 1.2e-6],
        ['anthropic/claude-sonnet-4.5', 3e-6],
        ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 8.8e-7],
        ['openai/gpt-4o-mini', 1.5e-7],
      ]);
    } finally {
      await Promise.all([together.close(), openrouter.close(), vllm.close()]);
    }
  });

  test('without any key: every provider skipped with its notice, exit 0, no database needed', async () => {
    const r = await runCli([], { DATABASE_URL: undefined });
    assert.equal(r.code, 0, explain(r));
    assert.equal(r.stderr.split('\n').filter((l) => / skipped, /.test(l)).length, 9);
    assert.match(r.stdout, /^No provider was fetched/m);
  });
});

describe('exit codes for mistakes', () => {
  test('usage and configuration errors exit 2 with a message', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--bogus'], {}, /unknown option '--bogus'/],
      [['--provider', 'nosuch'], {}, /unknown provider "nosuch": set NOSUCH_BASE_URL/],
      [['--dry-run', '--stage-only'], {}, /--dry-run and --stage-only exclude each other/],
      [['--retries', 'many'], {}, /the number of retries must be a whole number/],
      // checked before --migrate touches the database (a missing one would otherwise make it exit 3)
      [['--migrate'], { AI_MODEL_SYNC_KINDS: 'chat,bogus', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/unreachable?sslmode=disable' }, /AI_MODEL_SYNC_KINDS/],
    ];
    for (const [args, extra, pattern] of cases) {
      const r = await sync(args, extra);
      assert.equal(r.code, 2, `${args.join(' ')}\n${explain(r)}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stdout, '');
    }
  });

  test('a database that cannot be reached exits 3 after fetching', async () => {
    const r = await sync(['--provider', 'openai'], { DATABASE_URL: withDatabase(db.url, `missing_${randomBytes(4).toString('hex')}`) });
    assert.equal(r.code, 3, explain(r));
    assert.match(r.stderr, /^sync: staging openai: database "missing_[0-9a-f]+" does not exist$/m);
  });
});

describe('subcommands', () => {
  test('models: the active models as a table (prices per 1M tokens) or as stored (--json); --provider filters', async () => {
    assert.equal((await sync(['--provider', 'anthropic,openai'])).code, 0);
    const table = await runCli(['models', '--provider', 'anthropic'], { DATABASE_URL: db.url });
    assert.equal(table.code, 0, explain(table));
    assert.match(table.stdout, /^provider\s+model\s+kind\s+input \$\/1M\s+output \$\/1M\s+cached \$\/1M\s+context\s+max output$/m);
    assert.match(table.stdout, /^anthropic\s+claude-opus-4-6\s+chat\s+\d/m);
    assert.doesNotMatch(table.stdout, /^openai/m);
    const json = await runCli(['models', '--json'], { DATABASE_URL: db.url });
    const rows = JSON.parse(json.stdout) as { provider: string }[];
    assert.deepEqual([...new Set(rows.map((r) => r.provider))], ['anthropic', 'openai']);
    await db.sql`update ai_providers set is_active = false where provider = 'openai'`;
    const after = JSON.parse((await runCli(['models', '--json'], { DATABASE_URL: db.url })).stdout) as { provider: string }[];
    assert.deepEqual([...new Set(after.map((r) => r.provider))], ['anthropic'], 'an inactive model was listed, or the active ones not');
    const [{ active }] = (await db.sql`select count(*)::int as active from ai_providers where provider = 'anthropic' and is_active`) as unknown as [{ active: number }];
    assert.equal(after.length, active);
  });

  test('catalog, catalog-import, schedule, sql: their outcome and exit code', async () => {
    const catalog = await runCli(['catalog', '--quiet'], { DATABASE_URL: db.url });
    assert.equal(catalog.code, 0, explain(catalog));
    assert.match(catalog.stdout, /^catalog builtin <- db\/catalog: \d+ entries/m);
    const missing = await runCli(['catalog-import', '/nonexistent/prices.json'], { DATABASE_URL: db.url });
    assert.equal(missing.code, 2, explain(missing));
    assert.match(missing.stderr, /^catalog-import: cannot read \/nonexistent\/prices\.json/m);
    const noFile = await runCli(['catalog-import'], { DATABASE_URL: db.url });
    assert.equal(noFile.code, 2, explain(noFile));
    // a file that is not a cost map is the caller's mistake too
    const dir = mkdtempSync(join(tmpdir(), 'ams-import-'));
    try {
      for (const [name, text] of [['broken.json', '{"gpt-4o": '], ['list.json', '[1, 2]']] as const) {
        writeFileSync(join(dir, name), text);
        const bad = await runCli(['catalog-import', join(dir, name)], { DATABASE_URL: db.url });
        assert.equal(bad.code, 2, explain(bad));
        assert.match(bad.stderr, new RegExp(`^catalog-import: .*${name.replace('.', '\\.')}: not (valid JSON|a JSON object)`, 'm'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // the throwaway database has no pg_cron: a database error that says how to get it
    const schedule = await runCli(['schedule'], { DATABASE_URL: db.url });
    assert.equal(schedule.code, 3, explain(schedule));
    assert.match(schedule.stderr, /^schedule: pg_cron is not available in database/m);
    assert.match(schedule.stderr, /hint: /);
    const sql = await runCli(['sql'], {});
    assert.equal(sql.code, 0, explain(sql));
    assert.match(sql.stdout, /^-- ai-model-sync: install or upgrade script/);
  });

  test('migrate: a database that cannot be reached exits 3 with one line', async () => {
    // (dbmate up creates a missing database: a server that does not answer, then)
    const r = await runCli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/ai_model_sync?sslmode=disable' });
    assert.equal(r.code, 3, explain(r));
    assert.match(r.stderr, /^migrate: .*(ECONNREFUSED|connect)/m);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  });
});
