// The npm package (issue 14): `npm pack` of the checkout, installed into an empty directory outside it (no access
// to the checkout's node_modules), then `npx ai-model-sync` there: --help, migrate on a fresh database, sync against
// the provider mocks, models --json, and the documented exit codes. The library import too.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { connect, databaseUrl, withDatabase } from '../fetcher/db.ts';
import { projectRoot } from './helpers/db.ts';
import { anthropicModels, openaiModels, startAnthropicMock, startOpenAIMock, type MockServer } from './mocks/index.ts';

const exec = promisify(execFile);
const KEYS = { openai: 'fake-pkg-OPENAI-r8c1qq', anthropic: 'fake-ant-pkg-ANTHROPIC-w2m7zz' };

let work: string;
let installDir: string;
let tarball: string;
let openai: MockServer;
let anthropic: MockServer;
const databases: string[] = [];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npx ai-model-sync ...args` in the install directory, with only PATH, HOME and `env`. */
async function npx(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await exec('npx', ['--no', '--', 'ai-model-sync', ...args], {
      cwd: installDir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', AI_MODEL_SYNC_BACKOFF_MS: '5', AI_MODEL_SYNC_PRICE_SOURCES: 'none', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const explain = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** A new, empty (not migrated) database. */
async function freshDatabase(): Promise<string> {
  const name = `ai_model_sync_pkg_${randomBytes(6).toString('hex')}`;
  const admin = connect(databaseUrl(), { max: 1 });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  return withDatabase(databaseUrl(), name);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ai-model-sync-pkg-'));
  installDir = join(work, 'app');
  const packDir = join(work, 'pack');
  for (const d of [installDir, packDir]) await exec('mkdir', ['-p', d]);
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 });
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  tarball = join(packDir, info!.filename);
  writeFileSync(join(work, 'files.json'), JSON.stringify(info!.files.map((f) => f.path)));
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: installDir, maxBuffer: 16 * 1024 * 1024 });
  [openai, anthropic] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
  ]);
});

after(async () => {
  await Promise.all([openai, anthropic].map((m) => m?.close()));
  const admin = connect(databaseUrl(), { max: 1 });
  try {
    for (const name of databases) await admin.unsafe(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

const providerEnv = (url: string) => ({
  DATABASE_URL: url,
  OPENAI_API_KEY: KEYS.openai,
  OPENAI_BASE_URL: openai.baseUrl,
  ANTHROPIC_API_KEY: KEYS.anthropic,
  ANTHROPIC_BASE_URL: anthropic.baseUrl,
  AI_MODEL_SYNC_RETRIES: '1',
});

describe('npm pack', () => {
  test('the tarball ships the compiled CLI and library, the migrations and the catalog, and no test, bench or source file', async () => {
    const { readFileSync } = await import('node:fs');
    const files = JSON.parse(readFileSync(join(work, 'files.json'), 'utf8')) as string[];
    for (const f of ['dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'package.json']) assert.ok(files.includes(f), `${f} shipped`);
    assert.ok(files.some((f) => f.startsWith('db/migrations/') && f.endsWith('.sql')), 'migrations shipped');
    assert.ok(files.some((f) => f.startsWith('db/catalog/') && f.endsWith('.json')), 'catalog shipped');
    const unwanted = files.filter((f) => /^(test|bench|fetcher|supabase|\.ci)\//.test(f) || /\.test\.|tsconfig|Makefile|package-lock/.test(f));
    assert.deepEqual(unwanted, []);
    assert.ok(!existsSync(join(work, 'node_modules')) && !existsSync(join(tmpdir(), 'node_modules')), 'the install directory could see a node_modules above it');
  });
});

describe('npx ai-model-sync, installed from the tarball', () => {
  test('--help lists the subcommands, exit 0; an unknown option exits 2', async () => {
    const help = await npx(['--help']);
    assert.equal(help.code, 0, explain(help));
    for (const c of ['sync', 'stage', 'migrate', 'catalog', 'catalog-import', 'schedule', 'unschedule', 'sql', 'models']) {
      assert.match(help.stdout, new RegExp(`^  ${c}\\b`, 'm'), `--help lists ${c}`);
    }
    const bad = await npx(['sync', '--bogus']);
    assert.equal(bad.code, 2, explain(bad));
    assert.match(bad.stderr, /unknown option '--bogus'/);
  });

  test('migrate, sync against the mocks, models --json; a failing provider exits 1 and the others still apply', async () => {
    const url = await freshDatabase();
    const migrated = await npx(['migrate'], { DATABASE_URL: url });
    assert.equal(migrated.code, 0, explain(migrated));
    const db = connect(url, { max: 1 });
    try {
      const [row] = await db`select to_regprocedure('public.sync_ai_models(boolean)') is not null as ok`;
      assert.equal(row?.ok, true, 'migrate created sync_ai_models()');

      const synced = await npx(['sync'], providerEnv(url));
      assert.equal(synced.code, 0, explain(synced));
      assert.match(synced.stdout, /^openai\s+applied\s+8\s+8\s/m);
      assert.match(synced.stdout, /^anthropic\s+applied\s+5\s+5\s/m);
      assert.match(synced.stderr, /^catalog builtin <- db\/catalog: \d+ entries/m, 'the shipped catalog was loaded');

      const listed = await npx(['models', '--json'], { DATABASE_URL: url });
      assert.equal(listed.code, 0, explain(listed));
      const models = JSON.parse(listed.stdout) as { provider: string; api_identifier: string; name: string | null; config: Record<string, unknown> }[];
      assert.equal(models.length, 13);
      assert.deepEqual(Object.keys(models[0]!).sort(), ['api_identifier', 'config', 'name', 'provider']);
      const stored = await db<{ provider: string; api_identifier: string; name: string | null; config: Record<string, unknown> }[]>`
        select provider, api_identifier, name, config from ai_providers where is_active order by provider, api_identifier`;
      assert.deepEqual(models, [...stored], 'config as stored, every active model');

      const table = await npx(['models', '--provider', 'openai'], { DATABASE_URL: url });
      assert.equal(table.code, 0, explain(table));
      assert.match(table.stdout, /^provider\s+model\s+kind\s+input \$\/1M\s+output \$\/1M/m);
      assert.doesNotMatch(table.stdout, /^anthropic/m);

      anthropic.fault({ type: 'status', status: 500, message: 'Internal server error' });
      const failed = await npx(['sync'], providerEnv(url));
      anthropic.reset();
      assert.equal(failed.code, 1, explain(failed));
      assert.match(failed.stdout, /^anthropic\s+FETCH FAILED/m);
      assert.match(failed.stdout, /^openai\s+applied\s+8\s+0\s+0\s+8\s/m);
      for (const key of Object.values(KEYS)) assert.ok(!(failed.stdout + failed.stderr + synced.stdout + synced.stderr).includes(key), `${key} printed`);
    } finally {
      await db.end();
    }
  });

  test('a database that cannot be reached exits 3 with one line', async () => {
    const r = await npx(['sync', '--provider', 'openai'], { ...providerEnv(withDatabase(databaseUrl(), `missing_${randomBytes(4).toString('hex')}`)) });
    assert.equal(r.code, 3, explain(r));
    assert.match(r.stderr, /^sync: staging openai: database "missing_[0-9a-f]+" does not exist$/m);
    assert.doesNotMatch(r.stderr, /^\s+at /m, 'a stack trace');
  });

  test('the library: countTokens and fetchAndStage import from the package, typed', async () => {
    const script = [
      "import { countTokens, fetchAndStage, requestCost } from 'ai-model-sync';",
      "const n = await countTokens('hello world', { type: 'rough_char_count', chars_per_token_ratio: 4 });",
      "const r = await fetchAndStage({ env: { AI_MODEL_SYNC_PRICE_SOURCES: 'none' }, providers: [] });",
      'console.log(JSON.stringify({ n, f: typeof fetchAndStage, c: typeof requestCost, exit: r.exit_code }));',
    ].join('\n');
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: installDir });
    assert.deepEqual(JSON.parse(stdout), { n: 3, f: 'function', c: 'function', exit: 0 });
    assert.ok(existsSync(join(installDir, 'node_modules', 'ai-model-sync', 'dist', 'index.d.ts')), 'type declarations installed');
  });
});
