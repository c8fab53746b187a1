// Shared by the production tests (schedule, roles, rls, history, cost): impersonation, Supabase-like roles,
// migration sections, staging and applying lists.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TransactionSql } from 'postgres';
import type { Sql } from '../../fetcher/db.ts';
import { projectRoot } from './db.ts';

export type Tx = TransactionSql<{ bigint: number }>;

const rollback = Symbol('rollback');

/** Runs `fn` in a transaction that is rolled back afterwards; resolves to fn's result. */
export async function rolledBack<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await sql.begin(async (tx) => {
      result = await fn(tx);
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return result as T;
}

/**
 * Runs `fn` in a transaction under `set local role <role>` and rolls the transaction back, so nothing it does
 * stays. Resolves to fn's result; rejects with the database error when a statement is refused.
 */
export function asRole<T>(sql: Sql, role: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`not a plain role name: ${role}`);
  return rolledBack(sql, async (tx) => {
    await tx.unsafe(`set local role ${role}`);
    return fn(tx);
  });
}

/**
 * Creates Supabase's API roles when missing, as Supabase has them (cluster-wide, so shared with every database of
 * the server; concurrent test files may race here, which is tolerated), and grants in this database what
 * Supabase's default privileges grant on public tables, functions and sequences (ALL to the three API roles),
 * on the objects that exist and, as default privileges, on those created later (a reloaded function).
 */
export async function createSupabaseRoles(sql: Sql): Promise<void> {
  await sql.unsafe(`
    do $$
    declare
      r record;
    begin
      for r in select * from (values ('anon', ''), ('authenticated', ''), ('service_role', 'bypassrls')) as v(name, extra)
                where not exists (select from pg_roles where rolname = v.name) loop
        begin
          execute format('create role %I nologin noinherit %s', r.name, r.extra);
        exception when duplicate_object or unique_violation then
          null;
        end;
      end loop;
    end
    $$`);
  await sql.unsafe(`
    grant usage on schema public to anon, authenticated, service_role;
    grant all on all tables in schema public to anon, authenticated, service_role;
    grant all on all functions in schema public to anon, authenticated, service_role;
    grant all on all procedures in schema public to anon, authenticated, service_role;
    grant all on all sequences in schema public to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role`);
}

/** The up or down section of a migration file of db/migrations. */
export function migrationSection(file: string, section: 'up' | 'down'): string {
  const text = readFileSync(resolve(projectRoot, 'db', 'migrations', file), 'utf8');
  const [up, down] = text.split(/^-- migrate:down\s*$/m);
  if (up === undefined || down === undefined) throw new Error(`${file} has no -- migrate:down section`);
  return section === 'up' ? up.replace(/^-- migrate:up\s*$/m, '') : down;
}

/** An OpenAI-format model object (what GET /v1/models lists). */
export function openaiModel(id: string): Record<string, unknown> {
  return { id, object: 'model', created: 1730000000, owned_by: 'acme' };
}

/**
 * Stages one complete list for `provider` (OpenAI-compatible wire format) and applies every pending batch in
 * the caller's transaction; returns the id of the staged batch and its report.
 */
export async function stageAndApply(
  sql: Sql | Tx,
  provider: string,
  ids: string[],
  force = false,
): Promise<{ batch: number; report: Record<string, unknown> }> {
  await sql`insert into ai_model_fetches (provider, payload) values (${provider}, ${sql.json(ids.map(openaiModel) as never)})`;
  const [staged] = await sql<{ id: number }[]>`select max(id) as id from ai_model_fetches where provider = ${provider}`;
  await sql`select ai_models_apply_pending(${force})`;
  const [row] = await sql<{ status: string; report: Record<string, unknown> }[]>`
    select status, report from ai_model_fetches where id = ${staged!.id}`;
  if (row?.status !== 'applied') throw new Error(`batch ${staged!.id} was not applied: ${JSON.stringify(row)}`);
  return { batch: staged!.id, report: row.report };
}
