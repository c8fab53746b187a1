// Installing and upgrading the database: dbmate migrations for what holds data (db/migrations), then the code
// (db/code: one file per function, procedure, aggregate and view, the files being the truth), then the built-in
// catalog (db/catalog). `migrate()` does it on a connection; `installScript()` prints the same as one psql script
// for teams that apply SQL with other tools. See docs/production.md, "Upgrades and the SQL layout".
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { resolveBinary } from 'dbmate';
import { defaultCatalogDir as catalogDir, projectRoot, readCatalogDir } from './catalog/files.ts';
import { readKindRules } from './catalog/kinds.ts';
import { loadBuiltinCatalog } from './catalog/load.ts';
import type { LoadReport } from './catalog/report.ts';
import { connect, redactUrl, type Sql } from './db.ts';

export const migrationsDir = resolve(projectRoot, 'db', 'migrations');
export const codeDir = resolve(projectRoot, 'db', 'code');

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
const lockCall = `pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('ai_model_sync'), pg_catalog.hashtext('code'))`;

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
    await tx.unsafe(`select ${lockCall}`);
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

/** The dbmate binary of our own dependency (so that an installed copy of this package finds it too). */
function dbmateBinary(): string {
  try {
    return resolveBinary();
  } catch (cause) {
    throw new Error(`dbmate is not installed for ${process.platform}-${process.arch}: ${(cause as Error).message}`, { cause });
  }
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
  await sql.unsafe(migrationsTableBootstrap(migrationVersions())).catch(async (error: { code?: string }) => {
    // 3D000: the database does not exist yet; dbmate creates it, as `dbmate up` would
    if (error.code !== '3D000') throw error;
    await run(dbmateBinary(), ['--url', url, 'create']).catch((cause: { stderr?: string; message?: string }) => {
      throw new Error(`dbmate create failed: ${(cause.stderr || cause.message || '').trim()}`, { cause });
    });
    await sql.unsafe(migrationsTableBootstrap(migrationVersions()));
  });
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

/**
 * The CLI's `migrate` (and the first use of the embedded server): `migrate()` on its own connection to `url`,
 * one line of what it did to `log`.
 */
export async function migrateUrl(url: string, log: (line: string) => void, { catalog = true } = {}): Promise<MigrateReport> {
  const sql = connect(url, { max: 1, applicationName: 'ai-model-sync migrate' });
  try {
    const report = await migrate(sql, url, { catalog });
    const { loaded, dropped } = report.code;
    log(
      `migrate: ${redactUrl(url)} is up to date; code: ${loaded.length} loaded, ${dropped.length} dropped` +
        (report.catalog ? `; catalog: ${report.catalog.inserted} inserted, ${report.catalog.updated} updated, ${report.catalog.deleted} deleted` : ''),
    );
    return report;
  } finally {
    await sql.end({ timeout: 5 });
  }
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
 * One self-contained, idempotent install/upgrade script in plain SQL (no psql meta-commands, so the Supabase CLI's
 * supabase/migrations, Flyway or `psql -v ON_ERROR_STOP=1 -f` all run it): the migrations the database has not
 * applied, each in its own DO block (recorded in the table dbmate uses, so both tools can take turns); then one DO
 * block that executes every code file whose content changed, records them and re-applies the privileges; then the
 * built-in catalog. Applying it twice changes nothing the second time. A function whose return type changed (or a
 * view whose columns changed) is dropped and created again, as the TypeScript loader does.
 */
export function installScript(): string {
  const versions = migrationVersions();
  const out: string[] = [
    '-- ai-model-sync: install or upgrade script, made by `ai-model-sync sql` (make sql). Plain SQL: apply it with',
    '--   psql -v ON_ERROR_STOP=1 -f ai-model-sync.sql',
    '-- or as a migration of the Supabase CLI, Flyway or any tool that runs SQL files. Idempotent.',
    'set client_min_messages = warning;',
    migrationsTableBootstrap(versions),
  ];
  for (const file of readdirSync(migrationsDir).filter((f) => /^\d+_.*\.sql$/.test(f)).sort()) {
    const version = file.split('_')[0]!;
    const body = [
      'begin',
      `  if not exists (select from ${migrationsTable} where version = ${literal(version)}) then`,
      `    execute ${dollarQuote(upSection(readFileSync(join(migrationsDir, file), 'utf8'), file), 'migration')};`,
      `    insert into ${migrationsTable} (version) values (${literal(version)});`,
      '  end if;',
      'end',
    ].join('\n');
    out.push(`-- migration ${file}`, `do ${dollarQuote(body, 'do')};`);
  }
  const files = readCodeFiles();
  const code = [
    'declare',
    '  changed boolean := false;',
    'begin',
    `  perform ${lockCall};`,
    "  perform pg_catalog.set_config('check_function_bodies', 'off', true);",
    ...files.flatMap((f) => [
      `  -- db/code/${f.path}`,
      `  if not exists (select from ai_model_sync.code_files c where c.path = ${literal(f.path)} and c.digest = ${literal(f.digest)}` +
        ` and c.object = ${literal(f.object)}) or ${existsCheck(f)} is null then`,
      '    begin',
      `      execute ${dollarQuote(f.text, 'code')};`,
      '    exception when invalid_function_definition or invalid_table_definition then',
      '      -- a changed return type or view columns: drop and create again, as make migrate does',
      `      execute ${literal(`drop ${f.object}`)};`,
      `      execute ${dollarQuote(f.text, 'code')};`,
      '    end;',
      '    changed := true;',
      '  end if;',
    ]),
    `  if ai_model_sync.record_code_files(${dollarQuote(JSON.stringify(registry(files)), 'registry')}::jsonb) <> '{}' or changed then`,
    '    perform ai_model_sync.apply_privileges();',
    '  end if;',
    'end',
  ].join('\n');
  out.push('-- the code (db/code), in one transaction', `do ${dollarQuote(code, 'do')};`);
  const { entries, providers } = readCatalogDir(catalogDir);
  const kindRules = readKindRules(catalogDir);
  out.push(
    '-- the built-in catalog (db/catalog)',
    `select (ai_model_sync.load_catalog('builtin', ${dollarQuote(JSON.stringify(entries), 'catalog')}::jsonb, 'db/catalog', ` +
      `array[${providers.map(literal).join(', ')}]::text[]))->>'entries' as catalog_entries;`,
    // issue 15: the kind rules (db/catalog/kinds)
    `select (ai_model_sync.load_kind_rules(${dollarQuote(JSON.stringify(kindRules.rules), 'kinds')}::jsonb, ` +
      `array[${kindRules.providers.map(literal).join(', ')}]::text[]))->>'rules' as kind_rules;`,
    '',
  );
  return out.join('\n');
}
