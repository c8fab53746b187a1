// The project's SQL standards, checked on the migrated schema: every table, view and function carries a COMMENT,
// and every function pins its search_path — except the hot-path helpers the planner must inline (a SET clause
// prevents inlining) and the procedure that commits (a SET clause forbids COMMIT), whose names are all qualified.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const withoutSearchPath = [
  'ai_model_sync.catalog_config(text)',
  'ai_model_sync.consensus_layer(jsonb,jsonb,jsonb,jsonb,text)',
  'ai_model_sync.model_defaults(text,text,bigint,bigint,jsonb,jsonb,jsonb)',
  'ai_model_sync.glob_like(text)',
  'ai_model_sync.payload_format(text)',
  'ai_model_sync.price(jsonb,numeric)',
  'ai_model_sync.price_entry_problem(text,jsonb,numeric)',
  'ai_model_sync.price_origins(jsonb,jsonb,jsonb,jsonb,jsonb,jsonb,jsonb)',
  'ai_model_sync.price_problem(text,jsonb)',
  'ai_model_sync.rate(jsonb,text)',
  'ai_model_sync.reports_prices(text)',
  'ai_model_sync.reported_capabilities(text,jsonb,jsonb,jsonb,jsonb,jsonb,jsonb,jsonb,jsonb,jsonb)',
  'ai_model_sync.staged_models(text,jsonb)',
  'ai_model_sync.token_count(jsonb)',
  'ai_model_sync.token_field_problem(text,jsonb)',
  'ai_model_sync.version_base(text)',
  'ai_model_sync.with_consensus(jsonb,jsonb)',
  'sync_ai_models(boolean)',
];

test('every table, view and function of the project has a COMMENT', async () => {
  const missing = await db.sql<{ object: string }[]>`
    select p.oid::regprocedure::text as object
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'ai_model_sync') and obj_description(p.oid, 'pg_proc') is null
    union all
    select c.oid::regclass::text
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname in ('public', 'ai_model_sync') and c.relkind in ('r', 'v', 'm')
       and c.relname <> 'schema_migrations' and obj_description(c.oid, 'pg_class') is null
     order by 1`;
  assert.deepEqual(missing.map((r) => r.object), []);
});

test('every function sets search_path, but for the inlined hot-path helpers and the committing procedure', async () => {
  const rows = await db.sql<{ fn: string }[]>`
    select p.oid::regprocedure::text as fn
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'ai_model_sync') and p.prokind in ('f', 'p')
       and not exists (select from unnest(p.proconfig) as c where c like 'search_path=%')
     order by 1`;
  assert.deepEqual(rows.map((r) => r.fn).sort(), [...withoutSearchPath].sort());
});

test('every pinned search_path is pg_catalog, pg_temp: pg_temp last, also for what SECURITY DEFINER code calls', async () => {
  // With search_path = '' PostgreSQL still looks up types and relations in pg_temp first: a caller's
  // pg_temp.text domain would run its CHECK as the owner of a SECURITY DEFINER function (issue 10). Functions
  // called from one run as that owner too, so the rule holds for every function that pins its path.
  const rows = await db.sql<{ fn: string; path: string; definer: boolean }[]>`
    select p.oid::regprocedure::text as fn, substr(c, length('search_path=') + 1) as path, p.prosecdef as definer
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace, unnest(p.proconfig) as c
     where n.nspname in ('public', 'ai_model_sync') and c like 'search_path=%'
     order by 1`;
  assert.ok(rows.some((r) => r.definer));
  assert.deepEqual(rows.filter((r) => r.path !== 'pg_catalog, pg_temp'), []);
  const definersWithout = await db.sql`
    select p.oid::regprocedure::text as fn from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where n.nspname in ('public', 'ai_model_sync') and p.prosecdef
       and not exists (select from unnest(p.proconfig) as c where c like 'search_path=%pg\\_temp')`;
  assert.deepEqual(definersWithout.map((r) => r.fn), [], 'SECURITY DEFINER without pg_temp last in its search_path');
});
