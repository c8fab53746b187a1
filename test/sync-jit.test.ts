// The sync's merge runs without JIT compilation (make bench found it cost seconds per statement on large
// lists); the caller's own setting is left as it was.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  // records the jit setting in force while the sync writes
  await db.sql`create table jit_seen (setting text)`;
  await db.sql.unsafe(`
    create function record_jit() returns trigger language plpgsql as $$
    begin
      insert into public.jit_seen values (pg_catalog.current_setting('jit'));
      return null;
    end $$;
    create trigger record_jit after insert on public.ai_providers for each statement execute function record_jit();`);
});
after(() => db.drop());

test('apply_batch() merges with jit = off and restores the caller\'s setting', async () => {
  const conn = await db.sql.reserve();
  try {
    await conn`set jit = on`;
    await conn`insert into ai_model_fetches (provider, payload)
               values ('openai', ${conn.json([{ id: 'gpt-4o', object: 'model', created: 1, owned_by: 'system' }])})`;
    const [applied] = await conn<{ reports: { inserted: number }[] }[]>`select ai_models_apply_pending() as reports`;
    assert.equal(applied!.reports[0]?.inserted, 1, JSON.stringify(applied));
    assert.deepEqual((await conn<{ setting: string }[]>`select setting from jit_seen`).map((r) => r.setting), ['off']);
    const [restored] = await conn<{ jit: string }[]>`select current_setting('jit') as jit`;
    assert.equal(restored!.jit, 'on');
  } finally {
    conn.release();
  }
});
