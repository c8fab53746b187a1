// The SQL layout (issue 11): migrations hold what holds data, db/code holds one file per function, procedure,
// aggregate and view; `migrate()` loads only what changed, drops what was removed, upgrades a database installed
// by the layout before this one without losing anything, and `make sql` gives the same result through psql.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { connect, databaseUrl, withDatabase, type Sql } from '../fetcher/db.ts';
import { codeDir, installScript, loadCode, migrate, migrationsDir, readCodeFiles, type CodeFile } from '../fetcher/migrate.ts';
import { projectRoot } from './helpers/db.ts';
import { openaiModel, stage, sync } from './helpers/sync.ts';

const run = promisify(execFile);
const admin = connect(databaseUrl(), { max: 1 });
const created: string[] = [];

async function freshDatabase(): Promise<{ url: string; sql: Sql }> {
  const name = `ai_model_sync_test_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`create database ${name}`);
  created.push(name);
  const url = withDatabase(databaseUrl(), name);
  return { url, sql: connect(url, { max: 2 }) };
}

const clients: Sql[] = [];
async function database() {
  const db = await freshDatabase();
  clients.push(db.sql);
  return db;
}

after(async () => {
  await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
  for (const name of created) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

/** Every row version of the project's functions, views and catalog: any write changes this. */
async function versions(sql: Sql): Promise<string> {
  const [row] = await sql<{ v: string }[]>`
    select md5(string_agg(x, ',' order by x)) as v from (
      select p.oid::regprocedure::text || ':' || p.xmin::text || ':' || p.ctid::text as x
        from pg_proc p where p.pronamespace in ('ai_model_sync'::regnamespace, 'public'::regnamespace)
      union all
      select 'rule:' || r.oid || ':' || r.xmin::text || ':' || r.ctid::text from pg_rewrite r
        join pg_class c on c.oid = r.ev_class where c.relnamespace in ('ai_model_sync'::regnamespace, 'public'::regnamespace)
      union all
      select 'catalog:' || c.model || ':' || c.xmin::text from ai_model_catalog c
      union all
      select 'code:' || f.path || ':' || f.xmin::text from ai_model_sync.code_files f
    ) as all_versions`;
  return row!.v;
}

/** What an install consists of: every object's definition and every catalog row. */
async function shape(sql: Sql) {
  const objects = await sql<{ o: string }[]>`
    select o from (
      select 'function ' || p.oid::regprocedure::text || ' ' || md5(pg_get_functiondef(p.oid)) ||
             ' ' || coalesce(obj_description(p.oid, 'pg_proc'), '') || ' ' || coalesce(p.proacl::text, '') as o
        from pg_proc p where p.pronamespace in ('ai_model_sync'::regnamespace, 'public'::regnamespace) and p.prokind <> 'a'
      union all
      select 'view ' || c.oid::regclass::text || ' ' || md5(pg_get_viewdef(c.oid)) || ' ' || coalesce(c.relacl::text, '')
        from pg_class c where c.relkind = 'v' and c.relnamespace in ('ai_model_sync'::regnamespace, 'public'::regnamespace)
      union all
      select 'column ' || c.oid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        from pg_attribute a join pg_class c on c.oid = a.attrelid
       where c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
         and c.relnamespace in ('ai_model_sync'::regnamespace, 'public'::regnamespace, 'ai_model_sync_migrations'::regnamespace)
      union all
      select 'migration ' || version from ai_model_sync_migrations.schema_migrations
      union all
      select 'code ' || path || ' ' || object || ' ' || digest from ai_model_sync.code_files
    ) as s order by o`;
  const catalog = await sql`select provider, model, match, tier, config from ai_model_catalog order by provider, model, tier`;
  return { objects: objects.map((r) => r.o), catalog };
}

test('each object is defined in exactly one file, and migrations after the layout define no code', () => {
  const files = readCodeFiles();
  assert.ok(files.length > 40, `db/code holds the code (${files.length} files)`);
  const objects = new Set(files.map((f) => f.object));
  assert.equal(objects.size, files.length);
  const layoutVersion = '20261201010000';
  for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f >= layoutVersion)) {
    const text = readFileSync(join(migrationsDir, file), 'utf8').split('-- migrate:down')[0]!;
    assert.doesNotMatch(text, /create\s+(or\s+replace\s+)?(function|procedure|view|aggregate)\s/i, `${file} defines code: it belongs in db/code`);
  }
  // a second definition of a file's object elsewhere in db/code is refused by the reader
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-code-'));
  try {
    const text = readFileSync(join(codeDir, 'ai_model_sync', 'price.sql'), 'utf8');
    writeFileSync(join(dir, 'a.sql'), text);
    writeFileSync(join(dir, 'b.sql'), text);
    assert.throws(() => readCodeFiles(dir), /ai_model_sync\.price\(jsonb, numeric\) is defined twice: db\/code\/a\.sql and db\/code\/b\.sql/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('make migrate on a fresh database: every object exists, the catalog prices gpt-4o, and a second run writes nothing', async () => {
  const { url, sql } = await database();
  const first = await migrate(sql, url);
  assert.equal(first.code.loaded.length, readCodeFiles().length);
  assert.ok((first.catalog?.inserted ?? 0) > 100, 'the built-in catalog is loaded');
  for (const f of readCodeFiles()) {
    const [row] = await sql.unsafe(
      f.kind === 'view' ? `select to_regclass($1) is not null as ok` : `select to_regprocedure($1) is not null as ok`,
      [f.identity],
    );
    assert.equal(row!.ok, true, `${f.object} (db/code/${f.path}) exists`);
  }
  const before = await versions(sql);
  const second = await migrate(sql, url);
  assert.deepEqual(second.code, { loaded: [], dropped: [] });
  assert.equal(second.catalog?.inserted, 0);
  assert.equal(second.catalog?.updated, 0);
  assert.equal(await versions(sql), before, 'no new row version of any function, view, catalog entry or registry row');

  // pg_cron's CALL with nothing but make migrate done before: the list is priced at once
  await stage(sql, 'openai', [openaiModel('gpt-4o')]);
  await sync(sql);
  const [row] = await sql`select config from ai_providers where provider = 'openai' and api_identifier = 'gpt-4o'`;
  assert.equal(typeof row!.config.input_token_cost_rate, 'number');
});

test('a changed body takes effect, a removed file drops its object, a changed signature or return type is handled', async () => {
  const { url, sql } = await database();
  await migrate(sql, url, { catalog: false });
  const base = readCodeFiles();
  const extra = (name: string, text: string): CodeFile => {
    const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-code-'));
    try {
      writeFileSync(join(dir, `${name}.sql`), text);
      const [file] = readCodeFiles(dir);
      return { ...file!, path: `ai_model_sync/${name}.sql` };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const fn = (args: string, returns: string, body: string) =>
    `create or replace function ai_model_sync.layout_probe(${args}) returns ${returns}\nlanguage sql immutable\nas $$ select ${body} $$;\n` +
    `comment on function ai_model_sync.layout_probe(${args.replace(/\w+ /g, '')}) is\n  'test object';\n`;

  let report = await loadCode(sql, [...base, extra('layout_probe', fn('a integer', 'integer', 'a + 1'))]);
  assert.deepEqual(report, { loaded: ['ai_model_sync/layout_probe.sql'], dropped: [] });
  assert.equal((await sql`select ai_model_sync.layout_probe(1) as v`)[0]!.v, 2);

  report = await loadCode(sql, [...base, extra('layout_probe', fn('a integer', 'integer', 'a + 10'))]);
  assert.deepEqual(report.loaded, ['ai_model_sync/layout_probe.sql'], 'only the changed file runs');
  assert.equal((await sql`select ai_model_sync.layout_probe(1) as v`)[0]!.v, 11);

  report = await loadCode(sql, [...base, extra('layout_probe', fn('a integer', 'text', "'x' || a"))]);
  assert.equal((await sql`select ai_model_sync.layout_probe(1) as v`)[0]!.v, 'x1', 'a new return type: dropped and created again');

  report = await loadCode(sql, [...base, extra('layout_probe', fn('a integer, b integer', 'integer', 'a + b'))]);
  assert.deepEqual(report.dropped, ['function ai_model_sync.layout_probe(integer)'], 'the old signature is dropped');
  const overloads = await sql`select oid::regprocedure::text as f from pg_proc where proname = 'layout_probe'`;
  assert.deepEqual(overloads.map((o) => o.f), ['ai_model_sync.layout_probe(integer,integer)']);

  report = await loadCode(sql, base);
  assert.deepEqual(report, { loaded: [], dropped: ['function ai_model_sync.layout_probe(integer, integer)'] });
  assert.equal((await sql`select count(*)::int as n from pg_proc where proname = 'layout_probe'`)[0]!.n, 0);

  // a migration that drops an object: the next load creates it again although its file did not change
  await sql`drop view public.ai_models_unpriced`;
  report = await loadCode(sql, base);
  assert.deepEqual(report.loaded, ['public/ai_models_unpriced.sql']);
});

test('upgrading a database installed before the layout keeps every row and history, and moves the migrations table', async () => {
  const { url, sql } = await database();
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-migrations-'));
  try {
    // the deployment as the previous version left it: plain dbmate, versions in public.schema_migrations
    for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f < '20261201010000')) {
      symlinkSync(join(migrationsDir, file), join(dir, file));
    }
    await run(resolve(projectRoot, 'node_modules', '.bin', 'dbmate'), ['--url', url, '--migrations-dir', dir, '--no-dump-schema', 'up']);
    await sql`insert into public.schema_migrations (version) values ('19990101000000')`; // another project's
    await stage(sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-mini'), openaiModel('my-model')]);
    await sync(sql);
    await sql`update ai_providers set name = 'Ours' where api_identifier = 'gpt-4o'`;
    const rows = await sql`select id, provider, api_identifier, name, is_active, config, defaults_snapshot, updated_at from ai_providers order by id`;
    const history = await sql`select * from ai_provider_history order by id`;

    await migrate(sql, url, { catalog: false });

    assert.deepEqual(await sql`select id, provider, api_identifier, name, is_active, config, defaults_snapshot, updated_at from ai_providers order by id`, rows);
    assert.deepEqual(await sql`select * from ai_provider_history order by id`, history);
    const moved = await sql`select version from ai_model_sync_migrations.schema_migrations order by version`;
    assert.equal(moved.length, readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).length, 'every version, none re-run');
    assert.deepEqual([...await sql`select version from public.schema_migrations`], [{ version: '19990101000000' }], "another project's row stays");
    // and the upgraded database syncs as before, the manual edit kept
    await stage(sql, 'openai', [openaiModel('gpt-4o'), openaiModel('gpt-4o-mini'), openaiModel('my-model')]);
    await sync(sql);
    const [edited] = await sql`select name from ai_providers where api_identifier = 'gpt-4o'`;
    assert.equal(edited!.name, 'Ours');
    assert.deepEqual(await migrate(sql, url, { catalog: false }), { code: { loaded: [], dropped: [] } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** psql as a user runs the script; the script itself is plain SQL (no meta-commands). */
async function psql(url: string, file: string): Promise<void> {
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', file]);
}

const hasPsql = await run('psql', ['--version']).then(() => true, () => false);

test('make sql: the psql script installs what make migrate installs, upgrades an older install, and applies over itself', { skip: !hasPsql && 'no psql on the PATH' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-sql-'));
  try {
    const file = join(dir, 'install.sql');
    const script = installScript();
    assert.doesNotMatch(script, /^\\/m, 'plain SQL: no psql meta-command, so other tools run it too');
    writeFileSync(file, script);
    const reference = await database();
    await migrate(reference.sql, reference.url);
    const expected = await shape(reference.sql);

    const fresh = await database();
    await psql(fresh.url, file);
    assert.deepEqual(await shape(fresh.sql), expected);
    const before = await versions(fresh.sql);
    await psql(fresh.url, file);
    assert.equal(await versions(fresh.sql), before, 'applied over itself, it writes nothing');

    // over an install of the previous layout (plain dbmate, versions in public.schema_migrations)
    const older = await database();
    const old = join(dir, 'old');
    rmSync(old, { recursive: true, force: true });
    await run('mkdir', [old]);
    for (const f of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql') && f < '20261201010000')) {
      symlinkSync(join(migrationsDir, f), join(old, f));
    }
    await run(resolve(projectRoot, 'node_modules', '.bin', 'dbmate'), ['--url', older.url, '--migrations-dir', old, '--no-dump-schema', 'up']);
    await psql(older.url, file);
    assert.deepEqual(await shape(older.sql), expected);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
