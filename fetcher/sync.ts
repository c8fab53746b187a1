// One sync run without any terminal: plan the providers from an environment, fetch them concurrently, stage each
// complete list, apply (or dry-run, or only stage), and return the summary the report is made of. The CLI
// (`ai-model-sync sync`), the library (fetchAndStage) and the Supabase Edge Function all run this.
import { stageAndApply, stagedList, type BatchResult, type Mode, type StagedList } from './apply.ts';
import { ConfigError, configuredKeys, modelFilters, planProviders } from './config.ts';
import { connect, type Sql } from './db.ts';
import { defaultFetchSettings, fetchProvider, type FetchOutcome, type FetchSettings } from './fetch.ts';
import { defaultRetryPolicy } from './http.ts';
import { PriceRun } from './prices.ts';
import type { Progress } from './progress.ts';
import { outcomeExitCode, type ProviderOutcome, type RunSummary } from './report.ts';
import { Redactor } from './secrets.ts';

/** Flags that tune fetching (the CLI's --timeout, --retries, --max-pages); unset ones come from the environment. */
export interface FetchTuning {
  /** Seconds per request, headers and body. */
  timeout?: number;
  /** Retries per request. */
  retries?: number;
  /** A list longer than this many pages is an error. */
  maxPages?: number;
}

export function positiveNumber(label: string, integer: boolean, min: number) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!raw.trim() || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new ConfigError(`${label} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got "${raw}"`);
    }
    return v;
  };
}

export const parseTimeout = positiveNumber('the timeout (seconds)', false, 0.001);
export const parseRetries = positiveNumber('the number of retries', true, 0);
export const parseMaxPages = positiveNumber('the page cap', true, 1);
const parsePageSize = positiveNumber('the page size', true, 1);
const parseMs = positiveNumber('a duration in milliseconds', true, 0);
const parseWait = positiveNumber('the longest wait (seconds)', false, 0);

