// ai_provider_history: every change of an ai_providers row, by the sync or by hand, and ai_models_config_at().
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { connect, databaseUrl, withDatabase } from '../fetcher/db.ts';
import { migrate } from '../fetcher/migrate.ts';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';
import { rolledBack, stageAndApply } from './helpers/prod.ts';

type Event = {
  id: number;
  changed_by: string;
  batch_id: number | null;
  operation: string;
  provider: string;
  api_identifier: string;
  changes: Record<string, { old: unknown; new: unknown }> | null;
  old_config: Record<string, unknown> | null;
};

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.drop());

const events = (provider: string) =>
  db.sql<Event[]>`select id, changed_by, batch_id, operation, provider, api_identifier, changes, old_config
                    from ai_provider_history where provider = ${provider} order by id`;

test('manual inserts, updates and deletes are recorded with who, which keys, old and new values', async () => {
  const [{ me }] = (await db.sql`select current_user as me`) as unknown as [{ me: string }];
  await db.sql`insert into ai_providers (provider, api_identifier, name, config)
                values ('acme-manual', 'm1', 'Model one', '{"input_token_cost_rate": 0.000001, "context_window_tokens": 8000}')`;
  await db.sql.begin(async (tx) => {
    await tx`set local role ai_models_admin`;
    await tx`update ai_providers
                set name = 'Model 1',
                    config = config - 'context_window_tokens' || '{"input_token_cost_rate": 0.000002, "notes": "negotiated"}'
              where provider = 'acme-manual'`;
  });
  // an update that changes nothing tracked records nothing
  await db.sql`update ai_providers set config = config where provider = 'acme-manual'`;
  await db.sql`update ai_providers set updated_at = now() - interval '1 day' where provider = 'acme-manual'`;
  await db.sql`delete from ai_providers where provider = 'acme-manual'`;

  const [inserted, updated, deleted, ...rest] = await events('acme-manual');
  assert.equal(rest.length, 0);
  assert.deepEqual({ ...inserted, id: 0 }, {
    id: 0, changed_by: me, batch_id: null, operation: 'insert', provider: 'acme-manual', api_identifier: 'm1', changes: null,
    old_config: null,
  });
  assert.deepEqual({ ...updated, id: 0 }, {
    id: 0, changed_by: 'ai_models_admin', batch_id: null, operation: 'update', provider: 'acme-manual', api_identifier: 'm1',
    changes: {
      name: { old: 'Model one', new: 'Model 1' },
      'config.input_token_cost_rate': { old: 0.000001, new: 0.000002 },
      'config.context_window_tokens': { old: 8000, new: null },
      'config.notes': { old: null, new: 'negotiated' },
    },
    old_config: { input_token_cost_rate: 0.000001, context_window_tokens: 8000 },
  });
  assert.deepEqual({ ...deleted, id: 0 }, {
    id: 0, changed_by: me, batch_id: null, operation: 'delete', provider: 'acme-manual', api_identifier: 'm1', changes: null,
    old_config: { input_token_cost_rate: 0.000002, notes: 'negotiated' },
  });
});

test("the sync's changes carry their batch; a manual change afterwards in the same session carries none", async () => {
  const p = 'acme-sync';
  const one = db.connect(1); // one session throughout: the sync's setting must not leak into later transactions
  const first = await stageAndApply(one, p, ['a', 'b', 'c']);
  let log: Event[] = [...(await events(p))];
  assert.deepEqual(log.map((e) => [e.operation, e.api_identifier, e.batch_id]), [
    ['insert', 'a', first.batch],
    ['insert', 'b', first.batch],
    ['insert', 'c', first.batch],
  ]);

  // one batch that both updates (a new catalog price for a) and deactivates (c is gone): two UPDATEs of
  // ai_providers in one statement, both recorded
  await one`insert into ai_model_catalog (provider, model, config) values (${p}, 'a', '{"input_token_cost_rate": 0.000003}')`;
  const second = await stageAndApply(one, p, ['a', 'b']);
  assert.equal(second.report.updated, 1);
  assert.equal(second.report.deactivated, 1);
  log = [...(await events(p))].slice(3);
  assert.deepEqual(
    log.map((e) => [e.operation, e.api_identifier, e.batch_id, e.changes]).sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    [
      ['update', 'a', second.batch, {
        'config.input_token_cost_rate': { old: null, new: 0.000003 },
        'defaults_snapshot.input_token_cost_rate': { old: null, new: 0.000003 },
      }],
      ['update', 'c', second.batch, { is_active: { old: true, new: false }, is_listed: { old: true, new: false } }],
    ],
  );

  // same session: the batch id the sync set locally does not leak into a later manual change
  for (let i = 0; i < 4; i++) await one`update ai_providers set description = ${`edit ${i}`} where provider = ${p} and api_identifier = 'b'`;
  const manual = (await events(p)).slice(5);
  assert.equal(manual.length, 4);
  assert.ok(manual.every((e) => e.batch_id === null && e.operation === 'update'));
});

