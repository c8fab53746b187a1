// The least-privilege roles: ai_models_fetcher, ai_models_reader, ai_models_admin, each allowed and denied, on
// plain PostgreSQL (grants only) and on Supabase (row-level security on top). The same checks run in both set-ups:
// first with the RLS migration rolled back (plain PostgreSQL), then with it applied after Supabase's roles exist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { stageAndApply as fetcherStage } from '../fetcher/apply.ts';
import type { Sql } from '../fetcher/db.ts';
import { Redactor } from '../fetcher/secrets.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';
import { asRole, createSupabaseRoles, migrationSection, openaiModel, stageAndApply } from './helpers/prod.ts';

const rlsMigration = '20261125050500_enable_supabase_rls.sql';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  // two synced models, one priced and active, one deactivated by hand
  await stageAndApply(db.sql, 'acme', ['acme-on', 'acme-off']);
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}'
                where provider = 'acme' and api_identifier = 'acme-on'`;
  await db.sql`update ai_providers set is_active = false where provider = 'acme' and api_identifier = 'acme-off'`;
});
after(() => db.drop());

const denied = (statement: Promise<unknown>) =>
  assert.rejects(statement, (e: { code?: string; message: string }) => {
    assert.equal(e.code, '42501', `expected a refusal (42501), got ${e.code}: ${e.message}`);
    return true;
  });

function permissionTests(setup: 'plain' | 'supabase') {
  test('the fetcher stages a list with a plain INSERT (no RETURNING): identity and defaults need no other grant', async () => {
    await asRole(db.sql, 'ai_models_fetcher', async (tx) => {
      await tx`insert into ai_model_fetches (provider, payload) values ('acme-staged', ${tx.json([openaiModel('x')] as never)})`;
      await tx`reset role`;
      const rows = await tx`select id, status, fetched_at, report, error from ai_model_fetches where provider = 'acme-staged'`;
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'pending');
      assert.ok(rows[0]!.id > 0 && rows[0]!.fetched_at instanceof Date);
    });
  });

  test("the fetcher CLI's --stage-only mode works with this role; its applying modes do not", async () => {
    const lists = [{ provider: 'acme-cli', models: [openaiModel('cli-1'), openaiModel('cli-2')] }];
    const options = { force: false, redactor: new Redactor([]), catalog: false, log: () => {} };
    await asRole(db.sql, 'ai_models_fetcher', async (tx) => {
      const results = await fetcherStage(tx as unknown as Sql, lists, { ...options, mode: 'stage-only' });
      assert.deepEqual(results.map((r) => [r.provider, r.status]), [['acme-cli', 'staged']]);
      await tx`reset role`;
      const [row] = await tx`select status, jsonb_array_length(payload) as models from ai_model_fetches where provider = 'acme-cli'`;
      assert.deepEqual({ ...row }, { status: 'pending', models: 2 });
    });
    await assert.rejects(
      asRole(db.sql, 'ai_models_fetcher', (tx) => fetcherStage(tx as unknown as Sql, lists, { ...options, mode: 'sync' })),
      /permission denied/,
    );
  });

  test('the fetcher cannot read, mark a list applied, touch models or run the sync', async () => {
    const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'ai_models_fetcher', run);
    await denied(as((tx) => tx`insert into ai_model_fetches (provider, payload) values ('acme', '[]') returning id`));
    await denied(as((tx) => tx`insert into ai_model_fetches (provider, payload, status) values ('acme', '[]', 'applied')`));
    await denied(as((tx) => tx`select payload from ai_model_fetches`));
    await denied(as((tx) => tx`update ai_model_fetches set status = 'superseded'`));
    await denied(as((tx) => tx`delete from ai_model_fetches`));
    await denied(as((tx) => tx`update ai_providers set config = '{}'`));
    await denied(as((tx) => tx`insert into ai_providers (provider, api_identifier) values ('acme', 'forged')`));
    await denied(as((tx) => tx`select * from ai_models_active`));
    await denied(as((tx) => tx`select ai_models_apply_pending()`));
  });

  test('the reader sees active models only', async () => {
    const ids = await asRole(db.sql, 'ai_models_reader', (tx) =>
      tx`select api_identifier from ai_models_active where provider = 'acme' order by 1`);
    assert.deepEqual(ids.map((r) => r.api_identifier), ['acme-on']);
    if (setup === 'plain') {
      await denied(asRole(db.sql, 'ai_models_reader', (tx) => tx`select * from ai_providers`));
    } else {
      // on Supabase the view runs with the reader's rights and RLS filters the table itself
      const direct = await asRole(db.sql, 'ai_models_reader', (tx) =>
        tx`select api_identifier from ai_providers where provider = 'acme' order by 1`);
      assert.deepEqual(direct.map((r) => r.api_identifier), ['acme-on']);
    }
  });

  test('the reader can price usage but not write or read history and staging', async () => {
    const [row] = await asRole(db.sql, 'ai_models_reader', (tx) =>
      tx`select ai_models_cost('acme', 'acme-on', 1000, 500) as cost`);
    assert.equal(Number(row!.cost), 0.002); // 1000 x 0.000001 + 500 x 0.000002
    // and from the provider's usage object (issue 12)
    const [fromUsage] = await asRole(db.sql, 'ai_models_reader', (tx) =>
      tx`select ai_models_cost('acme', 'acme-on', ${tx.json({ prompt_tokens: 1000, completion_tokens: 500 })}) as cost`);
    assert.equal(Number(fromUsage!.cost), 0.002);
    const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'ai_models_reader', run);
    await denied(as((tx) => tx`update ai_models_active set name = 'renamed'`));
    await denied(as((tx) => tx`delete from ai_models_active`));
    await denied(as((tx) => tx`update ai_providers set name = 'renamed'`));
    await denied(as((tx) => tx`insert into ai_model_fetches (provider, payload) values ('acme', '[]')`));
    await denied(as((tx) => tx`select * from ai_provider_history`));
    await denied(as((tx) => tx`select * from ai_models_overrides`));
    await denied(as((tx) => tx`select ai_models_config_at('acme', 'acme-on', now())`));
  });

  test('the admin edits models and the catalog, runs the sync and reads history and the admin views', async () => {
    await asRole(db.sql, 'ai_models_admin', async (tx) => {
      const updated = await tx`update ai_providers set config = config || '{"output_token_cost_rate": 0.000003}'
                                where provider = 'acme' and api_identifier = 'acme-on' returning id`;
      assert.equal(updated.length, 1);
      const [h] = await tx`select changed_by, operation, changes from ai_provider_history
                           where provider = 'acme' and api_identifier = 'acme-on' order by id desc limit 1`;
      assert.equal(h!.changed_by, 'ai_models_admin');
      assert.deepEqual(h!.changes, { 'config.output_token_cost_rate': { old: 0.000002, new: 0.000003 } });

      await tx`insert into ai_model_catalog (provider, model, config) values ('acme', 'acme-new', '{"input_token_cost_rate": 0.000004}')`;
      const { report } = await stageAndApply(tx, 'acme', ['acme-on', 'acme-off', 'acme-new']);
      assert.equal(report.inserted, 1);
      const [priced] = await tx`select config->'input_token_cost_rate' as rate from ai_providers where api_identifier = 'acme-new'`;
      assert.equal(priced!.rate, 0.000004);

      for (const view of ['ai_models_overrides', 'ai_models_conflicts', 'ai_models_unpriced', 'ai_models_active']) {
        await tx.unsafe(`select * from ${view}`);
      }
      const [{ n }] = (await tx<{ n: number }[]>`select count(*)::int as n from ai_provider_history where provider = 'acme'`) as unknown as [{ n: number }];
      assert.ok(n >= 3);
      assert.ok(await tx`select ai_models_config_at('acme', 'acme-on', now()) as c`.then((r) => r[0]!.c));
    });
  });

  test('the admin cannot rewrite history or truncate', async () => {
    const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'ai_models_admin', run);
    await denied(as((tx) => tx`update ai_provider_history set changed_by = 'someone else'`));
    await denied(as((tx) => tx`delete from ai_provider_history`));
    await denied(as((tx) => tx`insert into ai_provider_history (changed_at, changed_by, operation, model_id, provider, api_identifier)
                                values (now(), 'x', 'insert', gen_random_uuid(), 'acme', 'forged')`));
    await denied(as((tx) => tx`truncate ai_providers`));
  });
}

describe('on plain PostgreSQL', () => {
  before(async () => {
    // this test's database as if no Supabase role existed when the migrations ran
    await db.sql.unsafe(migrationSection(rlsMigration, 'down'));
    const [t] = await db.sql`select relrowsecurity from pg_class where oid = 'public.ai_providers'::regclass`;
    assert.equal(t!.relrowsecurity, false);
  });
  permissionTests('plain');
});

describe('on Supabase (row-level security)', () => {
  before(async () => {
    await createSupabaseRoles(db.sql);
    await db.sql.unsafe(migrationSection(rlsMigration, 'up'));
    // then what the loader does after the migrations: the current code of the RLS function, and the privileges
    await db.sql.unsafe(readFileSync(resolve(projectRoot, 'db/code/ai_model_sync/enable_row_level_security.sql'), 'utf8'));
    await db.sql`select ai_model_sync.apply_privileges()`;
    const [t] = await db.sql`select relrowsecurity from pg_class where oid = 'public.ai_providers'::regclass`;
    assert.equal(t!.relrowsecurity, true);
  });
  permissionTests('supabase');
});

test('the roles are created once per cluster: ensuring them again changes nothing', async () => {
  const roles = () =>
    db.sql`select rolname, rolcanlogin, shobj_description(oid, 'pg_authid') as comment from pg_roles
            where rolname in ('ai_models_fetcher', 'ai_models_reader', 'ai_models_admin') order by 1`;
  const before = [...(await roles())];
  assert.deepEqual(before.map((r) => [r.rolname, r.rolcanlogin]), [
    ['ai_models_admin', false],
    ['ai_models_fetcher', false],
    ['ai_models_reader', false],
  ]);
  // what the migration does in every database of the cluster, here twice more
  for (let i = 0; i < 2; i++) {
    for (const r of before) await db.sql`select ai_model_sync.ensure_role(${r.rolname}, ${r.comment})`;
  }
  assert.deepEqual([...(await roles())], before);
});
