// First run anywhere (issue 14): a fresh clone in a directory only root can enter (mode 700, like `mktemp -d` or
// a project under /root), `make sync` as root with no DATABASE_URL: the embedded PostgreSQL must start (it runs as
// the `postgres` OS user, who cannot enter the checkout), sync the mock provider, and keep its data for the next run.
// Root only: elsewhere it is skipped with the reason (under CI, which runs as root, it always runs).
// Also: where the embedded server's data goes, per user and per checkout.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { connect } from '../fetcher/db.ts';
import { embeddedHome, embeddedLayout, startEmbedded } from '../fetcher/embedded.ts';
import { projectRoot } from './helpers/db.ts';
import { openaiModels, startOpenAIMock } from './mocks/index.ts';

const exec = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((c) => c()));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function make(cwd: string, args: string[], env: Record<string, string>): Promise<Result> {
  try {
    const { stdout, stderr } = await exec('make', ['-s', ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const explain = (r: Result) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describe('where the embedded server lives', () => {
  test('per user (AI_MODEL_SYNC_HOME, /var/lib as root, XDG_DATA_HOME or ~/.local/share otherwise) and per checkout', () => {
    assert.equal(embeddedHome({ AI_MODEL_SYNC_HOME: '/srv/ams' }), '/srv/ams');
    if (isRoot) assert.equal(embeddedHome({}), '/var/lib/ai-model-sync');
    else {
      assert.equal(embeddedHome({ XDG_DATA_HOME: '/home/u/.data' }), '/home/u/.data/ai-model-sync');
      assert.match(embeddedHome({}), /\/\.local\/share\/ai-model-sync$/);
    }
    const a = mkdtempSync(join(tmpdir(), 'ams-checkout-a-'));
    const b = mkdtempSync(join(tmpdir(), 'ams-checkout-b-'));
    cleanups.push(() => [a, b].forEach((d) => rmSync(d, { recursive: true, force: true })));
    const env = { AI_MODEL_SYNC_HOME: '/srv/ams' };
    const la = embeddedLayout(env, a);
    const lb = embeddedLayout(env, b);
    assert.notEqual(la.dataDir, lb.dataDir, 'two checkouts share a data directory');
    assert.equal(embeddedLayout(env, a).dataDir, la.dataDir, 'the same checkout moved its data directory');
    assert.ok(la.dataDir.startsWith('/srv/ams/ams-checkout-a-'), la.dataDir);
  });
});

describe('two checkouts on one machine', () => {
  test('each gets its own server and port; a server of another checkout on the port is refused, never used', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ams-two-home-'));
    chmodSync(home, 0o755); // the postgres user (as root) must enter it
    const a = mkdtempSync(join(tmpdir(), 'ams-checkout-a-'));
    const b = mkdtempSync(join(tmpdir(), 'ams-checkout-b-'));
    cleanups.push(() => [home, a, b].forEach((d) => rmSync(d, { recursive: true, force: true })));
    const lines: string[] = [];
    const log = (l: string) => lines.push(l);
    const env = { AI_MODEL_SYNC_HOME: home };
    const dataDir = async (url: string) => {
      const sql = connect(url, { max: 1 });
      try {
        return (await sql<{ d: string }[]>`select current_setting('data_directory') as d`)[0]!.d;
      } finally {
        await sql.end();
      }
    };
    const first = await startEmbedded(log, env, a);
    try {
      const port = new URL(first.url).port;
      assert.equal(await dataDir(first.url), embeddedLayout(env, a).dataDir);
      await assert.rejects(startEmbedded(log, { ...env, AI_MODEL_SYNC_EMBEDDED_PORT: port }, b), (e: Error) => {
        assert.equal(e.name, 'EmbeddedError');
        assert.match(e.message, new RegExp(`^port ${port} is taken by a PostgreSQL with data directory ${embeddedLayout(env, a).dataDir}, not this checkout's \\(`));
        assert.doesNotMatch(e.message, /\n/, 'one line');
        return true;
      });
      const second = await startEmbedded(log, env, b);
      try {
        assert.notEqual(new URL(second.url).port, port, 'the second checkout took the first one\'s port');
        assert.equal(await dataDir(second.url), embeddedLayout(env, b).dataDir);
      } finally {
        await second.stop();
      }
      const again = await startEmbedded(log, env, a);
      assert.equal(again.url, first.url, 'the running server of the same checkout is reused');
      await again.stop(); // a no-op: not started by this call
      assert.equal(await dataDir(first.url), embeddedLayout(env, a).dataDir);
    } finally {
      await first.stop();
    }
  });
});

describe('make sync as root in a clone only root can enter', { skip: isRoot ? false : 'needs root (CI runs as root): the embedded server then runs as the postgres user' }, () => {
  test('no DATABASE_URL: the embedded PostgreSQL starts, the sync applies, the second run finds the data', async () => {
    const base = mkdtempSync(join(tmpdir(), 'ams-first-run-'));
    chmodSync(base, 0o700);
    const home = join(mkdtempSync(join(tmpdir(), 'ams-home-')), 'home'); // stands in for /var/lib/ai-model-sync
    cleanups.push(() => rmSync(base, { recursive: true, force: true }));
    cleanups.push(() => rmSync(join(home, '..'), { recursive: true, force: true }));
    chmodSync(join(home, '..'), 0o755);
    mkdirSync(home, { mode: 0o755 });
    const checkout = join(base, 'ai-model-sync');
    await exec('git', ['clone', '-q', projectRoot, checkout]);
    assert.equal(statSync(base).mode & 0o777, 0o700);

    const key = 'fake-first-run-OPENAI-k3j9';
    const mock = await startOpenAIMock({ models: openaiModels(), key });
    try {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/root',
        AI_MODEL_SYNC_HOME: home,
        OPENAI_API_KEY: key,
        OPENAI_BASE_URL: mock.baseUrl,
        AI_MODEL_SYNC_RETRIES: '1',
        AI_MODEL_SYNC_PRICE_SOURCES: 'none', // never the real network
        npm_config_prefer_offline: 'true',
        CI: 'true',
      };
      const first = await make(checkout, ['sync'], env);
      assert.equal(first.code, 0, explain(first));
      assert.match(first.stdout, /^openai\s+applied\s+8\s+8\s/m);
      assert.match(first.stderr, /copying the PostgreSQL binaries to /, 'the postgres user could reach the binaries: the test proves nothing');
      assert.doesNotMatch(first.stderr, /EACCES|^\s+at /m);

      const again = await make(checkout, ['sync'], env);
      assert.equal(again.code, 0, explain(again));
      assert.match(again.stdout, /^openai\s+applied\s+8\s+0\s+0\s+8\s/m, 'the second run did not find the first run\'s rows');
      assert.doesNotMatch(again.stderr, /starting a new embedded PostgreSQL/);
      // nothing of the checkout was opened up to other users
      assert.equal(statSync(base).mode & 0o777, 0o700);
    } finally {
      await mock.close();
    }
  });
});

// An ordinary user: PostgreSQL runs as that user, the data goes to ${XDG_DATA_HOME:-~/.local/share}/ai-model-sync,
// and nothing of the checkout is written or opened up. Run as `nobody` (root needed to become it); the checkout
// must be readable by it, as a checkout under a world-readable path is.
const canRead = (() => {
  if (!isRoot) return false;
  try {
    execFileSync('runuser', ['-u', 'nobody', '--', 'test', '-r', join(projectRoot, 'node_modules', 'tsx', 'package.json')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const asUser = !isRoot ? 'needs root to run as another user (nobody)' : !canRead ? `the user nobody cannot read ${projectRoot}` : false;

describe('the CLI as an ordinary user (nobody), no DATABASE_URL', { skip: asUser }, () => {
  test('the embedded PostgreSQL runs as that user with its data in XDG_DATA_HOME; the second run finds it; the checkout is untouched', async () => {
    const home = mkdtempSync(join(tmpdir(), 'ams-user-home-'));
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    chownSync(home, 65534, 65534);
    const status = () => execFileSync('git', ['status', '--porcelain', '--ignored', '--untracked-files=all', '--', '.', ':!node_modules', ':!dist'], { cwd: projectRoot, encoding: 'utf8' });
    const before = status();
    const key = 'fake-user-run-OPENAI-p2x8';
    const mock = await startOpenAIMock({ models: openaiModels(), key });
    const run = (): Promise<Result> =>
      new Promise((done) => {
        execFile(
          'runuser',
          ['-u', 'nobody', '--', 'env', '-i', `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, `HOME=${home}`, `XDG_DATA_HOME=${join(home, 'data')}`,
            `OPENAI_API_KEY=${key}`, `OPENAI_BASE_URL=${mock.baseUrl}`, 'AI_MODEL_SYNC_RETRIES=1', 'AI_MODEL_SYNC_PRICE_SOURCES=none', 'CI=true',
            process.execPath, '--import', 'tsx', 'fetcher/cli.ts', 'sync', '--migrate'],
          { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout, stderr) => done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
        );
      });
    try {
      const first = await run();
      assert.equal(first.code, 0, explain(first));
      assert.match(first.stdout, /^openai\s+applied\s+8\s+8\s/m, explain(first));
      const started = /starting a new embedded PostgreSQL in (\S+) /.exec(first.stderr);
      assert.ok(started, explain(first));
      assert.ok(started[1]!.startsWith(join(home, 'data', 'ai-model-sync') + '/'), started[1]);
      assert.equal(statSync(started[1]!).uid, 65534, 'the data belong to the user who ran it');
      assert.doesNotMatch(first.stderr, /EACCES|copying the PostgreSQL binaries|^\s+at /m);

      const again = await run();
      assert.equal(again.code, 0, explain(again));
      assert.match(again.stdout, /^openai\s+applied\s+8\s+0\s+0\s+8\s/m, 'the second run did not find the first run\'s rows');
      assert.doesNotMatch(again.stderr, /starting a new embedded PostgreSQL/);
      assert.equal(status(), before, 'the run wrote into the checkout');
    } finally {
      await mock.close();
    }
  });
});
