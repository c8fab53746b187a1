// SPEC 2 and 7: the make targets exist, and `make migrate` migrates DATABASE_URL with dbmate without needing
// pg_dump (the embedded server ships none).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { connect, databaseUrl, withDatabase } from '../fetcher/db.ts';
import { projectRoot } from './helpers/db.ts';

const run = promisify(execFile);

/** A PATH that holds node, make and a shell, and no PostgreSQL client program (no pg_dump). */
function pathWithoutPostgres(): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-path-'));
  for (const [name, target] of [['node', process.execPath], ['make', '/usr/bin/make'], ['bash', '/bin/bash'], ['sh', '/bin/sh']] as const) {
    symlinkSync(target, join(dir, name));
  }
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('make help lists the targets of SPEC 7', async () => {
  const { stdout } = await run('make', ['-s', 'help'], { cwd: projectRoot });
  for (const target of ['sync', 'migrate', 'test', 'bench', 'schedule', 'sql', 'help']) {
    assert.match(stdout, new RegExp(`make ${target}\\b`), `make help lists ${target}`);
  }
});

test('make migrate applies every migration to DATABASE_URL with no pg_dump on the PATH', async () => {
  const name = `ai_model_sync_make_${randomBytes(6).toString('hex')}`;
  const admin = connect(databaseUrl(), { max: 1 });
  const { path, cleanup } = pathWithoutPostgres();
  try {
    await admin.unsafe(`create database ${name}`);
    const url = withDatabase(databaseUrl(), name);
    await run('make', ['-s', 'migrate'], { cwd: projectRoot, env: { ...process.env, PATH: path, DATABASE_URL: url } });
    const db = connect(url, { max: 1 });
    try {
      const [row] = await db`select to_regclass('public.ai_providers') is not null as providers,
                                    to_regprocedure('public.sync_ai_models(boolean)') is not null as procedure`;
      assert.deepEqual(row, { providers: true, procedure: true });
    } finally {
      await db.end();
    }
  } finally {
    cleanup();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

test('ARGS and FILE reach the CLI as words, never through a shell: quotes in them run nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-inject-'));
  try {
    const pwned = join(dir, 'pwned');
    const attempts: [string, string][] = [
      ['sync', `ARGS=x'; touch ${pwned}; '`],
      ['sync', `ARGS=x"; touch ${pwned}; "`],
      ['sync', `ARGS=$(touch ${pwned})`],
      ['stage', `ARGS=x'; touch ${pwned}; '`],
      ['catalog-import', `FILE=x'; touch ${pwned}; '`],
      ['catalog-import', `FILE=x"; touch ${pwned}; "`],
    ];
    for (const [target, assignment] of attempts) {
      const r = await run('make', ['-s', target, assignment], { cwd: projectRoot, env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } }).then(
        () => ({ code: 0 }),
        (e: { code: number }) => ({ code: e.code }),
      );
      assert.notEqual(r.code, 0, `make ${target} ${assignment} succeeded`);
      assert.ok(!existsSync(pwned), `make ${target} ${assignment} ran the injected command`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
