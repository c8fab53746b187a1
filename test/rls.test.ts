// Supabase: row-level security for anon, authenticated and service_role, with those roles created in the test
// database's cluster as Supabase has them (service_role bypasses RLS) and Supabase's default grants applied.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { asRole, createSupabaseRoles, openaiModel, stageAndApply } from './helpers/prod.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  await stageAndApply(db.sql, 'acme', ['acme-on', 'acme-off']);
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}'
                where api_identifier = 'acme-on'`;
  await db.sql`update ai_providers set is_active = false where api_identifier = 'acme-off'`;
  // Supabase's roles and its default privileges (ALL to anon and authenticated), then what the migration does there
  await createSupabaseRoles(db.sql);
  await db.sql`select ai_model_sync.apply_privileges()`;
});
after(() => db.drop());

const denied = (statement: Promise<unknown>) =>
  assert.rejects(statement, (e: { code?: string; message: string }) => {
    assert.equal(e.code, '42501', `expected a refusal (42501), got ${e.code}: ${e.message}`);
    return true;
  });

test('the policies are named as sentences, per table and role', async () => {
  const policies = await db.sql<{ tablename: string; policyname: string; cmd: string; roles: string[] }[]>`
    select tablename::text, policyname::text, cmd, roles::text[] as roles from pg_policies
     where schemaname = 'public' order by tablename, policyname`;
  assert.deepEqual(
    policies.map((p) => [p.tablename, p.policyname, p.cmd, p.roles.join(',')]),
    [
      ['ai_model_catalog', 'Model admins can manage the catalog', 'ALL', 'ai_models_admin'],
      ['ai_model_catalog', 'The service role can manage the catalog', 'ALL', 'service_role'],
      ['ai_model_fetches', 'Model admins can manage staged lists', 'ALL', 'ai_models_admin'],
      ['ai_model_fetches', 'Roles allowed to insert can stage pending model lists', 'INSERT', 'public'],
      ['ai_model_fetches', 'The service role can manage staged lists', 'ALL', 'service_role'],
      ['ai_price_fetches', 'Model admins can manage staged price tables', 'ALL', 'ai_models_admin'],
      ['ai_price_fetches', 'Roles allowed to insert can stage pending price tables', 'INSERT', 'public'],
      ['ai_price_fetches', 'Roles allowed to read validators can read staged price tables', 'SELECT', 'public'],
      ['ai_price_fetches', 'The service role can manage staged price tables', 'ALL', 'service_role'],
      ['ai_provider_history', 'Model admins can read model history', 'SELECT', 'ai_models_admin'],
      ['ai_provider_history', 'The service role can read model history', 'SELECT', 'service_role'],
      ['ai_providers', 'Authenticated users can read active models', 'SELECT', 'authenticated'],
      ['ai_providers', 'Model admins can manage models', 'ALL', 'ai_models_admin'],
      ['ai_providers', 'Model readers can read active models', 'SELECT', 'ai_models_reader'],
      ['ai_providers', 'The service role can manage models', 'ALL', 'service_role'],
    ],
  );
});

test('every table of the project has row-level security enabled', async () => {
  // a new ai_* table in public must be added to ai_model_sync.enable_row_level_security()
  const tables = await db.sql<{ relname: string; relrowsecurity: boolean }[]>`
    select c.relname::text, c.relrowsecurity from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and c.relname like 'ai\\_%' order by 1`;
  assert.ok(tables.length >= 4);
  assert.deepEqual(tables.filter((t) => !t.relrowsecurity).map((t) => t.relname), []);
});

test('authenticated users read active models only, in the table and the view', async () => {
  for (const relation of ['ai_providers', 'ai_models_active']) {
    const rows = await asRole(db.sql, 'authenticated', (tx) =>
      tx.unsafe(`select api_identifier from ${relation} where provider = 'acme' order by 1`));
    assert.deepEqual(rows.map((r) => r.api_identifier), ['acme-on'], relation);
  }
  const [row] = await asRole(db.sql, 'authenticated', (tx) => tx`select ai_models_cost('acme', 'acme-on', 10, 10) as cost`);
  assert.equal(Number(row!.cost), 0.00003); // 10 x 0.000001 + 10 x 0.000002
});

test('authenticated users cannot write models, truncate, or read staging, the catalog and history', async () => {
  const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'authenticated', run);
  await denied(as((tx) => tx`insert into ai_providers (provider, api_identifier) values ('acme', 'mine')`));
  await denied(as((tx) => tx`update ai_providers set config = '{}' where api_identifier = 'acme-on'`));
  await denied(as((tx) => tx`delete from ai_providers`));
  // TRUNCATE is not covered by RLS: Supabase's default grant of it must be taken back
  await denied(as((tx) => tx`truncate ai_providers`));
  await denied(as((tx) => tx`select * from ai_model_fetches`));
  await denied(as((tx) => tx`insert into ai_model_fetches (provider, payload) values ('acme', '[]')`));
  await denied(as((tx) => tx`select * from ai_model_catalog`));
  await denied(as((tx) => tx`select * from ai_provider_history`));
  await denied(as((tx) => tx`select * from ai_models_overrides`));
  await denied(as((tx) => tx`select ai_models_apply_pending()`));
  await denied(as((tx) => tx`select ai_models_config_at('acme', 'acme-on', now())`));
});

test('anon reads and writes nothing', async () => {
  const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'anon', run);
  await denied(as((tx) => tx`select * from ai_providers`));
  await denied(as((tx) => tx`select * from ai_models_active`));
  await denied(as((tx) => tx`update ai_providers set name = 'x'`));
  await denied(as((tx) => tx`truncate ai_providers`));
  await denied(as((tx) => tx`select ai_models_cost('acme', 'acme-on', 1, 1)`));
});

test('the service role writes models, stages and applies lists, and reads history', async () => {
  await asRole(db.sql, 'service_role', async (tx) => {
    await tx`insert into ai_providers (provider, api_identifier, config) values ('acme', 'acme-private', '{"input_token_cost_rate": 0.000005}')`;
    const changed = await tx`update ai_providers set name = 'On' where api_identifier = 'acme-on' returning id`;
    assert.equal(changed.length, 1);
    await tx`insert into ai_model_fetches (provider, payload) values ('acme-sr', ${tx.json([openaiModel('sr-1')] as never)})`;
    await tx`select ai_models_apply_pending()`;
    const [{ n }] = (await tx<{ n: number }[]>`select count(*)::int as n from ai_providers where provider = 'acme-sr'`) as unknown as [{ n: number }];
    assert.equal(n, 1);
    const history = await tx`select changed_by, operation from ai_provider_history where api_identifier in ('acme-private', 'sr-1') order by id`;
    assert.deepEqual(history.map((h) => [h.changed_by, h.operation]), [
      ['service_role', 'insert'],
      ['service_role', 'insert'],
    ]);
    await tx`delete from ai_providers where api_identifier = 'acme-private'`;
  });
});

test('RLS does not hold back the sync run by the tables\' owner (as pg_cron runs it on Supabase)', async () => {
  // on Supabase the tables belong to postgres, which is not a superuser: give them to such an owner here
  await db.sql.unsafe(`
    do $$ begin
      create role ai_models_test_owner nologin;
    exception when duplicate_object or unique_violation then null;
    end $$`);
  await db.sql.unsafe(`
    alter table ai_providers owner to ai_models_test_owner;
    alter table ai_model_fetches owner to ai_models_test_owner;
    alter table ai_model_catalog owner to ai_models_test_owner;
    alter table ai_price_fetches owner to ai_models_test_owner;
    alter table ai_model_sync.price_values owner to ai_models_test_owner;
    alter table ai_model_sync.price_origins owner to ai_models_test_owner;
    alter table ai_model_sync.price_settings owner to ai_models_test_owner;
    alter table ai_model_sync.kind_rules owner to ai_models_test_owner;
    alter table ai_model_sync.model_filters owner to ai_models_test_owner;
    grant usage on schema ai_model_sync to ai_models_test_owner;
    -- the functions stay the test's (nothing of ours is executable through PUBLIC): run them as an admin may
    grant ai_models_admin to ai_models_test_owner`);
  try {
    await asRole(db.sql, 'ai_models_test_owner', async (tx) => {
      const [{ rls }] = (await tx<{ rls: boolean }[]>`select row_security_active('public.ai_providers') as rls`) as unknown as [{ rls: boolean }];
      assert.equal(rls, false, 'the owner is not subject to RLS');
      const { report } = await stageAndApply(tx, 'acme', ['acme-on', 'acme-off', 'acme-3']);
      assert.equal(report.inserted, 1);
      assert.equal(report.reactivated, 0); // acme-off was deactivated by hand and stays so
      const rows = await tx`select api_identifier, is_active from ai_providers where provider = 'acme' order by 1`;
      assert.deepEqual(rows.map((r) => [r.api_identifier, r.is_active]), [
        ['acme-3', true],
        ['acme-off', false],
        ['acme-on', true],
      ]);
    });
  } finally {
    await db.sql.unsafe(`
      alter table ai_providers owner to current_user;
      alter table ai_model_fetches owner to current_user;
      alter table ai_model_catalog owner to current_user;
      alter table ai_price_fetches owner to current_user;
      alter table ai_model_sync.price_values owner to current_user;
      alter table ai_model_sync.price_origins owner to current_user;
      alter table ai_model_sync.price_settings owner to current_user;
      alter table ai_model_sync.kind_rules owner to current_user;
      alter table ai_model_sync.model_filters owner to current_user;
      revoke usage on schema ai_model_sync from ai_models_test_owner;
      revoke ai_models_admin from ai_models_test_owner`);
  }
});

test('enabling row-level security again changes nothing', async () => {
  const snapshot = () =>
    db.sql`select tablename::text, policyname::text, cmd, roles::text, qual, with_check from pg_policies
            where schemaname = 'public' order by 1, 2`;
  const before = [...(await snapshot())];
  await db.sql`select ai_model_sync.enable_row_level_security()`;
  assert.deepEqual([...(await snapshot())], before);
});
