// Installing and upgrading the database: dbmate migrations for what holds data (db/migrations), then the code
// (db/code: one file per function, procedure, aggregate and view, the files being the truth), then the built-in
// catalog (db/catalog). `migrate()` does it on a connection; `installScript()` prints the same as one psql script
// for teams that apply SQL with other tools. See docs/production.md, "Upgrades and the SQL layout".
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { readCatalogDir } from './catalog/files.ts';
import { loadBuiltinCatalog } from './catalog/load.ts';
import type { LoadReport } from './catalog/report.ts';
import type { Sql } from './db.ts';

export const projectRoot = resolve(import.meta.dirname, '..');
export const migrationsDir = resolve(projectRoot, 'db', 'migrations');
export const codeDir = resolve(projectRoot, 'db', 'code');
export const catalogDir = resolve(projectRoot, 'db', 'catalog');

/** dbmate's table of applied versions: out of `public`, which Supabase's API exposes and grants to its roles. */
export const migrationsTable = 'ai_model_sync_migrations.schema_migrations';

const run = promisify(execFile);

/** The kinds of object a code file may define, in the order they are loaded (a view reads functions). */
const kindRank = { function: 0, procedure: 0, aggregate: 1, view: 2 } as const;
export type CodeKind = keyof typeof kindRank;

export interface CodeFile {
  /** Relative to db/code, e.g. `ai_model_sync/apply_batch.sql`. */
  path: string;
  kind: CodeKind;
  /** The object as its `comment on` names it, e.g. `ai_model_sync.apply_batch(bigint, boolean)`. */
  identity: string;
  /** `function ai_model_sync.apply_batch(bigint, boolean)`: what `drop` takes. */
  object: string;
  digest: string;
  text: string;
}

export class CodeFileError extends Error {}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? sqlFiles(full) : name.endsWith('.sql') ? [full] : [];
    });
}

/**
 * Reads db/code. Each file defines exactly one object, named by the file's one `comment on <kind> <identity> is`
 * (every object carries a comment; the comment's target is the object's identity, overloads included).
 * Sorted into load order: functions and procedures, then aggregates, then views; by path within a kind.
 */
export function readCodeFiles(dir = codeDir): CodeFile[] {
  const files = sqlFiles(dir).map((full): CodeFile => {
    const path = relative(dir, full);
    const text = readFileSync(full, 'utf8');
    const comments = [...text.matchAll(/^comment on (function|procedure|aggregate|view) (.+?) is\s*$/gim)];
    if (comments.length !== 1) {
      throw new CodeFileError(
        `db/code/${path}: expected exactly one "comment on <function|procedure|aggregate|view> <name> is" line, found ${comments.length}`,
      );
    }
    const kind = comments[0]![1]!.toLowerCase() as CodeKind;
    const identity = comments[0]![2]!.trim();
    const creates = text.match(/^create or replace (function|procedure|aggregate|view) /gim) ?? [];
    if (creates.length !== 1 || creates[0]!.toLowerCase() !== `create or replace ${kind} `) {
      throw new CodeFileError(`db/code/${path}: expected exactly one "create or replace ${kind}" statement, found ${creates.length}`);
    }
    return { path, kind, identity, object: `${kind} ${identity}`, digest: createHash('sha256').update(text).digest('hex'), text };
  });
  const seen = new Map<string, string>();
  for (const f of files) {
    const other = seen.get(f.object);
    if (other) throw new CodeFileError(`${f.object} is defined twice: db/code/${other} and db/code/${f.path}`);
    seen.set(f.object, f.path);
  }
  return files.sort((a, b) => kindRank[a.kind] - kindRank[b.kind] || a.path.localeCompare(b.path));
}

/** The statement that tells whether the object a file defines exists (a migration may have dropped it). */
function existsCheck(f: CodeFile): string {
  return f.kind === 'view' ? `pg_catalog.to_regclass(${literal(f.identity)})` : `pg_catalog.to_regprocedure(${literal(f.identity)})`;
}

function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function registry(files: readonly CodeFile[]): { path: string; object: string; digest: string }[] {
  return files.map(({ path, object, digest }) => ({ path, object, digest }));
}

/** Serialises loaders (concurrent `make migrate`s): one transaction-level advisory lock. */
const lockStatement = `select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext('code')) is null as ai_model_sync_locked`;

export interface CodeLoadReport {
  /** Paths (relative to db/code) whose object was created or replaced. */
  loaded: string[];
  /** Objects dropped: their file is gone, or their signature changed. */
  dropped: string[];
}

/**
 * (Re)loads db/code in one transaction: only files whose content changed since the last load (or whose object
 * is missing) are executed, so a second run changes nothing; objects whose file is gone, or whose signature
 * changed, are dropped; a body whose return type or view columns changed is dropped and created again. Then,
 * when anything changed, the privileges are re-applied (ai_model_sync.apply_privileges).
 */
