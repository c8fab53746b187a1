// db/code/public/ai_models_schedule_edge_function.sql: the pg_cron + pg_net job that calls the Edge Function with
// the secret read from Supabase Vault. Loaded here into a throwaway database by hand (the lead's migrate loads
// db/code). Supabase's pg_net and Vault do not exist on a plain PostgreSQL: stand-ins (a net schema, a
// vault.decrypted_secrets table) show each prerequisite is checked in turn, with what to do; scheduling itself
// needs pg_cron in the database, which the throwaway one has not, so the last step is that error.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
const URL_OK = 'https://abcd.supabase.co/functions/v1/sync-ai-models';

before(async () => {
  db = await createTestDatabase();
  await db.sql.unsafe(readFileSync(join(projectRoot, 'db', 'code', 'public', 'ai_models_schedule_edge_function.sql'), 'utf8'));
});
after(() => db?.drop());

async function error(call: Promise<unknown>): Promise<{ message: string; hint?: string; code?: string }> {
  try {
    await call;
  } catch (e) {
    return e as { message: string; hint?: string; code?: string };
  }
  assert.fail('no error');
}

test('the function: commented, search_path pinned, not SECURITY DEFINER', async () => {
  const [row] = await db.sql<{ definer: boolean; config: string[] | null; comment: string | null }[]>`
    select p.prosecdef as definer, p.proconfig as config, obj_description(p.oid, 'pg_proc') as comment
      from pg_proc p where p.oid = 'public.ai_models_schedule_edge_function(text, text, text, text, integer)'::regprocedure`;
  assert.equal(row?.definer, false);
  assert.deepEqual(row?.config, ['search_path=pg_catalog, pg_temp']);
  assert.match(row?.comment ?? '', /Vault/);
});

test('each prerequisite in turn, with what to do: a good URL, pg_net, Vault, the secret in Vault, pg_cron', async () => {
  for (const bad of ['ftp://x/y', 'https://user:pw@abcd.supabase.co/f', `${URL_OK}?key=1`, '']) {
    const e = await error(db.sql`select * from ai_models_schedule_edge_function(${bad})`);
    assert.match(e.message, /must be an http\(s\) URL/, bad);
  }
  let e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK})`);
  assert.match(e.message, /pg_net is not installed/);
  assert.match(e.hint ?? '', /create extension pg_net/);

  await db.sql.unsafe('create schema net');
  e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK})`);
  assert.match(e.message, /Vault .* is not available/);

  await db.sql.unsafe('create schema vault; create table vault.decrypted_secrets (name text, decrypted_secret text)');
  e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK})`);
  assert.match(e.message, /no Vault secret named 'ai_model_sync_function_secret'/);
  assert.match(e.hint ?? '', /vault\.create_secret\('<the value>', 'ai_model_sync_function_secret'\)/);
  e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK}, jwt_secret_name => 'anon_key')`);
  assert.match(e.message, /no Vault secret named 'ai_model_sync_function_secret'/);

  await db.sql`insert into vault.decrypted_secrets values ('ai_model_sync_function_secret', 'not-a-real-secret-000000')`;
  e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK}, jwt_secret_name => 'anon_key')`);
  assert.match(e.message, /no Vault secret named 'anon_key'/);
  e = await error(db.sql`select * from ai_models_schedule_edge_function(${URL_OK})`);
  assert.match(e.message, /pg_cron is not available in database/);
});