function fromEnv<T>(env: NodeJS.ProcessEnv, name: string, parse: (raw: string) => T): T | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    return parse(raw);
  } catch (error) {
    throw new ConfigError(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Retry policy and paging from flags, then AI_MODEL_SYNC_* variables, then defaults. */
export function fetchSettings(opts: FetchTuning, env: NodeJS.ProcessEnv): FetchSettings {
  const timeoutS = opts.timeout ?? fromEnv(env, 'AI_MODEL_SYNC_TIMEOUT', parseTimeout);
  const retries = opts.retries ?? fromEnv(env, 'AI_MODEL_SYNC_RETRIES', parseRetries);
  const backoffMs = fromEnv(env, 'AI_MODEL_SYNC_BACKOFF_MS', parseMs);
  const maxWaitS = fromEnv(env, 'AI_MODEL_SYNC_MAX_WAIT', parseWait);
  return {
    policy: {
      attempts: (retries ?? defaultRetryPolicy.attempts - 1) + 1,
      timeoutMs: timeoutS !== undefined ? Math.round(timeoutS * 1000) : defaultRetryPolicy.timeoutMs,
      backoffMs: backoffMs ?? defaultRetryPolicy.backoffMs,
      maxBackoffMs: Math.max(backoffMs ?? 0, defaultRetryPolicy.maxBackoffMs),
      maxWaitMs: maxWaitS !== undefined ? Math.round(maxWaitS * 1000) : defaultRetryPolicy.maxWaitMs,
    },
    maxPages: opts.maxPages ?? fromEnv(env, 'AI_MODEL_SYNC_MAX_PAGES', parseMaxPages) ?? defaultFetchSettings.maxPages,
    pageSize: fromEnv(env, 'AI_MODEL_SYNC_PAGE_SIZE', parsePageSize) ?? defaultFetchSettings.pageSize,
  };
}

/**
 * A provider's fetch as a run keeps it: a complete list is serialised for staging as soon as it arrives and its
 * objects are dropped, so that a run holds one copy of each list, not objects and text side by side.
 */
type Fetched = { provider: string; ok: true; pages: number; models: number; list: StagedList } | Extract<FetchOutcome, { ok: false }>;

function keep(outcome: FetchOutcome, redactor: Redactor): Fetched {
  if (!outcome.ok) return outcome;
  const { provider, pages, models } = outcome;
  return { provider, ok: true, pages, models: models.length, list: stagedList({ provider, models }, redactor) };
}

function outcomeOf(fetched: Fetched, batch: BatchResult | undefined): ProviderOutcome {
  if (!fetched.ok) {
    return { provider: fetched.provider, status: 'fetch_failed', error: fetched.error, pages: fetched.pages, models: fetched.modelsSoFar };
  }
  const base = { provider: fetched.provider, pages: fetched.pages, models: fetched.models };
  if (!batch) return { ...base, status: 'pending' };
  return {
    ...base,
    status: batch.status,
    ...(batch.batch !== undefined ? { batch: batch.batch } : {}),
    ...(batch.report ? { report: batch.report } : {}),
    ...(batch.error ? { error: batch.error } : {}),
  };
}

export interface SyncInput extends FetchTuning {
  /** Provider keys, base URLs, AI_MODEL_SYNC_* tuning. */
  env: NodeJS.ProcessEnv;
  /** Like --provider: replaces the default set (empty: the configured providers). */
  providers: readonly string[];
  mode: Mode;
  force: boolean;
  /** Load the built-in catalog before applying (never in stage-only mode). */
  catalog: boolean;
  /** The database, asked for only when there is a list to stage. */
  databaseUrl: () => Promise<string>;
  progress: Progress;
  /** postgres.js prepared statements (off for a transaction-mode pooler). */
  prepare?: boolean;
  /** The fetch the provider SDKs are given (tests). */
  baseFetch?: typeof fetch;
  /** Like --price-sources: the price tables to fetch this run (issue 13); unset: AI_MODEL_SYNC_PRICE_SOURCES, else all. */
  priceSources?: string;
}

export interface SyncRun {
  summary: RunSummary;
  /** Masks the configured keys: apply it to anything printed. */
  redactor: Redactor;
  /** Set when the database failed (exit code 3): what failed. */
  databaseError?: unknown;
}

/** What a run will do, from the flags and the environment: every ConfigError of a run is raised here. */
export interface SyncPlan {
  settings: ReturnType<typeof fetchSettings>;
  plan: ReturnType<typeof planProviders>;
  filters: ReturnType<typeof modelFilters>;
  prices: PriceRun;
  redactor: Redactor;
}

/** Plans a run (a ConfigError before anything is fetched or migrated); syncOnce takes the plan or makes it. */
export function planSync(input: Pick<SyncInput, 'env' | 'providers' | 'priceSources'> & FetchTuning): SyncPlan {
  const { env } = input;
  const settings = fetchSettings(input, env);
  const plan = planProviders(env, input.providers);
  const filters = modelFilters(env, plan.providers.map((p) => p.name)); // issue 15: stored before applying
  const prices = PriceRun.plan(env, input.priceSources); // issue 13: the public price tables
  return { settings, plan, filters, prices, redactor: Redactor.fromEnv(env, configuredKeys(env, plan)) };
}

/** Plans (unless given the plan), fetches, stages, applies. Never throws for a provider's failure. */
export async function syncOnce(input: SyncInput & { planned?: SyncPlan }): Promise<SyncRun> {
  const { mode, progress } = input;
  const { settings, plan, filters, prices, redactor } = input.planned ?? planSync(input);

  for (const s of plan.skipped) progress.notice(`${s.name}: skipped, ${s.reason}`);
  if (plan.providers.length === 0 && !prices.enabled) {
    progress.notice('no provider to fetch: set the API key of at least one provider (see README.md, "Providers and their environment")');
  }
  let fetched: Fetched[];
  try {
    // the price tables beside the providers (validators read on a short connection of their own, none if it fails)
    const priceFetch = prices.fetch({
      policy: settings.policy,
      redactor,
      progress,
      baseFetch: input.baseFetch,
      connect: async () => connect(await input.databaseUrl(), { max: 1, applicationName: 'ai-model-sync fetcher', prepare: input.prepare }),
    });
    fetched = await Promise.all(plan.providers.map(async (p) => keep(await fetchProvider(p, settings, redactor, progress, input.baseFetch), redactor)));
    await priceFetch;
  } finally {
    progress.stop();
  }

  const complete = fetched.filter((f): f is Extract<Fetched, { ok: true }> => f.ok);
  let batches: BatchResult[] = [];
  let databaseError: unknown;
  if (complete.length > 0 || prices.fetched) {
    let sql: Sql | undefined;
    try {
      sql = connect(await input.databaseUrl(), { max: 1, applicationName: 'ai-model-sync fetcher', prepare: input.prepare });
      // the price tables are staged first, so that the sync applies them before the providers' lists
      await prices.stage(sql, mode, (line) => progress.notice(line));
      if (complete.length > 0) {
        batches = await stageAndApply(
          sql,
          complete.map((f) => f.list),
          { mode, force: input.force, redactor, catalog: input.catalog, log: (line) => progress.notice(line), filters },
        );
      } else if (mode === 'sync' && prices.pending) {
        // only price tables are pending: the sync applies them (and merges nothing else)
        await sql`call public.sync_ai_models()`;
      }
      await prices.collect(sql, mode);
    } catch (error) {
      databaseError = error;
    } finally {
      await sql?.end({ timeout: 5 });
    }
  }

  const outcomes: ProviderOutcome[] = [
    ...fetched.map((f) => outcomeOf(f, batches.find((b) => b.provider === f.provider))),
    ...plan.skipped.map((s): ProviderOutcome => ({ provider: s.name, status: 'skipped', reason: s.reason })),
  ];
  if (prices.outcomes.length === 0) await prices.collect(undefined, mode);
  // the worst of the providers' and the price tables' exit codes
  const exitCode = databaseError !== undefined ? 3 : Math.max(outcomeExitCode(outcomes), prices.exitCode);
  const summary: RunSummary = {
    mode,
    force: input.force,
    exit_code: exitCode,
    providers: outcomes,
    ...(prices.enabled ? { prices: prices.outcomes } : {}),
  };
  return { summary, redactor, ...(databaseError !== undefined ? { databaseError } : {}) };
}
