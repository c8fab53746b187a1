// Migrations for the CLI (`ai-model-sync migrate`, and before every command on the embedded server): dbmate up
// with the package's own migrations (db/migrations) and the package's own dbmate binary, so that it works from an
// installed tarball as from a checkout. No schema dump (the embedded server ships no pg_dump).
// NOTE: placeholder until the lead's fetcher/migrate.ts (dbmate up + the SQL code files + the built-in catalog,
// and installScript()) lands; the CLI uses installScript() as soon as this module exports it.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { resolveBinary } from 'dbmate';

const run = promisify(execFile);
export const migrationsDir = resolve(import.meta.dirname, '..', 'db', 'migrations');

/** dbmate up on `databaseUrl`; dbmate's own lines go to `log`. Throws with dbmate's message. */
export async function migrate(databaseUrl: string, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<void> {
  let dbmate: string;
  try {
    dbmate = resolveBinary();
  } catch (cause) {
    throw new Error(`dbmate is not installed for ${process.platform}-${process.arch}: ${(cause as Error).message}`, { cause });
  }
  try {
    const { stdout, stderr } = await run(dbmate, ['--migrations-dir', migrationsDir, '--no-dump-schema', 'up'], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    for (const line of `${stdout}${stderr}`.split('\n')) if (line.trim()) log(line);
  } catch (cause) {
    const output = (cause as { stderr?: string; stdout?: string }).stderr?.trim() || (cause as Error).message;
    throw new Error(`dbmate up failed: ${output.split('\n').filter(Boolean).at(-1) ?? output}`, { cause });
  }
}