test('one statement that writes many rows is recorded by one statement-level trigger per operation', async () => {
  const p = 'acme-bulk';
  await stageAndApply(db.sql, p, Array.from({ length: 50 }, (_, i) => `bulk-${i}`));
  await db.sql`update ai_providers set description = 'bulk edit' where provider = ${p}`;
  const [{ inserts, updates }] = (await db.sql`
    select count(*) filter (where operation = 'insert')::int as inserts, count(*) filter (where operation = 'update')::int as updates
      from ai_provider_history where provider = ${p}`) as unknown as [{ inserts: number; updates: number }];
  assert.deepEqual([inserts, updates], [50, 50]);
  const triggers = await db.sql<{ tgname: string; row_level: boolean }[]>`
    select tgname::text, (tgtype & 1) = 1 as row_level from pg_trigger
     where tgrelid = 'public.ai_providers'::regclass and tgname like 'ai_providers_history_%' order by 1`;
  assert.deepEqual(triggers.map((t) => [t.tgname, t.row_level]), [
    ['ai_providers_history_delete', false],
    ['ai_providers_history_insert', false],
    ['ai_providers_history_truncate', false],
    ['ai_providers_history_update', false],
  ]);
});

test('ai_models_config_at gives the config as of a time, following renames and deletes', async () => {
  const p = 'acme-asof';
  const v1 = { input_token_cost_rate: 0.0000025, output_token_cost_rate: 0.00001 };
  const v2 = { input_token_cost_rate: 0.000002, output_token_cost_rate: 0.000008 };
  const v3 = { input_token_cost_rate: 0.000001 };
  await db.sql`insert into ai_providers (provider, api_identifier, config) values (${p}, 'gpt-x', ${db.sql.json(v1)})`;
  await db.sql`update ai_providers set config = ${db.sql.json(v2)} where provider = ${p}`;
  await db.sql`update ai_providers set api_identifier = 'gpt-x-renamed' where provider = ${p}`;
  await db.sql`delete from ai_providers where provider = ${p}`;
  await db.sql`insert into ai_providers (provider, api_identifier, config) values (${p}, 'gpt-x', ${db.sql.json(v3)})`;
  const ids = (await events(p)).map((e) => e.id);
  assert.equal(ids.length, 5);
  const [, repriced, renamed, deleted] = ids as [number, number, number, number, number];

  // config of `name` at the time of event `id`, shifted by `shift` (timestamps stay in SQL: microseconds)
  const at = async (name: string, id: number, shift = '0') => {
    const [row] = await db.sql`select ai_models_config_at(${p}, ${name}, changed_at + ${shift}::interval) as config
                                 from ai_provider_history where id = ${id}`;
    return row!.config;
  };
  const us = '-1 microsecond';
  // a row counts from its created_at
  const [born] = await db.sql`select ai_models_config_at(${p}, 'gpt-x', h.model_created_at - interval '1 microsecond') as before,
                                     ai_models_config_at(${p}, 'gpt-x', h.model_created_at) as at
                                from ai_provider_history h where h.id = ${repriced}`;
  assert.equal(born!.before, null, 'before it existed');
  assert.deepEqual(born!.at, v1);
  assert.deepEqual(await at('gpt-x', repriced, us), v1, 'just before the new price');
  assert.deepEqual(await at('gpt-x', repriced), v2);
  assert.deepEqual(await at('gpt-x', renamed, us), v2);
  assert.equal(await at('gpt-x', renamed), null, 'renamed away');
  assert.deepEqual(await at('gpt-x-renamed', renamed), v2);
  assert.equal(await at('gpt-x-renamed', renamed, us), null, 'not yet renamed');
  assert.deepEqual(await at('gpt-x-renamed', deleted, us), v2, 'just before the delete');
  assert.equal(await at('gpt-x-renamed', deleted), null, 'deleted');
  assert.equal(await at('gpt-x', deleted), null, 'deleted, and the old name was not reused yet');
  const [reborn] = await db.sql`select ai_models_config_at(${p}, 'gpt-x', created_at) as config from ai_providers where provider = ${p}`;
  assert.deepEqual(reborn!.config, v3, 'a new row with the old name');
  assert.deepEqual(await at('gpt-x', repriced), v2, 'the old row keeps its past');
  const [now] = await db.sql`select ai_models_config_at(${p}, 'gpt-x') as config, ai_models_config_at(${p}, 'never') as never`;
  assert.deepEqual(now!.config, v3);
  assert.equal(now!.never, null);
});