export async function loadCode(sql: Sql, files = readCodeFiles()): Promise<CodeLoadReport> {
  return sql.begin(async (tx) => {
    await tx.unsafe(lockStatement);
    await tx.unsafe('set local check_function_bodies = off');
    const recorded = await tx<{ path: string; object: string; digest: string }[]>`
      select path, object, digest from ai_model_sync.code_files`;
    const byPath = new Map(recorded.map((r) => [r.path, r]));
    const loaded: string[] = [];
    for (const f of files) {
      const prev = byPath.get(f.path);
      const [{ present }] = (await tx.unsafe(`select ${existsCheck(f)} is not null as present`)) as unknown as [{ present: boolean }];
      if (prev && prev.digest === f.digest && prev.object === f.object && present) continue;
      try {
        await tx.savepoint((sp) => sp.unsafe(f.text));
      } catch (error) {
        // 42P13: a function's return type changed; 42P16: a view's columns changed. Both need drop and create.
        const code = (error as { code?: string }).code;
        if (!present || (code !== '42P13' && code !== '42P16')) {
          throw new Error(`loading db/code/${f.path} failed: ${(error as Error).message}`, { cause: error });
        }
        await tx.unsafe(`drop ${f.object}`);
        await tx.unsafe(f.text).catch((cause: Error) => {
          throw new Error(`loading db/code/${f.path} failed: ${cause.message}`, { cause });
        });
      }
      loaded.push(f.path);
    }
    const [row] = await tx<{ dropped: string[] }[]>`
      select ai_model_sync.record_code_files(${tx.json(registry(files))}) as dropped`;
    const dropped = row?.dropped ?? [];
    if (loaded.length > 0 || dropped.length > 0) await tx`select ai_model_sync.apply_privileges()`;
    return { loaded, dropped };
  });
}

function dbmateBinary(): string {
  // The dbmate npm package puts its binary behind a small launcher; resolve it from our own dependencies so that
  // an installed copy of this package finds it too.
  const require = createRequire(import.meta.url);
  return resolve(require.resolve('dbmate/package.json'), '..', '..', '.bin', 'dbmate');
}

/**
 * Before dbmate runs: create the migrations table's schema and move this project's versions out of an older
 * `public.schema_migrations` (where dbmate kept them before), so that nothing is re-run. Rows of other projects
 * that share that table stay; the table is dropped only when nothing else is left in it.
 */
export function migrationsTableBootstrap(versions: readonly string[]): string {
  const list = versions.map(literal).join(', ');
  return `create schema if not exists ai_model_sync_migrations;
comment on schema ai_model_sync_migrations is 'dbmate''s applied versions of ai-model-sync, kept out of the public schema that Supabase exposes.';
revoke all on schema ai_model_sync_migrations from public;
create table if not exists ${migrationsTable} (version varchar(128) primary key);
do $bootstrap$
begin
  -- dynamic SQL: the old table may not exist, and a static reference would fail before the check
  if exists (select from pg_catalog.pg_attribute a
              where a.attrelid = pg_catalog.to_regclass('public.schema_migrations') and a.attname = 'version'
                and not a.attisdropped) then
    execute $move$
      insert into ${migrationsTable} (version)
        select m.version from public.schema_migrations m where m.version in (${list})
        on conflict do nothing$move$;
    execute $move$delete from public.schema_migrations m where m.version in (${list})$move$;
    execute $move$
      do $drop$ begin
        if not exists (select from public.schema_migrations) then drop table public.schema_migrations; end if;
      end $drop$$move$;
  end if;
end
$bootstrap$;`;
}

export function migrationVersions(dir = migrationsDir): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.*\.sql$/.test(f))
    .sort()
    .map((f) => f.split('_')[0]!);
}

/** dbmate up on `url`: the migrations not yet applied, each in its own transaction. No schema dump. */
export async function migrateSchema(sql: Sql, url: string): Promise<void> {
  await sql.unsafe(migrationsTableBootstrap(migrationVersions()));
  await run(dbmateBinary(), ['--url', url, '--migrations-dir', migrationsDir, '--migrations-table', migrationsTable, '--no-dump-schema', 'up'], {
    cwd: projectRoot,
  }).catch((cause: { stderr?: string; message?: string }) => {
    throw new Error(`dbmate up failed: ${(cause.stderr || cause.message || '').trim()}`, { cause });
  });
}

export interface MigrateReport {
  code: CodeLoadReport;
  catalog?: LoadReport;
}

/**
 * The complete install or upgrade: migrations, code, and (unless `catalog: false`) the built-in catalog of this
 * checkout (admin and imported tiers untouched). Idempotent: run twice, the second run writes nothing.
 */
export async function migrate(sql: Sql, url: string, { catalog = true } = {}): Promise<MigrateReport> {
  await migrateSchema(sql, url);
  const code = await loadCode(sql);
  return catalog ? { code, catalog: await loadBuiltinCatalog(sql, catalogDir) } : { code };
}

