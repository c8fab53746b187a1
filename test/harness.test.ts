import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

test('each test file gets its own migrated database', async () => {
  const [row] = await db.sql<{ name: string; tables: number }[]>`
    select current_database() as name,
           (select count(*) from pg_tables where schemaname = 'public'
             and tablename in ('ai_providers', 'ai_model_fetches', 'ai_model_catalog')) as tables`;
  assert.equal(row?.name, db.name);
  assert.equal(row?.tables, 3);
});