test('TRUNCATE records every row as deleted', async () => {
  const [{ rows }] = (await db.sql`select count(*)::int as rows from ai_providers`) as unknown as [{ rows: number }];
  assert.ok(rows > 0);
  const recorded = await rolledBack(db.sql, async (tx) => {
    const [{ last }] = (await tx<{ last: number }[]>`select coalesce(max(id), 0) as last from ai_provider_history`) as unknown as [{ last: number }];
    await tx`truncate ai_providers`;
    const [{ n }] = (await tx<{ n: number }[]>`select count(*)::int as n from ai_provider_history where id > ${last} and operation = 'delete'`) as unknown as [{ n: number }];
    return n;
  });
  assert.equal(recorded, rows);
});

test('adding history to a database that already has models marks them and prices their past usage', async () => {
  const name = `ai_model_sync_test_${randomBytes(6).toString('hex')}`;
  const admin = connect(databaseUrl(), { max: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-migrations-'));
  const dbmate = (url: string, migrations: string) =>
    promisify(execFile)(resolve(projectRoot, 'node_modules', '.bin', 'dbmate'), ['--url', url, '--migrations-dir', migrations, '--no-dump-schema', 'up']);
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(databaseUrl(), name);
  const sql = connect(url, { max: 1 });
  try {
    // the deployment as it was before this project kept history
    const all = resolve(projectRoot, 'db', 'migrations');
    for (const file of readdirSync(all).filter((f) => f.endsWith('.sql') && f < '20261125050100')) {
      symlinkSync(join(all, file), join(dir, file));
    }
    await dbmate(url, dir);
    await stageAndApply(sql, 'acme-old', ['old-1', 'old-2']);
    await sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000001}',
                                       created_at = now() - interval '3 days', updated_at = now() - interval '3 days'
               where api_identifier = 'old-1'`;
    // the upgrade as make migrate runs it: the rest of the migrations, then the code of db/code
    await migrate(sql, url, { catalog: false });
    const baseline = await sql`
      select h.operation, h.api_identifier from ai_provider_history h join ai_providers p on p.id = h.model_id
       order by h.api_identifier`;
    assert.deepEqual(baseline.map((b) => [b.operation, b.api_identifier]), [
      ['baseline', 'old-1'],
      ['baseline', 'old-2'],
    ]);
    // a change after the upgrade keeps the config from before it
    await sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000005}' where api_identifier = 'old-1'`;
    const [cost] = await sql`select ai_models_cost('acme-old', 'old-1', 1000, 0, 0, now() - interval '1 day') as usd`;
    assert.equal(Number(cost!.usd), 0.001);
  } finally {
    await sql.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
});
