// Scheduling with pg_cron: ai_models_schedule(), ai_models_unschedule() and the pruning job.
//
// pg_cron can only be created in the database named by cron.database_name, while every other test works in a
// throwaway clone. So the pg_cron tests use a database of their own, ai_model_sync_cron_test, that they create
// (from the migrated template) and drop, and they run only when the server is set up for it (.ci/run does that):
// pg_cron installed, preloaded, cron.database_name = 'ai_model_sync_cron_test'. Elsewhere they are skipped with the
// reason, except under CI (CI=true or AI_MODEL_SYNC_REQUIRE_PG_CRON=1), where a missing pg_cron fails the run.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect, databaseUrl, withDatabase, type Sql } from '../fetcher/db.ts';
import { createTestDatabase, template, type TestDatabase } from './helpers/db.ts';
import { stageAndApply } from './helpers/prod.ts';

const cronDatabase = 'ai_model_sync_cron_test';
const required = process.env.CI === 'true' || process.env.AI_MODEL_SYNC_REQUIRE_PG_CRON === '1';

/** Why the pg_cron tests cannot run on this server, or undefined when they can. */
async function pgCronUnavailable(): Promise<string | undefined> {
  const admin = connect(databaseUrl(), { max: 1 });
  try {
    const [row] = await admin<{ installed: boolean; cron_database: string | null }[]>`
      select exists (select from pg_available_extensions where name = 'pg_cron') as installed,
             current_setting('cron.database_name', true) as cron_database`;
    if (!row?.installed) return 'the pg_cron package is not installed on this server (Debian: apt-get install postgresql-15-cron)';
    if (row.cron_database === null) return "pg_cron is not loaded (shared_preload_libraries = 'pg_cron', then restart)";
    if (row.cron_database !== cronDatabase) {
      return `cron.database_name is ${row.cron_database}; these tests only touch a database of their own: set cron.database_name = '${cronDatabase}'`;
    }
    return undefined;
  } finally {
    await admin.end();
  }
}

