// The database figures of one benchmark size: first sync against the floor, no-op re-sync (rows written
// from the database's own counters), churn, and the row-by-row baseline giving the same final table.
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { AppliedReport } from '../fetcher/apply.ts';
import type { Sql } from '../fetcher/db.ts';
import { createTestDatabase, type TestDatabase } from '../test/helpers/db.ts';
import { allLists, catalogEntries, catalogPriceMoves, type ProviderLists, type RawModel } from './generate.ts';
import { syncRowByRow } from './row-by-row.ts';

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** A fresh database cloned from the migrated template, with the benchmark's catalog in place of any shipped one. */
export async function benchDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  try {
    await installCatalog(db.sql);
  } catch (cause) {
    await db.drop();
    throw new Error('could not install the benchmark catalog', { cause });
  }
  return db;
}

async function installCatalog(sql: Sql): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from public.ai_model_catalog`;
    await tx`
      insert into public.ai_model_catalog (provider, model, match, tier, config, source_url, checked_on, notes)
      select e.provider, e.model, e.match, e.tier::ai_model_sync.catalog_tier, e.config,
             'https://example.com/bench', date '2026-11-25', 'benchmark entry'
        from jsonb_to_recordset(${sql.json(catalogEntries() as never)}) as e(provider text, model text, match text, tier text, config jsonb)`;
  });
}

/** The churn's catalog change: the churn family of each provider gets new prices (1% of the models). */
async function moveCatalogPrices(sql: Sql): Promise<void> {
  await sql`
    update public.ai_model_catalog c set config = m.config, updated_at = now()
      from jsonb_to_recordset(${sql.json(catalogPriceMoves() as never)}) as m(provider text, model text, config jsonb)
     where c.provider = m.provider and c.model = m.model and c.tier = 'builtin'`;
}

/** What an admin does before the churn sync: 1% of the rows get a manual price, output cap or name. */
async function applyManualOverrides(sql: Sql, lists: ProviderLists[]): Promise<number> {
  const edits = lists.flatMap((l) =>
    l.overridden.map((api_identifier, j) => ({ provider: l.provider, api_identifier, kind: ['price', 'cap', 'name'][j % 3]! })),
  );
  const result = await sql`
    update public.ai_providers p
       set config = case o.kind when 'price' then p.config || '{"input_token_cost_rate": 0.00000123}'::jsonb
                                when 'cap' then p.config || '{"hard_cap_output_tokens": 1000}'::jsonb
                                else p.config end,
           name = case when o.kind = 'name' then 'Custom ' || p.api_identifier else p.name end
      from jsonb_to_recordset(${sql.json(edits)}) as o(provider text, api_identifier text, kind text)
     where p.provider = o.provider and p.api_identifier = o.api_identifier`;
  return result.count;
}

async function stage(sql: Sql, lists: { provider: string; list: RawModel[] }[]): Promise<number[]> {
  const ids: number[] = [];
  for (const { provider, list } of lists) {
    const [row] = await sql<{ id: number }[]>`
      insert into public.ai_model_fetches (provider, payload) values (${provider}, ${sql.json(list as never)}) returning id`;
    ids.push(row!.id);
  }
  return ids;
}

/** The report of a batch as the sync writes it; `error` is read from the batch's error column for failures. */
type BatchReport = AppliedReport & { error?: string };

/** A report without what names its batch. */
function reportBody(r: BatchReport | undefined): Record<string, unknown> | undefined {
  if (!r) return undefined;
  const { batch: _batch, same_as_batch: _same, ...rest } = r as BatchReport & { batch?: unknown };
  return rest;
}

/** CALL sync_ai_models() on a connection of its own; returns the reports of the batches it settled. */
async function callSync(sql: Sql, batchIds: number[], force = false): Promise<{ ms: number; reports: BatchReport[] }> {
  const { ms } = await timed(() => sql`call public.sync_ai_models(force => ${force})`);
  const rows = await sql<{ report: BatchReport; error: string | null }[]>`
    select report, error from public.ai_model_fetches where id = any(${batchIds}) order by provider`;
  const reports = rows.map((r) => r.report);
  const failed = rows.filter((r) => r.report?.status !== 'applied');
  if (failed.length) {
    throw new Error(`sync did not apply every batch: ${failed.map((r) => `${r.report?.provider}: ${r.report?.status} ${r.error ?? ''}`).join('; ')}`);
  }
  return { ms, reports };
}

/** Inserts, updates and deletes counted by the statistics system for ai_providers (flushed first). */
async function tupleWrites(conn: Sql): Promise<number> {
  await conn`select pg_stat_force_next_flush()`; // this backend's pending counters reach shared memory when it goes idle
  await conn`select pg_stat_clear_snapshot()`;
  const [row] = await conn<{ writes: number }[]>`
    select (n_tup_ins + n_tup_upd + n_tup_del)::bigint as writes from pg_stat_user_tables where relid = 'public.ai_providers'::regclass`;
  return row!.writes;
}

/** Remembers every row version of ai_providers (xmin, ctid) ... */
async function snapshotVersions(sql: Sql): Promise<void> {
  await sql`drop table if exists bench_versions`;
  await sql`create unlogged table bench_versions as select id, xmin::text as row_xmin, ctid::text as row_ctid from public.ai_providers`;
}

/** ... and counts the rows that got a new version (or appeared or vanished) since. */
async function changedVersions(sql: Sql): Promise<number> {
  const [row] = await sql<{ changed: number }[]>`
    select count(*)::bigint as changed
      from public.ai_providers p full join bench_versions v on v.id = p.id
     where p.id is null or v.id is null or p.xmin::text <> v.row_xmin or p.ctid::text <> v.row_ctid`;
  return row!.changed;
}

const FLOOR_SQL = `
  with staged as (
    select f.provider, s.ord, s.api_identifier, coalesce(s.name, s.api_identifier) as name, s.description,
           s.max_input_tokens, s.max_output_tokens, s.reported
      from public.ai_model_fetches f
     cross join lateral ai_model_sync.staged_models(f.provider, f.payload) as s
     where f.id = any($1::bigint[])
  ),
  catalog_hits as (
    select s.provider, s.ord, c.tier, 1 as specificity, c.config
      from staged s join public.ai_model_catalog c on c.provider = s.provider and c.model = s.api_identifier
    union all
    select s.provider, s.ord, c.tier, 2 as specificity, c.config
      from staged s join public.ai_model_catalog c on c.provider = s.provider and c.match = 'family'
                                                 and c.model = ai_model_sync.version_base(s.api_identifier)
                                                 and c.model <> s.api_identifier
  ),
  catalog_best as (
    select distinct on (h.provider, h.ord, h.tier) h.provider, h.ord, h.tier, h.config
      from catalog_hits h order by h.provider, h.ord, h.tier, h.specificity
  ),
  catalog as (
    select b.provider, b.ord,
           ai_model_sync.jsonb_merge_agg(b.config order by b.tier) filter (where b.tier <> 'admin') as config,
           ai_model_sync.jsonb_merge_agg(b.config) filter (where b.tier = 'admin') as admin_config
      from catalog_best b group by b.provider, b.ord
  )
  insert into bench_floor (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot,
                           description_snapshot, is_active, is_listed)
  select s.provider, s.api_identifier, s.name, s.description, d.defaults, d.defaults, s.name, s.description, true, true
    from staged s
    left join catalog c on c.provider = s.provider and c.ord = s.ord
   cross join lateral (select ai_model_sync.model_defaults(s.provider, s.api_identifier, s.max_input_tokens,
                                                            s.max_output_tokens, s.reported, c.config, c.admin_config) as defaults) as d`;

/**
 * The floor: one INSERT ... SELECT of the same normalised rows (staged_models, the same catalog lookup,
 * model_defaults) into a table shaped like ai_providers (LIKE ... INCLUDING ALL: defaults, checks, primary key,
 * unique index; no triggers), in one transaction, with jit = off like the sync's merge. Run once to warm the
 * caches, then timed. Also times the write alone: the finished rows copied into a second such table.
 */
async function floor(sql: Sql, batchIds: number[]): Promise<{ ms: number; writeOnlyMs: number; rows: number }> {
  await sql`create table bench_floor (like public.ai_providers including all)`;
  await sql`create table bench_floor_copy (like public.ai_providers including all)`;
  await sql`set jit = off`; // as the sync's merge (migration 20261125060000): no LLVM compilation in the floor either
  try {
    await sql.unsafe(FLOOR_SQL, [batchIds as never]);
    await sql`truncate bench_floor`;
    const { ms, value } = await timed(() => sql.unsafe(FLOOR_SQL, [batchIds as never]));
    const write = await timed(() => sql`insert into bench_floor_copy select * from bench_floor`);
    await sql`drop table bench_floor, bench_floor_copy`;
    return { ms, writeOnlyMs: write.ms, rows: value.count };
  } finally {
    await sql`reset jit`;
  }
}

export interface Row {
  provider: string;
  api_identifier: string;
  name: string | null;
  description: string | null;
  is_active: boolean;
  is_listed: boolean | null;
  config: unknown;
  defaults_snapshot: unknown;
  name_snapshot: string | null;
  description_snapshot: string | null;
}

export async function tableRows(sql: Sql): Promise<Row[]> {
  return sql<Row[]>`
    select provider, api_identifier, name, description, is_active, is_listed, config, defaults_snapshot,
           name_snapshot, description_snapshot
      from public.ai_providers order by provider, api_identifier`;
}

/** Rows that differ between two tables (by provider and id, every column but id and timestamps). */
export function tableDifferences(a: Row[], b: Row[]): { count: number; examples: string[] } {
  const key = (r: Row) => `${r.provider}/${r.api_identifier}`;
  const mb = new Map(b.map((r) => [key(r), r]));
  const examples: string[] = [];
  let count = 0;
  for (const r of a) {
    const other = mb.get(key(r));
    mb.delete(key(r));
    if (!isDeepStrictEqual(r, other)) {
      count++;
      if (examples.length < 5) examples.push(`${key(r)}: ${JSON.stringify(r)} vs ${JSON.stringify(other ?? null)}`);
    }
  }
  for (const k of mb.keys()) {
    count++;
    if (examples.length < 5) examples.push(`${k}: missing on the first side`);
  }
  return { count, examples };
}

export interface SyncFigures {
  n: number;
  stage_ms: number;
  floor_ms: number;
  floor_write_only_ms: number;
  first_sync_ms: number;
  noop_stage_ms: number;
  noop_sync_ms: number;
  /** n_tup_ins + n_tup_upd + n_tup_del deltas of ai_providers over the no-op sync */
  noop_rows_written: number;
  /** rows whose xmin or ctid changed over the no-op sync */
  noop_row_versions_changed: number;
  /** whether the no-op was settled without a merge (the report names the batch it repeats: same_as_batch) */
  noop_fast_path: boolean;
  /** the same no-op through the full merge (CALL sync_ai_models(force => true) skips the fingerprint shortcut) */
  noop_full_sync_ms: number;
  noop_full_rows_written: number;
  /** providers whose shortcut report differs from the full merge's (batch ids aside) */
  noop_reports_differing: string[];
  churn_stage_ms: number;
  churn_sync_ms: number;
  churn: { inserted: number; updated: number; deactivated: number; unchanged: number; overrides: number; conflicts: number; rows_written: number };
  first: { inserted: number; unpriced: number };
}

export interface RowByRowFigures {
  first_ms: number;
  noop_ms: number;
  noop_rows_written: number;
  churn_ms: number;
  statements: number;
  /** rows of the final table that differ from the set-based sync's */
  differences: number;
}

const sum = (reports: BatchReport[], k: keyof BatchReport) => reports.reduce((s, r) => s + (r[k] as number), 0);
const total = (reports: BatchReport[], k: 'overrides' | 'conflicts' | 'unpriced') => reports.reduce((s, r) => s + r[k].length, 0);

/** The set-based figures of one size in its own database. Leaves the database for the comparison. */
export async function setBased(db: TestDatabase, n: number, lists: ProviderLists[]): Promise<SyncFigures> {
  const sql = db.connect(2);
  const conn = await sql.reserve(); // one backend, so that its statistics can be flushed on demand
  try {
    const first = lists.map((l) => ({ provider: l.provider, list: l.first }));
    const staged = await timed(() => stage(conn, first));
    log(`n=${n}: staged ${n} models in ${staged.ms.toFixed(0)} ms; floor...`);
    const fl = await floor(conn, staged.value);
    if (fl.rows !== n) throw new Error(`the floor wrote ${fl.rows} rows, expected ${n}`);
    log(`n=${n}: floor ${fl.ms.toFixed(0)} ms; first sync...`);
    const firstSync = await callSync(conn, staged.value);
    if (sum(firstSync.reports, 'inserted') !== n) throw new Error(`first sync inserted ${sum(firstSync.reports, 'inserted')} of ${n}`);

    log(`n=${n}: first sync ${firstSync.ms.toFixed(0)} ms; no-op re-sync...`);
    const noopStaged = await timed(() => stage(conn, first));
    await snapshotVersions(conn);
    const before = await tupleWrites(conn);
    const noop = await callSync(conn, noopStaged.value);
    const noopWrites = (await tupleWrites(conn)) - before;
    const noopVersions = await changedVersions(conn);
    if (sum(noop.reports, 'unchanged') !== n) throw new Error(`no-op sync left ${sum(noop.reports, 'unchanged')} of ${n} unchanged`);
    const fastPath = noop.reports.every((r) => r.same_as_batch !== undefined);

    log(`n=${n}: no-op ${noop.ms.toFixed(0)} ms, ${noopWrites} rows written; the same through the full merge...`);
    const fullStaged = await stage(conn, first);
    const beforeFull = await tupleWrites(conn);
    const full = await callSync(conn, fullStaged, true);
    const fullWrites = (await tupleWrites(conn)) - beforeFull;
    const differing = noop.reports
      .filter((r) => !isDeepStrictEqual(reportBody(r), reportBody(full.reports.find((f) => f.provider === r.provider))))
      .map((r) => r.provider);
    if (differing.length) {
      log(`n=${n}: the no-op shortcut's report differs from the full merge's for ${differing.join(', ')}`);
    }

    log(`n=${n}: full no-op ${full.ms.toFixed(0)} ms, ${fullWrites} rows written; churn...`);
    await moveCatalogPrices(conn);
    await applyManualOverrides(conn, lists);
    const churnStaged = await timed(() => stage(conn, lists.map((l) => ({ provider: l.provider, list: l.churn }))));
    const beforeChurn = await tupleWrites(conn);
    const churn = await callSync(conn, churnStaged.value);
    const churnWrites = (await tupleWrites(conn)) - beforeChurn;
    const gone = lists.reduce((s, l) => s + l.gone.length, 0);
    const added = lists.reduce((s, l) => s + l.added.length, 0);
    if (sum(churn.reports, 'deactivated') !== gone) throw new Error(`churn deactivated ${sum(churn.reports, 'deactivated')}, expected ${gone}`);
    if (sum(churn.reports, 'inserted') !== added) throw new Error(`churn inserted ${sum(churn.reports, 'inserted')}, expected ${added}`);
    log(`n=${n}: churn ${churn.ms.toFixed(0)} ms`);
    return {
      n,
      stage_ms: staged.ms,
      floor_ms: fl.ms,
      floor_write_only_ms: fl.writeOnlyMs,
      first_sync_ms: firstSync.ms,
      noop_stage_ms: noopStaged.ms,
      noop_sync_ms: noop.ms,
      noop_rows_written: noopWrites,
      noop_row_versions_changed: noopVersions,
      noop_fast_path: fastPath,
      noop_full_sync_ms: full.ms,
      noop_full_rows_written: fullWrites,
      noop_reports_differing: differing,
      churn_stage_ms: churnStaged.ms,
      churn_sync_ms: churn.ms,
      churn: {
        inserted: sum(churn.reports, 'inserted'),
        updated: sum(churn.reports, 'updated'),
        deactivated: sum(churn.reports, 'deactivated'),
        unchanged: sum(churn.reports, 'unchanged'),
        overrides: total(churn.reports, 'overrides'),
        conflicts: total(churn.reports, 'conflicts'),
        rows_written: churnWrites,
      },
      first: { inserted: sum(firstSync.reports, 'inserted'), unpriced: total(firstSync.reports, 'unpriced') },
    };
  } finally {
    conn.release();
    await sql.end();
  }
}

/** The same three runs (first, no-op, churn) the row-by-row way, in its own database. */
export async function rowByRow(db: TestDatabase, n: number, lists: ProviderLists[]): Promise<Omit<RowByRowFigures, 'differences'>> {
  const sql = db.connect(1);
  try {
    let statements = 0;
    const pass = async (pick: (l: ProviderLists) => RawModel[]) => {
      for (const l of lists) statements += (await syncRowByRow(sql, l.provider, pick(l))).statements;
    };
    log(`n=${n}: row-by-row first sync...`);
    const first = await timed(() => pass((l) => l.first));
    log(`n=${n}: row-by-row first ${first.ms.toFixed(0)} ms; no-op...`);
    const before = await tupleWrites(sql);
    const noop = await timed(() => pass((l) => l.first));
    const noopWrites = (await tupleWrites(sql)) - before;
    await moveCatalogPrices(sql);
    await applyManualOverrides(sql, lists);
    log(`n=${n}: row-by-row no-op ${noop.ms.toFixed(0)} ms; churn...`);
    const churn = await timed(() => pass((l) => l.churn));
    log(`n=${n}: row-by-row churn ${churn.ms.toFixed(0)} ms`);
    return { first_ms: first.ms, noop_ms: noop.ms, noop_rows_written: noopWrites, churn_ms: churn.ms, statements };
  } finally {
    await sql.end();
  }
}

export interface SizeResult {
  sync: SyncFigures;
  rowByRow?: RowByRowFigures;
}

/** Every database figure of one size; the row-by-row baseline too when asked. Drops its databases. */
export async function measureSize(n: number, withRowByRow: boolean): Promise<SizeResult> {
  const lists = allLists(n);
  const a = await benchDatabase();
  try {
    const sync = await setBased(a, n, lists);
    if (!withRowByRow) return { sync };
    const b = await benchDatabase();
    try {
      const rbr = await rowByRow(b, n, lists);
      const diff = tableDifferences(await tableRows(a.sql), await tableRows(b.sql));
      if (diff.count) log(`n=${n}: ${diff.count} rows differ between the sync and row-by-row, e.g.\n  ${diff.examples.join('\n  ')}`);
      return { sync, rowByRow: { ...rbr, differences: diff.count } };
    } finally {
      await b.drop();
    }
  } finally {
    await a.drop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Several runs of the same size as one: durations (keys ending in _ms) by their median, counts by their
 * largest value (a write seen in any run shows), flags only when true in every run, lists merged.
 */
export function combineRuns<T>(runs: T[]): T {
  const merge = (values: unknown[], key: string): unknown => {
    const first = values[0];
    if (typeof first === 'number') {
      const xs = values as number[];
      return key.endsWith('_ms') ? median(xs) : Math.max(...xs);
    }
    if (typeof first === 'boolean') return (values as boolean[]).every(Boolean);
    if (Array.isArray(first)) return [...new Set((values as unknown[][]).flat())];
    if (first && typeof first === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(first)) out[k] = merge(values.map((v) => (v as Record<string, unknown>)[k]), k);
      return out;
    }
    return first;
  };
  return merge(runs, '') as T;
}

/** measureSize() `repeat` times, each in fresh databases, combined by combineRuns(); the samples kept. */
export async function measureSizeRepeated(
  n: number,
  withRowByRow: boolean,
  repeat: number,
): Promise<SizeResult & { samples: { first_sync_ms: number[]; floor_ms: number[]; row_by_row_total_ms?: number[] } }> {
  const runs: SizeResult[] = [];
  for (let i = 0; i < repeat; i++) {
    if (repeat > 1) log(`n=${n}: run ${i + 1} of ${repeat}`);
    runs.push(await measureSize(n, withRowByRow));
  }
  const combined = combineRuns(runs);
  return {
    ...combined,
    samples: {
      first_sync_ms: runs.map((r) => r.sync.first_sync_ms),
      floor_ms: runs.map((r) => r.sync.floor_ms),
      ...(withRowByRow ? { row_by_row_total_ms: runs.map((r) => r.rowByRow!.first_ms + r.rowByRow!.noop_ms + r.rowByRow!.churn_ms) } : {}),
    },
  };
}