function upSection(text: string, file: string): string {
  const up = text.indexOf('-- migrate:up');
  const down = text.indexOf('-- migrate:down');
  if (up < 0) throw new CodeFileError(`db/migrations/${file}: no "-- migrate:up" line`);
  return text.slice(up + '-- migrate:up'.length, down < 0 ? undefined : down).trim();
}

function dollarQuote(text: string, base: string): string {
  let tag = base;
  for (let i = 0; text.includes(`$${tag}$`); i++) tag = `${base}${i}`;
  return `$${tag}$${text}$${tag}$`;
}

/**
 * One self-contained, idempotent install/upgrade script for psql (`psql -v ON_ERROR_STOP=1 -f`): the migrations
 * the database has not applied (recorded in the same table dbmate uses, so both tools can take turns), every code
 * file whose content changed, the registry and privileges, then the built-in catalog. Applying it twice changes
 * nothing the second time.
 */
export function installScript(): string {
  const versions = migrationVersions();
  const out: string[] = [
    '-- ai-model-sync: install or upgrade script, made by `ai-model-sync sql` (make sql). Apply with',
    '--   psql -v ON_ERROR_STOP=1 -f ai-model-sync.sql',
    '\\set ON_ERROR_STOP on',
    '\\pset tuples_only on',
    'set client_min_messages = warning;',
    'begin;',
    migrationsTableBootstrap(versions),
    'commit;',
  ];
  for (const file of readdirSync(migrationsDir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = file.split('_')[0]!;
    out.push(
      `-- migration ${file}`,
      `select not exists (select from ${migrationsTable} where version = ${literal(version)}) as ai_model_sync_pending \\gset`,
      '\\if :ai_model_sync_pending',
      'begin;',
      upSection(readFileSync(join(migrationsDir, file), 'utf8'), file),
      `insert into ${migrationsTable} (version) values (${literal(version)});`,
      'commit;',
      '\\endif',
    );
  }
  const files = readCodeFiles();
  out.push('-- code (db/code), one transaction', 'begin;', `${lockStatement} \\gset`, 'set local check_function_bodies = off;');
  for (const f of files) {
    out.push(
      `-- db/code/${f.path}`,
      `select not exists (select from ai_model_sync.code_files c where c.path = ${literal(f.path)} and c.digest = ${literal(f.digest)}` +
        ` and c.object = ${literal(f.object)}) or ${existsCheck(f)} is null as ai_model_sync_changed \\gset`,
      '\\if :ai_model_sync_changed',
      // As loadCode does: a function whose return type (42P13) or a view whose columns (42P16) changed is dropped
      // and created again (issue 12 changed staged_models' columns).
      `do ${dollarQuote(
        `begin\n  execute ${dollarQuote(f.text.trim(), 'code')};\n` +
          `exception when sqlstate '42P13' or sqlstate '42P16' then\n` +
          `  execute ${literal(`drop ${f.object}`)};\n  execute ${dollarQuote(f.text.trim(), 'code')};\nend`,
        'load',
      )};`,
      `select pg_catalog.set_config('ai_model_sync.code_changed', 'yes', true) as ai_model_sync_changed \\gset`,
      '\\endif',
    );
  }
  out.push(
    `select ai_model_sync.record_code_files(${dollarQuote(JSON.stringify(registry(files)), 'registry')}::jsonb) <> '{}'` +
      ` or coalesce(pg_catalog.current_setting('ai_model_sync.code_changed', true), '') = 'yes' as ai_model_sync_changed \\gset`,
    '\\if :ai_model_sync_changed',
    'select ai_model_sync.apply_privileges() is null as ai_model_sync_applied \\gset',
    '\\endif',
    'commit;',
  );
  const { entries, providers } = readCatalogDir(catalogDir);
  out.push(
    '-- the built-in catalog (db/catalog)',
    `select ai_model_sync.load_catalog('builtin', ${dollarQuote(JSON.stringify(entries), 'catalog')}::jsonb, 'db/catalog', ` +
      `array[${providers.map(literal).join(', ')}]::text[]) is not null as ai_model_sync_loaded \\gset`,
    '',
  );
  return out.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [verb, ...flags] = argv;
  if (verb === 'sql') {
    process.stdout.write(installScript());
    return 0;
  }
  if (verb !== 'migrate') {
    process.stderr.write('usage: migrate.ts migrate [--no-catalog] | migrate.ts sql\n');
    return 2;
  }
  const { connect, databaseUrl, redactUrl } = await import('./db.ts');
  const url = databaseUrl();
  const sql = connect(url, { max: 1, applicationName: 'ai-model-sync migrate' });
  try {
    const report = await migrate(sql, url, { catalog: !flags.includes('--no-catalog') });
    const { loaded, dropped } = report.code;
    process.stderr.write(
      `migrate: ${redactUrl(url)} is up to date; code: ${loaded.length} loaded, ${dropped.length} dropped` +
        (report.catalog ? `; catalog: ${report.catalog.inserted ?? 0} inserted, ${report.catalog.updated ?? 0} updated, ${report.catalog.deleted ?? 0} deleted` : '') +
        '\n',
    );
    return 0;
  } catch (error) {
    process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
