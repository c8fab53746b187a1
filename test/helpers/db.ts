// Throwaway databases for tests: each test file gets its own database, cloned from a template that
// is migrated once per set of migrations (its name carries a hash of db/migrations).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect, databaseUrl, withDatabase, type Sql } from '../../fetcher/db.ts';
import { migrate as migrateDatabase } from '../../fetcher/migrate.ts';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
const dbDir = resolve(projectRoot, 'db');

export interface TestDatabase {
  name: string;
  url: string;
  sql: Sql;
  /** Another client on the same database (for concurrency tests). */
  connect(max?: number): Sql;
  drop(): Promise<void>;
}

function sqlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.sql')).sort();
}

/** A digest of what the template is built from: the migrations and the code files. */
function migrationsHash(): string {
  const h = createHash('sha256');
  for (const sub of ['migrations', 'code']) {
    for (const file of sqlFiles(resolve(dbDir, sub))) {
      h.update(`${sub}/${file}`).update('\0').update(readFileSync(resolve(dbDir, sub, file))).update('\0');
    }
  }
  return h.digest('hex').slice(0, 16);
}

/**
 * Migrates `url` as `make migrate` does (dbmate up, then the code of db/code), without the built-in catalog:
 * tests load the catalog they need themselves. No schema dump: the embedded server ships no pg_dump.
 */
export async function migrate(url: string, { catalog = false } = {}): Promise<void> {
  const sql = connect(url, { max: 1, applicationName: 'ai-model-sync-test' });
  try {
    await migrateDatabase(sql, url, { catalog });
  } catch (cause) {
    throw new Error(`migrating the test template failed: ${(cause as Error).message}`, { cause });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

let templateName: Promise<string> | undefined;

/** The migrated template database for the current migrations, built once (under an advisory lock). */
export function template(): Promise<string> {
  templateName ??= (async () => {
    const name = `ai_model_sync_tpl_${migrationsHash()}`;
    const admin = connect(databaseUrl(), { max: 1, applicationName: 'ai-model-sync-test' });
    try {
      // One connection (max: 1), so this session lock covers every statement below.
      await admin`select pg_advisory_lock(hashtext('ai-model-sync test template'))`;
      const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!exists) {
        const building = `${name}_building`;
        await admin.unsafe(`drop database if exists ${building} with (force)`);
        await admin.unsafe(`create database ${building}`);
        await migrate(withDatabase(databaseUrl(), building));
        await admin.unsafe(`alter database ${building} rename to ${name}`);
        await admin.unsafe(`alter database ${name} is_template true`);
      }
    } finally {
      await admin.end();
    }
    return name;
  })();
  return templateName;
}

/** A new database cloned from the migrated template; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const tpl = await template();
  const name = `ai_model_sync_test_${randomBytes(6).toString('hex')}`;
  const admin = connect(databaseUrl(), { max: 1, applicationName: 'ai-model-sync-test' });
  try {
    await admin.unsafe(`create database ${name} template ${tpl}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(databaseUrl(), name);
  const clients: Sql[] = [];
  const open = (max = 4) => {
    const c = connect(url, { max, applicationName: 'ai-model-sync-test' });
    clients.push(c);
    return c;
  };
  return {
    name,
    url,
    sql: open(),
    connect: open,
    async drop() {
      await Promise.all(clients.map((c) => c.end({ timeout: 5 })));
      const a = connect(databaseUrl(), { max: 1 });
      try {
        await a.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
