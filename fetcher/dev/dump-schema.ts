// Developers: refresh db/schema.sql. Migrates a scratch database on the server of DATABASE_URL as `make migrate`
// does (migrations and code; the catalog is data, not schema), then dumps it with dbmate, which calls pg_dump
// (PostgreSQL 15's, so that one version is dumped).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { connect, databaseUrl, withDatabase } from '../db.ts';
import { migrate, migrationsTable } from '../migrate.ts';

const root = resolve(import.meta.dirname, '..', '..');
const pgBin = '/usr/lib/postgresql/15/bin';
const scratch = 'ai_model_sync_schema_dump';

const admin = connect(databaseUrl(), { max: 1 });
try {
  await admin.unsafe(`drop database if exists ${scratch} with (force)`);
  await admin.unsafe(`create database ${scratch}`);
  const url = withDatabase(databaseUrl(), scratch);
  const db = connect(url, { max: 1 });
  try {
    await migrate(db, url, { catalog: false });
  } finally {
    await db.end();
  }
  const env = { ...process.env, PATH: existsSync(pgBin) ? `${pgBin}:${process.env.PATH}` : process.env.PATH };
  execFileSync(
    resolve(root, 'node_modules/.bin/dbmate'),
    ['--url', url, '--migrations-dir', 'db/migrations', '--migrations-table', migrationsTable, '--schema-file', 'db/schema.sql', 'dump'],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env },
  );
  await admin.unsafe(`drop database ${scratch} with (force)`);
} finally {
  await admin.end();
}
