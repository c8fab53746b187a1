// The database side of a run: stage each complete list, apply, read back the reports of this run's batches.
//   sync        one INSERT per provider, CALL sync_ai_models() (outside any transaction: it commits per provider),
//               then the reports of the batches staged here.
//   dry-run     the same inside one transaction with SELECT ai_models_apply_pending(), reports read, then ROLLBACK.
//   stage-only  INSERT only (no RETURNING, no reads): works for a role that may only INSERT into ai_model_fetches;
//               applying is left to pg_cron or a later CALL sync_ai_models().
import type { TransactionSql } from 'postgres';
import { loadBuiltinCatalog } from './catalog/load.ts';
import { formatReport } from './catalog/report.ts';
import type { ModelFilter } from './config.ts';
import type { Sql } from './db.ts';
import type { Redactor } from './secrets.ts';

export type Mode = 'sync' | 'dry-run' | 'stage-only';

/** The report of an applied batch, as ai_model_sync.apply_batch() writes it (ai_model_fetches.report). */
export interface AppliedReport {
  provider: string;
  batch: number;
  status: 'applied';
  models: number;
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
  reactivated: number;
  deactivated_models: string[];
  manual_rows: string[];
  overrides: { api_identifier: string; key: string; value: unknown; default: unknown }[];
  conflicts: { api_identifier: string; key: string; value: unknown; old_default: unknown; new_default: unknown }[];
  adjusted: { api_identifier: string; key: string; from: unknown; to: unknown; reason?: string }[];
  unpriced: string[];
  /** Issue 15: listed models of unknown kind (no list field, no catalog entry or kind rule says). */
  unclassified?: string[];
  /** Issue 15: the listed models the model filters removed, with the reason. */
  filtered?: { api_identifier: string; reason: string }[];
  /** Issue 15: why each deactivated model was deactivated ("not in the provider's list", "filtered: ..."). */
  deactivated_reasons?: { api_identifier: string; reason: string }[];
  /** Prices kept although no default has them any more (issue 12): until an admin or a new default decides. */
  stale_prices?: { api_identifier: string; key: string; value: unknown }[];
  /** Models listed with a price that is not per token (image, audio, transcription) or no price at all: not priced per token. */
  not_token_priced?: string[];
  warnings: string[];
  /** Set when the batch was settled by the fingerprint shortcut: the batch whose merge it repeats. */
  same_as_batch?: number;
}

/** Any batch's report: an applied one, or a failed / superseded one with only some of the fields. */
export type BatchReport = Partial<Omit<AppliedReport, 'provider' | 'batch' | 'status'>> & {
  provider: string;
  batch: number;
  status: 'applied' | 'superseded' | 'failed';
  sqlstate?: string;
  error?: string;
  superseded_by?: number;
};

export interface BatchResult {
  provider: string;
  /** ai_model_fetches.id; unknown in stage-only mode (no RETURNING). */
  batch: number | undefined;
  status: 'staged' | 'pending' | 'applied' | 'superseded' | 'failed';
  report: BatchReport | undefined;
  /** The batch's error column (message, DETAIL, HINT) when it failed. */
  error: string | undefined;
}

/** One provider's complete list: the model objects exactly as the provider returned them, all pages concatenated. */
export interface ModelList {
  provider: string;
  models: readonly unknown[];
}

/** The same list serialised for staging (stagedList()): the payload as JSON text, configured secrets masked. */
export interface StagedList {
  provider: string;
  payload: string;
}

/**
 * Serialises a list once, with any configured secret a provider may have echoed masked. The CLI does it as soon as
 * a list is complete and drops the objects; staging sends the text as a text parameter cast to jsonb (`sql.json()`
 * would stringify the whole list again). At 100,000 models each copy of the lists costs tens of MB of the
 * fetcher's peak memory (docs/configuration.md, "Memory"). Masking cannot break the JSON unless a "secret" is part of a
 * number; the database would then reject the payload.
 */
export function stagedList(list: ModelList, redactor: Redactor): StagedList {
  const text = JSON.stringify(list.models);
  return { provider: list.provider, payload: redactor.contains(text) ? redactor.scrubSecrets(text) : text };
}

/** A database failure (connection, privileges, a statement): exit code 3. */
export class DatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseError';
  }
}

/**
 * ── CATALOG CALL SITE ──
 * The one place where the CLI loads the built-in catalog (db/catalog/*.json, fetcher/catalog/load.ts) before
 * applying, on the connection that applies (sync) or inside the dry run's transaction, so that a dry run changes
 * nothing, not even the catalog. Never in stage-only mode (that role may only INSERT into ai_model_fetches).
 */
async function loadCatalog(sql: Sql, log: (line: string) => void): Promise<void> {
  log(formatReport(await loadBuiltinCatalog(sql), { verbose: false }));
}

/**
 * Issue 15: stores the model filters of this run's environment (ai_model_sync.model_filters) before applying, so
 * that the merge, and every later CALL sync_ai_models() from pg_cron, obeys them. A row without any filter is
 * deleted; unchanged rows are not written.
 */
export async function storeFilters(sql: Sql, filters: readonly ModelFilter[]): Promise<void> {
  if (filters.length === 0) return;
  await sql`
    with given as (
      select f.provider, f.include, f.exclude, f.kinds
        from jsonb_to_recordset(${sql.json(filters as never)}::jsonb) as f(provider text, include text[], exclude text[], kinds text[])
    ),
    cleared as (
      delete from ai_model_sync.model_filters m
       using given g
       where m.provider = g.provider and g.include is null and g.exclude is null and g.kinds is null
    )
    insert into ai_model_sync.model_filters as m (provider, include, exclude, kinds)
    select g.provider, g.include, g.exclude, g.kinds from given g
     where g.include is not null or g.exclude is not null or g.kinds is not null
    on conflict (provider) do update
       set include = excluded.include, exclude = excluded.exclude, kinds = excluded.kinds, updated_at = now()
     where (m.include, m.exclude, m.kinds) is distinct from (excluded.include, excluded.exclude, excluded.kinds)`;
}