/** Settles a batch by hand, `age` ago, for the pruning tests. */
async function settled(sql: Sql, provider: string, status: string, age: string): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into ai_model_fetches (provider, payload, status, fetched_at, applied_at, error)
    values (${provider}, '[]', ${status}, now() - ${age}::interval, now() - ${age}::interval,
            ${status === 'failed' ? 'boom' : null})
    returning id`;
  return row!.id;
}

async function remaining(sql: Sql, provider: string): Promise<number[]> {
  const rows = await sql<{ id: number }[]>`select id from ai_model_fetches where provider = ${provider} order by id`;
  return rows.map((r) => r.id);
}

describe('without pg_cron in the database', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  test('scheduling fails and says how to install pg_cron', async () => {
    const [facts] = await db.sql<{ installed: boolean; cron_database: string | null; major: number }[]>`
      select exists (select from pg_available_extensions where name = 'pg_cron') as installed,
             current_setting('cron.database_name', true) as cron_database,
             current_setting('server_version_num')::int / 10000 as major`;
    const firstMissingStep = !facts!.installed
      ? /the pg_cron package is not installed/
      : facts!.cron_database === null
        ? /not in shared_preload_libraries/
        : new RegExp(`loaded for database ${facts!.cron_database} \\(cron.database_name\\), not for this database \\(${db.name}\\)`);
    for (const call of [db.sql`select * from ai_models_schedule()`, db.sql`select ai_models_unschedule()`]) {
      await assert.rejects(call, (e: { code: string; message: string; hint: string }) => {
        assert.equal(e.code, '55000');
        assert.match(e.message, new RegExp(`^pg_cron is not available in database ${db.name}: `));
        assert.match(e.message, firstMissingStep);
        assert.ok(e.hint.includes(`apt-get install postgresql-${facts!.major}-cron`), e.hint);
        assert.ok(e.hint.includes("shared_preload_libraries = 'pg_cron'"), e.hint);
        assert.ok(e.hint.includes(`cron.database_name = '${db.name}'`), e.hint);
        assert.ok(e.hint.includes('create extension pg_cron'), e.hint);
        assert.ok(e.hint.includes('Supabase'), e.hint);
        return true;
      });
    }
  });

  test('pruning keeps pending batches, recent ones and each provider\'s newest applied one', async () => {
    const p = 'acme-prune';
    const oldApplied = await settled(db.sql, p, 'applied', '40 days');
    const newestApplied = await settled(db.sql, p, 'applied', '35 days'); // old, but the newest applied: kept
    const oldSuperseded = await settled(db.sql, p, 'superseded', '45 days');
    const oldFailed = await settled(db.sql, p, 'failed', '50 days');
    const recentFailed = await settled(db.sql, p, 'failed', '2 days');
    const [pending] = await db.sql<{ id: number }[]>`
      insert into ai_model_fetches (provider, payload, fetched_at) values (${p}, '[]', now() - interval '90 days') returning id`;
    const other = await settled(db.sql, 'acme-prune-other', 'applied', '60 days'); // another provider's newest

    const [{ pruned }] = (await db.sql`select ai_models_prune_fetches('30 days') as pruned`) as unknown as [{ pruned: number }];
    assert.equal(pruned, 3);
    assert.deepEqual(await remaining(db.sql, p), [newestApplied, recentFailed, pending!.id].sort((a, b) => a - b));
    assert.deepEqual(await remaining(db.sql, 'acme-prune-other'), [other]);

    // a shorter retention reaches the recent failure too; the newest applied and the pending batch still stay
    await db.sql`select ai_models_prune_fetches('1 day')`;
    assert.deepEqual(await remaining(db.sql, p), [newestApplied, pending!.id].sort((a, b) => a - b));
  });

  test('pruning refuses a retention that is not positive, deleting nothing', async () => {
    const p = 'acme-prune-bad';
    await settled(db.sql, p, 'superseded', '400 days');
    for (const retention of ['0 days', '-1 day']) {
      await assert.rejects(db.sql`select ai_models_prune_fetches(${retention}::interval)`, (e: { code: string; message: string }) => {
        assert.equal(e.code, '22023');
        assert.match(e.message, /the retention must be a positive interval/);
        return true;
      });
    }
    assert.equal((await remaining(db.sql, p)).length, 1);
  });
});

const unavailable = await pgCronUnavailable();

if (unavailable && required) {
  test('pg_cron is set up on this server (required under CI)', () => {
    assert.fail(`pg_cron is required here (CI) but ${unavailable}; .ci/run installs and configures it`);
  });
} else if (unavailable) {
  test('the pg_cron jobs are created, updated, run and removed', { skip: `pg_cron tests skipped: ${unavailable}` }, () => {});
}

describe('with pg_cron', { skip: unavailable !== undefined }, () => {
  let admin: Sql;
  let sql: Sql;
  type Job = { jobid: number; jobname: string; schedule: string; command: string; database: string; username: string; active: boolean };
  const jobs = () =>
    sql<Job[]>`select jobid, jobname::text, schedule, command, database::text, username::text, active
                 from cron.job where jobname in ('ai_models_sync', 'ai_models_prune_fetches') order by jobname`;

  before(async () => {
    const tpl = await template();
    admin = connect(databaseUrl(), { max: 1, applicationName: 'ai-model-sync-test' });
    // one run at a time uses the pg_cron database (session lock: admin has a single connection)
    await admin`select pg_advisory_lock(hashtext('ai-model-sync pg_cron test'))`;
    await admin.unsafe(`drop database if exists ${cronDatabase} with (force)`);
    await admin.unsafe(`create database ${cronDatabase} template ${tpl}`);
    sql = connect(withDatabase(databaseUrl(), cronDatabase), { max: 2, applicationName: 'ai-model-sync-test' });
    await sql`create extension pg_cron`;
  });

  after(async () => {
    await sql?.end({ timeout: 5 });
    if (admin) {
      await admin.unsafe(`drop database if exists ${cronDatabase} with (force)`);
      await admin`select pg_advisory_unlock(hashtext('ai-model-sync pg_cron test'))`;
      await admin.end();
    }
  });

  test('scheduling creates the extension where pg_cron is loaded but not created, or says who must', async () => {
    await sql`drop extension pg_cron`;
    await sql`drop role if exists ai_model_sync_cron_probe`;
    await sql`create role ai_model_sync_cron_probe`;
    try {
      await sql`grant usage on schema ai_model_sync to ai_model_sync_cron_probe`;
      await sql`grant execute on function ai_model_sync.require_pg_cron(), ai_model_sync.pg_cron_problem() to ai_model_sync_cron_probe`;
      await assert.rejects(
        sql.begin(async (tx) => {
          await tx`set local role ai_model_sync_cron_probe`;
          await tx`select ai_model_sync.require_pg_cron()`;
        }),
        (e: { code: string; message: string; hint: string }) => {
          assert.equal(e.code, '42501');
          assert.match(e.message, new RegExp(`pg_cron is not created in database ${cronDatabase}, and role ai_model_sync_cron_probe may not create it`));
          assert.ok(e.hint.includes(`A superuser must run: create extension pg_cron; in database ${cronDatabase}`), e.hint);
          return true;
        },
      );
      assert.equal((await sql`select count(*)::int as n from pg_extension where extname = 'pg_cron'`)[0]!.n, 0);
      // the owner may: scheduling creates it
      await sql`select * from ai_models_schedule()`;
      assert.equal((await sql`select count(*)::int as n from pg_extension where extname = 'pg_cron'`)[0]!.n, 1);
      assert.equal((await jobs()).length, 2);
      await sql`select ai_models_unschedule()`;
    } finally {
      await sql`drop owned by ai_model_sync_cron_probe`;
      await sql`drop role ai_model_sync_cron_probe`;
    }
  });

  test('ai_models_schedule() creates the sync job and the pruning job', async () => {
    const returned = await sql<{ jobid: number; jobname: string; schedule: string; command: string }[]>`
      select * from ai_models_schedule()`;
    const stored = await jobs();
    assert.deepEqual(stored.map((j) => [j.jobname, j.schedule, j.command, j.database, j.active]), [
      ['ai_models_prune_fetches', '30 3 * * *', "SELECT public.ai_models_prune_fetches('30 days'::interval)", cronDatabase, true],
      ['ai_models_sync', '0 * * * *', 'CALL public.sync_ai_models()', cronDatabase, true],
    ]);
    const [{ me }] = (await sql`select current_user as me`) as unknown as [{ me: string }];
    assert.ok(stored.every((j) => j.username === me));
    assert.deepEqual(
      returned.map((j) => [j.jobid, j.jobname, j.schedule, j.command]),
      stored.map((j) => [j.jobid, j.jobname, j.schedule, j.command]),
    );
  });

  test('scheduling again updates the same two jobs', async () => {
    const before = await jobs();
    await sql`select * from ai_models_schedule('*/15 * * * *', '7 days', '0 4 * * *')`;
    await sql`select * from ai_models_schedule('*/15 * * * *', '7 days', '0 4 * * *')`;
    const now = await jobs();
    assert.deepEqual(now.map((j) => j.jobid), before.map((j) => j.jobid));
    assert.deepEqual(now.map((j) => [j.jobname, j.schedule, j.command]), [
      ['ai_models_prune_fetches', '0 4 * * *', "SELECT public.ai_models_prune_fetches('7 days'::interval)"],
      ['ai_models_sync', '*/15 * * * *', 'CALL public.sync_ai_models()'],
    ]);
  });

  test('an invalid cron expression is refused and changes nothing', async () => {
    const before = await jobs();
    await assert.rejects(sql`select * from ai_models_schedule('every hour')`, (e: { code: string; message: string; hint: string }) => {
      assert.equal(e.code, '22023');
      assert.match(e.message, /invalid cron expression 'every hour' for pg_cron job ai_models_sync/);
      assert.match(e.hint, /five fields: minute hour day-of-month month day-of-week/);
      return true;
    });
    // the sync job's expression is fine but the pruning job's is not: neither job changes
    await assert.rejects(sql`select * from ai_models_schedule('5 * * * *', '30 days', '61 * * * *')`, /invalid cron expression '61 \* \* \* \*' for pg_cron job ai_models_prune_fetches/);
    await assert.rejects(sql`select * from ai_models_schedule(null)`, /no schedule given for pg_cron job ai_models_sync/);
    await assert.rejects(sql`select * from ai_models_schedule('5 * * * *', '0 days')`, /the retention must be a positive interval/);
    assert.deepEqual(await jobs(), before);
  });

  test("running the sync job's command applies what is staged", async () => {
    await sql`insert into ai_model_fetches (provider, payload)
              values ('acme-cron', ${sql.json([{ id: 'acme-1', object: 'model' }, { id: 'acme-2', object: 'model' }])})`;
    const [job] = (await jobs()).filter((j) => j.jobname === 'ai_models_sync');
    // what pg_cron does: send the command text as one simple-protocol query
    await sql.unsafe(job!.command).simple();
    const rows = await sql`select api_identifier from ai_providers where provider = 'acme-cron' and is_active order by 1`;
    assert.deepEqual(rows.map((r) => r.api_identifier), ['acme-1', 'acme-2']);
    const [fetch] = await sql`select status from ai_model_fetches where provider = 'acme-cron'`;
    assert.equal(fetch?.status, 'applied');
  });

  test("running the pruning job's command prunes settled batches older than its retention", async () => {
    await stageAndApply(sql, 'acme-cron-prune', ['m1']);
    const old = await settled(sql, 'acme-cron-prune', 'superseded', '8 days'); // retention is 7 days now
    const recent = await settled(sql, 'acme-cron-prune', 'superseded', '6 days');
    const [job] = (await jobs()).filter((j) => j.jobname === 'ai_models_prune_fetches');
    await sql.unsafe(job!.command).simple();
    const ids = await remaining(sql, 'acme-cron-prune');
    assert.ok(!ids.includes(old), 'the 8-day-old batch is pruned');
    assert.ok(ids.includes(recent), 'the 6-day-old batch stays');
    assert.equal(ids.length, 2, 'the applied batch stays too');
  });

  test('ai_models_schedule_edge_function: one job that POSTs with the secret read from Vault at run time, never stored', async () => {
    // stand-ins for pg_net and Vault as Supabase has them: http_post records what it would send
    await sql.unsafe(`
      create schema net;
      create table net.sent (url text, headers jsonb, body jsonb, timeout_milliseconds integer);
      create function net.http_post(url text, headers jsonb, body jsonb, timeout_milliseconds integer) returns bigint
        language sql as 'insert into net.sent values (url, headers, body, timeout_milliseconds); select 1::bigint';
      create schema vault;
      create table vault.decrypted_secrets (name text, decrypted_secret text);
      insert into vault.decrypted_secrets values ('ai_model_sync_function_secret', 'edge-secret-value-0123456789'),
                                                 ('anon_key', 'anon-jwt-value-abcdef');`);
    const url = 'https://abcd.supabase.co/functions/v1/sync-ai-models';
    const edgeJobs = () => sql<Job[]>`select jobid, jobname::text, schedule, command, database::text, username::text, active
                                       from cron.job where jobname = 'ai_models_sync_edge_function'`;
    try {
      const [returned] = await sql<{ jobname: string; schedule: string; command: string }[]>`
        select * from ai_models_schedule_edge_function(${url}, '*/5 * * * *')`;
      assert.deepEqual([returned!.jobname, returned!.schedule], ['ai_models_sync_edge_function', '*/5 * * * *']);
      let [job] = await edgeJobs();
      assert.equal(job!.database, cronDatabase);
      assert.ok(job!.command.includes(url) && job!.command.includes('vault.decrypted_secrets'), job!.command);
      assert.ok(!job!.command.includes('edge-secret-value'), 'the secret itself is in cron.job');
      // what pg_cron does at run time
      await sql.unsafe(job!.command).simple();
      let [sent] = await sql<{ url: string; headers: Record<string, string>; body: unknown; timeout_milliseconds: number }[]>`select * from net.sent`;
      assert.deepEqual([sent!.url, sent!.headers.Authorization, sent!.body, sent!.timeout_milliseconds],
        [url, 'Bearer edge-secret-value-0123456789', {}, 30000]);

      // JWT verification on: the JWT as the bearer token, the secret in its own header; still one job
      await sql`truncate net.sent`;
      await sql`select * from ai_models_schedule_edge_function(${url}, '0 * * * *', jwt_secret_name => 'anon_key')`;
      const all = await edgeJobs();
      assert.equal(all.length, 1, 'scheduling again made a second job');
      [job] = all;
      assert.ok(!job!.command.includes('anon-jwt-value') && !job!.command.includes('edge-secret-value'), job!.command);
      await sql.unsafe(job!.command).simple();
      [sent] = await sql`select * from net.sent`;
      assert.deepEqual([sent!.headers.Authorization, sent!.headers['x-ai-model-sync-secret']],
        ['Bearer anon-jwt-value-abcdef', 'edge-secret-value-0123456789']);
      await assert.rejects(sql`select * from ai_models_schedule_edge_function(${url}, timeout_milliseconds => 500)`, /timeout_milliseconds must be at least 1000/);
    } finally {
      await sql`select cron.unschedule(jobname) from cron.job where jobname = 'ai_models_sync_edge_function'`;
      await sql.unsafe('drop schema net cascade; drop schema vault cascade');
    }
  });

  test('ai_models_unschedule() removes both jobs; again it removes nothing', async () => {
    const [{ removed }] = (await sql`select ai_models_unschedule() as removed`) as unknown as [{ removed: number }];
    assert.equal(removed, 2);
    assert.equal((await jobs()).length, 0);
    const [{ removed: again }] = (await sql`select ai_models_unschedule() as removed`) as unknown as [{ removed: number }];
    assert.equal(again, 0);
    // and scheduling works again after that
    await sql`select * from ai_models_schedule()`;
    assert.equal((await jobs()).length, 2);
    await sql`select ai_models_unschedule()`;
  });
});
