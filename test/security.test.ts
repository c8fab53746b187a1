// Issue 10, tried as an attacker would: on a Supabase-like database (anon, authenticated, service_role with
// Supabase's default privileges: ALL on tables, functions and sequences of public, also for objects created later)
// every attack runs AS the attacking role (set role), and the test checks what it achieved, not only the catalogs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, migrate, projectRoot, type TestDatabase } from './helpers/db.ts';
import { asRole, createSupabaseRoles, openaiModel, stageAndApply, type Tx } from './helpers/prod.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  await stageAndApply(db.sql, 'acme', ['acme-on', 'acme-off', 'acme-hidden']);
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001, "output_token_cost_rate": 0.000002}'
                where api_identifier in ('acme-on', 'acme-off')`;
  // an inactive, unpriced model whose config a reader must never see, not even in an error
  await db.sql`update ai_providers set config = config || '{"internal_note": "do-not-show-readers"}'
                where api_identifier = 'acme-hidden'`;
  await db.sql`update ai_providers set is_active = false where api_identifier in ('acme-off', 'acme-hidden')`;
  await createSupabaseRoles(db.sql);
  await db.sql`select ai_model_sync.apply_privileges()`;
});
after(() => db.drop());

const denied = (statement: Promise<unknown>, what = '') =>
  assert.rejects(statement, (e: { code?: string; message: string }) => {
    assert.equal(e.code, '42501', `${what}: expected a refusal (42501), got ${e.code}: ${e.message}`);
    return true;
  });

/** Refused for want of EXECUTE itself (not for a table the routine reads). */
const noExecute = (statement: Promise<unknown>, what = '') =>
  assert.rejects(statement, (e: { code?: string; message: string }) => {
    assert.equal(e.code, '42501', `${what}: expected a refusal (42501), got ${e.code}: ${e.message}`);
    assert.match(e.message, /^permission denied for (function|procedure) /, what);
    return true;
  });

/**
 * As the current (attacking) role: pg_temp domains named like the built-in types, whose CHECK records the role it
 * runs as and tries `harm` (dynamic SQL). A SECURITY DEFINER function that resolves a type name through pg_temp
 * would run it as the owner.
 */
async function plantDomains(tx: Tx, harm: string): Promise<void> {
  await tx.unsafe(`
    create function pg_temp.pwn(v pg_catalog.text) returns pg_catalog.bool language plpgsql as $f$
    begin
      if pg_catalog.current_setting('attack.busy', true) = 'on' then return true; end if;
      perform pg_catalog.set_config('attack.busy', 'on', false);
      perform pg_catalog.set_config('attack.ran_as', pg_catalog.concat_ws(',', pg_catalog.current_setting('attack.ran_as', true), current_user), false);
      begin
        execute $h$${harm}$h$;
      exception when others then null;
      end;
      perform pg_catalog.set_config('attack.busy', '', false);
      return true;
    end $f$`);
  // bigint, boolean, numeric are keywords the grammar maps to pg_catalog itself; these names are looked up
  for (const type of ['text', 'jsonb', 'timestamptz', 'int8', 'bool', 'uuid', 'xid8', 'name']) {
    await tx.unsafe(`create domain pg_temp.${type} as pg_catalog.${type} check (pg_temp.pwn(value::pg_catalog.text))`);
  }
}

const ranAs = async (tx: Tx) =>
  ((await tx`select coalesce(current_setting('attack.ran_as', true), '') as r`)[0]!.r as string).split(',').filter(Boolean);

describe('SECURITY DEFINER: no caller-controlled code runs as the owner (critical)', () => {
  test('a reader\'s pg_temp domains do not run as the owner inside ai_models_cost (no self-granted admin)', async () => {
    for (const role of ['ai_models_reader', 'authenticated']) {
      await asRole(db.sql, role, async (tx) => {
        await plantDomains(tx, `grant ai_models_admin to ${role}`);
        const [row] = await tx`select ai_models_cost('acme', 'acme-on', 1000, 500) as cost`;
        assert.equal(Number(row!.cost), 0.002);
        // the error paths too (each in a savepoint, so that the transaction goes on)
        for (const model of ['acme-hidden', 'acme-unknown']) {
          await tx.savepoint((sp) => sp`select ai_models_cost('acme', ${model}, 1, 1)`).catch(() => {});
        }
        assert.deepEqual((await ranAs(tx)).filter((r) => r !== role), [], `${role}: domain checks ran as another role`);
        await tx`reset role`;
        const [m] = await tx`select pg_has_role(${role}, 'ai_models_admin', 'member') as member`;
        assert.equal(m!.member, false, `${role} granted itself ai_models_admin`);
      });
    }
  });

  test('an admin\'s pg_temp domains do not run as the owner inside the history triggers (no history deleted)', async () => {
    const count = async (tx: Tx | typeof db.sql) =>
      Number((await tx`select count(*) as n from ai_provider_history`)[0]!.n);
    for (const role of ['ai_models_admin', 'service_role']) {
      await asRole(db.sql, role, async (tx) => {
        await tx`reset role`;
        const before = await count(tx);
        await tx.unsafe(`set local role ${role}`);
        await plantDomains(tx, 'delete from public.ai_provider_history');
        await tx`insert into ai_providers (provider, api_identifier) values ('acme', 'acme-attack')`;
        await tx`update ai_providers set name = 'attacked' where api_identifier = 'acme-attack'`;
        await tx`delete from ai_providers where api_identifier = 'acme-attack'`;
        assert.deepEqual((await ranAs(tx)).filter((r) => r !== role), [], `${role}: domain checks ran as another role`);
        await tx`reset role`;
        assert.equal(await count(tx), before + 3, 'history rows were deleted, or the changes not recorded');
      });
    }
  });

  test('every SECURITY DEFINER function pins search_path to pg_catalog, pg_temp (pg_temp last)', async () => {
    const rows = await db.sql<{ fn: string; config: string[] | null }[]>`
      select p.oid::regprocedure::text as fn, p.proconfig as config
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'ai_model_sync') and p.prosecdef order by 1`;
    assert.ok(rows.length >= 5, 'ai_models_cost and the history triggers are SECURITY DEFINER');
    const bad = rows.filter((r) => !(r.config ?? []).includes('search_path=pg_catalog, pg_temp'));
    assert.deepEqual(bad, []);
  });
});

describe('nothing of ours is open through Supabase\'s default privileges (high / medium)', () => {
  test('no API role can setval (or nextval) the project\'s sequences', async () => {
    for (const role of ['anon', 'authenticated', 'service_role', 'ai_models_admin', 'ai_models_reader', 'ai_models_fetcher']) {
      for (const seq of ['ai_provider_history_id_seq', 'ai_model_fetches_id_seq', 'ai_model_catalog_id_seq']) {
        await denied(asRole(db.sql, role, (tx) => tx`select setval(${seq}, 1)`), `${role} setval ${seq}`);
        await denied(asRole(db.sql, role, (tx) => tx`select nextval(${seq})`), `${role} nextval ${seq}`);
      }
    }
    // and the writes that would have failed after a setval still work for the admin
    await asRole(db.sql, 'ai_models_admin', (tx) => tx`update ai_providers set name = 'Seq' where api_identifier = 'acme-on'`);
  });

  test('history is append-only for service_role too: no INSERT, UPDATE, DELETE, TRUNCATE', async () => {
    const as = (run: Parameters<typeof asRole>[2]) => asRole(db.sql, 'service_role', run);
    await denied(as((tx) => tx`insert into ai_provider_history (changed_at, changed_by, operation, model_id, provider, api_identifier)
                                values (now(), 'x', 'insert', gen_random_uuid(), 'acme', 'forged')`), 'insert');
    await denied(as((tx) => tx`update ai_provider_history set changed_by = 'someone else'`), 'update');
    await denied(as((tx) => tx`delete from ai_provider_history`), 'delete');
    await denied(as((tx) => tx`truncate ai_provider_history`), 'truncate');
    // it still reads history and its own changes are recorded
    await as(async (tx) => {
      await tx`update ai_providers set name = 'By service' where api_identifier = 'acme-on'`;
      const [h] = await tx`select changed_by from ai_provider_history order by id desc limit 1`;
      assert.equal(h!.changed_by, 'service_role');
    });
  });

  test('no role but the owner holds TRIGGER, REFERENCES or TRUNCATE on the project\'s tables', async () => {
    const tables = ['ai_providers', 'ai_model_fetches', 'ai_model_catalog', 'ai_provider_history'];
    for (const role of ['service_role', 'authenticated', 'anon', 'ai_models_admin']) {
      for (const table of tables) {
        await denied(asRole(db.sql, role, async (tx) => {
          await tx.unsafe(`create function pg_temp.t() returns trigger language plpgsql as $f$ begin return null; end $f$`);
          await tx.unsafe(`create trigger attack after insert on public.${table} for each statement execute function pg_temp.t()`);
        }), `${role} create trigger on ${table}`);
        await denied(asRole(db.sql, role, (tx) => tx.unsafe(`truncate public.${table}`)), `${role} truncate ${table}`);
      }
      // REFERENCES needs a permanent table of the attacker's (no API role may create one in public): the grant itself
      const [r] = await db.sql`select bool_or(has_table_privilege(${role}, t, 'REFERENCES')) as any
                                 from unnest(${tables}::text[]) as t`;
      assert.equal(r!.any, false, `${role} holds REFERENCES`);
    }
  });

  test('anon and authenticated execute none of the admin functions; PUBLIC holds EXECUTE on nothing of ours', async () => {
    const calls = [
      'call sync_ai_models()',
      'select ai_models_apply_pending()',
      'select * from ai_models_check()',
      `select ai_models_config_at('acme', 'acme-on', now())`,
      `select ai_models_prune_fetches('30 days')`,
      `select * from ai_models_schedule('0 * * * *')`,
      'select ai_models_unschedule()',
    ];
    for (const role of ['anon', 'authenticated']) {
      for (const call of calls) await noExecute(asRole(db.sql, role, (tx) => tx.unsafe(call)), `${role}: ${call}`);
    }
    await noExecute(asRole(db.sql, 'anon', (tx) => tx`select ai_models_cost('acme', 'acme-on', 1, 1)`), 'anon: ai_models_cost');
    // a role with nothing granted but PUBLIC's share (on plain PostgreSQL as well)
    await db.sql.unsafe(`do $$ begin create role ai_models_test_nobody nologin; exception when duplicate_object or unique_violation then null; end $$`);
    for (const call of calls.slice(0, 3)) await noExecute(asRole(db.sql, 'ai_models_test_nobody', (tx) => tx.unsafe(call)), `nobody: ${call}`);
    await noExecute(asRole(db.sql, 'ai_models_test_nobody', (tx) => tx`select ai_models_cost('acme', 'acme-on', 1, 1)`), 'nobody: cost');
    const open = await db.sql`
      select p.oid::regprocedure::text as fn from pg_proc p
       where (p.pronamespace = 'ai_model_sync'::regnamespace or p.proname like 'ai\\_models\\_%' or p.proname = 'sync_ai_models')
         and (p.proacl is null or exists (select from aclexplode(p.proacl) a where a.grantee = 0))`;
    assert.deepEqual(open.map((r) => r.fn), [], 'routines executable through PUBLIC');
  });

  test('anon reads no table or view of ours, authenticated only the active models (every relation, not a list)', async () => {
    const relations = await db.sql<{ name: string; kind: string }[]>`
      select c.oid::regclass::text as name, c.relkind::text as kind from pg_class c
       where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'v') and c.relname like 'ai\\_%'
       order by 1`;
    assert.ok(relations.length >= 12, relations.map((r) => r.name).join(', '));
    for (const { name } of relations) {
      await denied(asRole(db.sql, 'anon', (tx) => tx.unsafe(`select * from ${name} limit 1`)), `anon on ${name}`);
      if (name === 'ai_providers' || name === 'ai_models_active') continue;
      await denied(asRole(db.sql, 'authenticated', (tx) => tx.unsafe(`select * from ${name} limit 1`)), `authenticated on ${name}`);
    }
  });

  test('authenticated prices usage with both forms of ai_models_cost; anon with neither', async () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 500 };
    const [positional] = await asRole(db.sql, 'authenticated', (tx) => tx`select ai_models_cost('acme', 'acme-on', 1000, 500) as usd`);
    const [fromUsage] = await asRole(db.sql, 'authenticated', (tx) => tx`select ai_models_cost('acme', 'acme-on', ${tx.json(usage)}) as usd`);
    assert.equal(Number(positional!.usd), 0.002);
    assert.equal(Number(fromUsage!.usd), 0.002);
    await noExecute(asRole(db.sql, 'anon', (tx) => tx`select ai_models_cost('acme', 'acme-on', ${tx.json(usage)})`), 'anon, usage form');
  });

  test('a function the loader creates again gets no default privileges back', async () => {
    // dropped and created again (a signature change): Supabase's default privileges give it to anon at once
    await db.sql.unsafe('drop function public.ai_models_check()');
    await db.sql.unsafe(readFileSync(resolve(projectRoot, 'db/code/public/ai_models_check.sql'), 'utf8'));
    await db.sql`select ai_model_sync.apply_privileges()`;
    await noExecute(asRole(db.sql, 'anon', (tx) => tx`select * from ai_models_check()`), 'anon');
    await noExecute(asRole(db.sql, 'authenticated', (tx) => tx`select * from ai_models_check()`), 'authenticated');
    await asRole(db.sql, 'ai_models_admin', (tx) => tx`select * from ai_models_check()`);
  });

  test('the migrations table is out of anon\'s reach, also after moving an old public.schema_migrations', async () => {
    const old = await createTestDatabase();
    try {
      // as the previous version left it: dbmate's versions in public.schema_migrations, with Supabase's grants
      await old.sql.unsafe(`
        create table public.schema_migrations (version varchar(128) primary key);
        insert into public.schema_migrations select version from ai_model_sync_migrations.schema_migrations;
        drop schema ai_model_sync_migrations cascade`);
      await createSupabaseRoles(old.sql);
      await asRole(old.sql, 'anon', (tx) => tx`select count(*) from public.schema_migrations`); // open before the move
      await migrate(old.url);
      for (const statement of [
        'select * from ai_model_sync_migrations.schema_migrations',
        `insert into ai_model_sync_migrations.schema_migrations values ('29990101000000')`,
        'truncate ai_model_sync_migrations.schema_migrations',
        'create trigger t after insert on ai_model_sync_migrations.schema_migrations execute function pg_catalog.now()',
      ]) {
        await denied(asRole(old.sql, 'anon', (tx) => tx.unsafe(statement)), statement);
      }
      await assert.rejects(asRole(old.sql, 'anon', (tx) => tx`select * from public.schema_migrations`), { code: '42P01' });
      const [{ n }] = (await old.sql`select count(*)::int as n from ai_model_sync_migrations.schema_migrations`) as unknown as [{ n: number }];
      assert.ok(n >= 10, 'the versions were moved');
    } finally {
      await old.drop();
    }
  });
});

describe('data and secrets (medium / low)', () => {
  test('only openrouter and together lists bring prices; another list\'s pricing is ignored and reported', async () => {
    const priced = (id: string) => ({ ...openaiModel(id), pricing: { prompt: '0', completion: '0' } });
    await db.sql`insert into ai_model_fetches (provider, payload) values ('openai', ${db.sql.json([priced('gpt-4o')] as never)})`;
    await db.sql`select ai_models_apply_pending()`;
    const [row] = await db.sql`select config from ai_providers where provider = 'openai' and api_identifier = 'gpt-4o'`;
    assert.equal(row!.config.input_token_cost_rate, undefined, 'an openai list set a price');
    assert.equal(row!.config.output_token_cost_rate, undefined);
    const [f] = await db.sql`select report from ai_model_fetches where provider = 'openai' order by id desc limit 1`;
    assert.ok((f!.report.warnings as string[]).some((w) => /"pricing" of 1 entries ignored: only openrouter and together/.test(w)),
      JSON.stringify(f!.report.warnings));

    await db.sql`insert into ai_model_fetches (provider, payload) values ('openrouter', ${db.sql.json([
      { ...openaiModel('acme/m1'), pricing: { prompt: '0.000001', completion: '0.000002' } }] as never)})`;
    await db.sql`select ai_models_apply_pending()`;
    const [or] = await db.sql`select config from ai_providers where provider = 'openrouter' and api_identifier = 'acme/m1'`;
    assert.equal(or!.config.input_token_cost_rate, 0.000001);
    const [o] = await db.sql`select report from ai_model_fetches where provider = 'openrouter' order by id desc limit 1`;
    assert.deepEqual(o!.report.warnings, []);
  });

  test('readers price active models only, and no error shows them an inactive model\'s config', async () => {
    for (const role of ['ai_models_reader', 'authenticated']) {
      for (const model of ['acme-off', 'acme-hidden']) {
        await assert.rejects(asRole(db.sql, role, (tx) => tx`select ai_models_cost('acme', ${model}, 1000, 500)`),
          (e: { code: string; message: string; detail?: string; hint?: string }) => {
            assert.equal(e.code, 'P0002', `${role} ${model}: ${e.message}`);
            assert.equal(e.message, `unknown model acme/${model}`);
            assert.doesNotMatch(`${e.detail} ${e.hint}`, /do-not-show-readers|internal_note|cost_rate":/);
            return true;
          });
      }
    }
    // admins still price any model the history knows (past usage of a model since deactivated)
    const [row] = await asRole(db.sql, 'ai_models_admin', (tx) => tx`select ai_models_cost('acme', 'acme-off', 1000, 500) as cost`);
    assert.equal(Number(row!.cost), 0.002);
  });

  test('ai_models_schedule refuses a cron expression that is not five fields or "N seconds", on every path', async () => {
    for (const cron of ["* * * * *'; drop table ai_providers; --", '* * * * * *', 'every hour', '* * * *']) {
      await assert.rejects(db.sql`select * from ai_models_schedule(${cron})`, (e: { code: string; message: string; hint: string }) => {
        assert.equal(e.code, '22023', e.message);
        assert.match(e.message, /^invalid cron expression '.*' for pg_cron job ai_models_sync$/);
        assert.match(e.hint, /five fields/);
        return true;
      });
    }
    await assert.rejects(db.sql`select * from ai_models_schedule('0 * * * *', '30 days', '30 3 * * *; select 1')`,
      /invalid cron expression .* for pg_cron job ai_models_prune_fetches/);
    // the Edge Function's job, and any job of ours scheduled through schedule_job: the same refusal, before pg_cron
    const injected = "* * * * *'; drop table ai_providers; --";
    await assert.rejects(db.sql`select * from ai_models_schedule_edge_function('https://abcd.supabase.co/functions/v1/sync-ai-models', ${injected})`,
      /invalid cron expression .* for pg_cron job ai_models_sync_edge_function$/);
    await assert.rejects(db.sql`select ai_model_sync.schedule_job('any_job', ${injected}, 'select 1')`,
      /invalid cron expression .* for pg_cron job any_job$/);
    const ok = await db.sql`select s, ai_model_sync.cron_problem(s) as problem
                              from unnest(array['0 * * * *', '*/15 * * * *', '30 3 * * 1-5', '0 0 1 jan,jul *', '30 seconds']) as s`;
    assert.deepEqual(ok.filter((r) => r.problem !== null), []);
  });

  test('a manual edit cannot be recorded under a batch: the batch id comes only from the sync', async () => {
    const { batch } = await stageAndApply(db.sql, 'acme-batch', ['b-1']);
    await asRole(db.sql, 'ai_models_admin', async (tx) => {
      await tx`select set_config('ai_model_sync.batch_id', ${String(batch)}, true)`;
      await tx.unsafe(`set local ai_model_sync.batch_id = '${batch}'`);
      await tx`update ai_providers set name = 'forged' where api_identifier = 'b-1'`;
      const [h] = await tx`select batch_id, changed_by from ai_provider_history order by id desc limit 1`;
      assert.deepEqual({ ...h }, { batch_id: null, changed_by: 'ai_models_admin' });
    });
    // nor can the admin open a batch itself, even a pending one: not directly, from a DO block or a pg_temp function
    await db.sql`insert into ai_model_fetches (provider, payload) values ('acme-batch', ${db.sql.json([openaiModel('b-1')] as never)})`;
    const [{ pending }] = (await db.sql<{ pending: number }[]>`
      select max(id) as pending from ai_model_fetches where status = 'pending'`) as unknown as [{ pending: number }];
    const forgeries = [
      `select ai_model_sync.open_batch(${pending})`,
      `do $$ begin perform ai_model_sync.open_batch(${pending}); end $$`,
      `do $$ begin execute 'SELECT ai_model_sync.open_batch(${pending})"' || chr(10) ||
         'PL/pgSQL function ai_model_sync.apply_batch(bigint,boolean) line 20 at PERFORM'; end $$`,
      `create function pg_temp.apply_batch(batch_id bigint) returns void language plpgsql as $f$
         begin perform ai_model_sync.open_batch(batch_id); end $f$;
       select pg_temp.apply_batch(${pending})`,
    ];
    for (const forgery of forgeries) {
      await assert.rejects(asRole(db.sql, 'ai_models_admin', async (tx) => {
        await tx.unsafe(forgery);
        await tx`update ai_providers set name = 'forged' where api_identifier = 'b-1'`;
        const [h] = await tx`select batch_id from ai_provider_history order by id desc limit 1`;
        assert.equal(h!.batch_id, null, forgery);
      }), (e: { code?: string; message: string }) => {
        assert.ok(e.code === '42501' || e.code === '42601', `${forgery}: ${e.code} ${e.message}`);
        return true;
      });
    }
    await db.sql`update ai_model_fetches set status = 'superseded' where id = ${pending}`;
    await asRole(db.sql, 'ai_models_admin', async (tx) => {
      // the sync run by the admin records its batch
      const { batch: next } = await stageAndApply(tx, 'acme-batch', ['b-1', 'b-2']);
      const rows = await tx`select batch_id from ai_provider_history where provider = 'acme-batch' and api_identifier = 'b-2'`;
      assert.deepEqual(rows.map((r) => r.batch_id), [next]);
      await tx`update ai_providers set name = 'after the sync' where api_identifier = 'b-2'`;
      const [h] = await tx`select batch_id from ai_provider_history order by id desc limit 1`;
      assert.equal(h!.batch_id, null, 'an edit after the sync in the same transaction');
    });
  });
});

