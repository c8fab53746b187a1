// SPEC 6: a provider whose list the database cannot store (jsonb holds no U+0000) fails alone; the others sync.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { stageAndApply, type Mode } from '../fetcher/apply.ts';
import { Redactor } from '../fetcher/secrets.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { anthropicModel, openaiModel } from './helpers/sync.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());
beforeEach(() => db.sql`truncate ai_providers, ai_model_fetches`);

const lists = [
  { provider: 'openai', models: [openaiModel('gpt-4o'), openaiModel('bad\u0000id')] },
  { provider: 'anthropic', models: [anthropicModel('claude-x', 'Claude X', 200000, 8000)] },
];

for (const mode of ['sync', 'dry-run', 'stage-only'] as Mode[]) {
  test(`${mode}: a list with U+0000 fails that provider alone`, async () => {
    const results = await stageAndApply(db.sql, lists, { mode, force: false, redactor: new Redactor([]), catalog: false, log: () => {} });
    const byProvider = Object.fromEntries(results.map((r) => [r.provider, r]));
    assert.equal(byProvider.openai?.status, 'failed');
    assert.match(byProvider.openai?.error ?? '', /^openai: the list cannot be stored as JSON in PostgreSQL: .*\\u0000/);
    assert.equal(byProvider.anthropic?.status, mode === 'stage-only' ? 'staged' : 'applied');
    const [staged] = await db.sql`select count(*)::int as n from ai_model_fetches where provider = 'openai'`;
    assert.equal(staged?.n, 0, 'nothing of the failing provider was staged');
    const [rows] = await db.sql`select count(*)::int as n from ai_providers where provider = 'anthropic'`;
    assert.equal(rows?.n, mode === 'sync' ? 1 : 0);
  });
}