async function stage(sql: Sql, list: StagedList): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into public.ai_model_fetches (provider, payload)
    values (${list.provider}, ${list.payload}::text::jsonb)
    returning id`;
  return row!.id;
}

/**
 * A list that jsonb cannot hold (a U+0000 or an unpaired surrogate in some string: SQLSTATE class 22, data
 * exception) fails that provider alone, like any other bad answer; any other error (connection, privileges) is
 * the database's and stops the run.
 */
function unstorable(list: StagedList, cause: unknown): BatchResult {
  if (!(typeof cause === 'object' && cause !== null && String((cause as { code?: unknown }).code ?? '').startsWith('22'))) {
    throw dbError(`staging ${list.provider}`, cause);
  }
  const detail = (cause as { detail?: string }).detail;
  const message = `${list.provider}: the list cannot be stored as JSON in PostgreSQL: ${(cause as Error).message}${detail ? ` (${detail})` : ''}`;
  return { provider: list.provider, batch: undefined, status: 'failed', report: undefined, error: message };
}

/** Stages each list on its own (a savepoint each inside a transaction); an unstorable list becomes a failure. */
async function stageEach(sql: Sql, lists: readonly StagedList[], inTransaction: boolean): Promise<{ ids: number[]; failed: BatchResult[] }> {
  const ids: number[] = [];
  const failed: BatchResult[] = [];
  for (const list of lists) {
    try {
      ids.push(
        inTransaction
          ? await (sql as unknown as TransactionSql).savepoint((sp) => stage(sp as unknown as Sql, list))
          : await stage(sql, list),
      );
    } catch (cause) {
      failed.push(unstorable(list, cause));
    }
  }
  return { ids, failed };
}

async function readBatches(sql: Sql, ids: number[]): Promise<BatchResult[]> {
  const rows = await sql<{ id: number; provider: string; status: BatchResult['status']; report: BatchReport | null; error: string | null }[]>`
    select id, provider, status, report, error
      from public.ai_model_fetches
     where id = any(${ids}::bigint[])
     order by id`;
  return rows.map((r) => ({ provider: r.provider, batch: r.id, status: r.status, report: r.report ?? undefined, error: r.error ?? undefined }));
}

function dbError(step: string, cause: unknown): DatabaseError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new DatabaseError(`${step}: ${msg}`, { cause });
}

class Rollback extends Error {
  constructor(readonly results: BatchResult[]) {
    super('dry run: rolled back');
  }
}

/**
 * Stages every list and (unless stage-only) applies them; returns one result per staged list. Lists given as
 * objects are serialised here (stagedList(), masked with `redactor`).
 */
export async function stageAndApply(
  sql: Sql,
  given: readonly (StagedList | ModelList)[],
  options: { mode: Mode; force: boolean; redactor: Redactor; catalog: boolean; log: (line: string) => void; filters?: readonly ModelFilter[] },
): Promise<BatchResult[]> {
  const { mode, force, redactor, log } = options;
  if (given.length === 0) return [];
  const lists = given.map((l) => ('payload' in l ? l : stagedList(l, redactor)));

  if (mode === 'stage-only') {
    if (options.filters?.some((f) => f.include || f.exclude || f.kinds)) {
      // issue 15: that role may only INSERT into ai_model_fetches; the merge reads ai_model_sync.model_filters
      log('model filters: not stored in stage-only mode; the sync applies those stored in ai_model_sync.model_filters (docs/capabilities.md)');
    }
    const results: BatchResult[] = [];
    for (const list of lists) {
      try {
        await sql`insert into public.ai_model_fetches (provider, payload) values (${list.provider}, ${list.payload}::text::jsonb)`;
        results.push({ provider: list.provider, batch: undefined, status: 'staged', report: undefined, error: undefined });
      } catch (cause) {
        results.push(unstorable(list, cause));
      }
    }
    return results;
  }

  if (mode === 'dry-run') {
    try {
      await sql.begin(async (tx) => {
        const { ids, failed } = await stageEach(tx as unknown as Sql, lists, true);
        if (options.catalog) await loadCatalog(tx as unknown as Sql, log);
        await storeFilters(tx as unknown as Sql, options.filters ?? []);
        await tx`select public.ai_models_apply_pending(${force})`;
        throw new Rollback([...failed, ...(await readBatches(tx as unknown as Sql, ids))]);
      });
    } catch (error) {
      if (error instanceof Rollback) return error.results;
      throw dbError('dry run', error);
    }
    throw new DatabaseError('dry run: the transaction was not rolled back');
  }

  const { ids, failed } = await stageEach(sql, lists, false);
  if (options.catalog) await loadCatalog(sql, log).catch((cause: unknown) => Promise.reject(dbError('loading the built-in catalog', cause)));
  await storeFilters(sql, options.filters ?? []).catch((cause: unknown) => Promise.reject(dbError('storing the model filters', cause)));
  await sql`call public.sync_ai_models(force => ${force})`.catch((cause: unknown) => Promise.reject(dbError('CALL sync_ai_models()', cause)));
  const applied = await readBatches(sql, ids).catch((cause: unknown) => Promise.reject(dbError('reading the reports', cause)));
  return [...failed, ...applied];
}
