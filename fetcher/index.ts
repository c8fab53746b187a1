// The library of the `ai-model-sync` package (its "exports"): fetch-and-stage, token counting, the cost of a
// request, and their types. The CLI is the package's bin (dist/cli.js).
//   import { fetchAndStage, countTokens, requestCost } from 'ai-model-sync';
import type { Mode } from './apply.ts';
import { connect, databaseUrl, type Sql } from './db.ts';
import { lineProgress } from './progress.ts';
import type { RunSummary } from './report.ts';
import { syncOnce, type FetchTuning } from './sync.ts';

export type { AppliedReport, BatchReport, Mode } from './apply.ts';
export { ConfigError } from './config.ts';
export { connect, type Sql } from './db.ts';
export type { OutcomeStatus, ProviderOutcome, RunSummary } from './report.ts';
export type { FetchTuning } from './sync.ts';
export { countTokens, TokenCountError, tiktokenEncodings, type TokenizationStrategy } from './tokens.ts';
export { installScript, migrate, migrateUrl } from './migrate.ts';

export interface FetchAndStageOptions extends FetchTuning {
  /** The database (default: DATABASE_URL). */
  databaseUrl?: string;
  /** Where provider keys, base URLs and AI_MODEL_SYNC_* come from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Replaces the default set of providers, like --provider (default: every provider that has a key). */
  providers?: readonly string[];
  /** 'sync' (stage and apply, the default), 'stage-only' (INSERT only) or 'dry-run' (apply, report, roll back). */
  mode?: Mode;
  /** Let a list deactivate more than half of a provider's models. */
  force?: boolean;
  /** Load the built-in catalog before applying (default true; never in stage-only mode). */
  catalog?: boolean;
  /** Progress lines (default: none). Keys are already masked. */
  log?: (line: string) => void;
  /** postgres.js prepared statements (default true; false for a transaction-mode pooler). */
  prepare?: boolean;
  /** The public price tables to fetch, like --price-sources: `litellm,models.dev,genai-prices` or `none`
   * (default: AI_MODEL_SYNC_PRICE_SOURCES, else all three). */
  priceSources?: string;
}

export interface FetchAndStageResult extends RunSummary {
  /** Set when the database failed (exit_code 3): the message, keys masked. */
  error?: string;
}

/**
 * Fetches every configured provider concurrently, stages each complete list in ai_model_fetches and (mode 'sync')
 * applies them with CALL sync_ai_models(); returns the report. A provider's failure is in its outcome (exit_code
 * 1), a database failure in `error` (exit_code 3); a configuration error (unknown provider, bad base URL, bad
 * variable) throws ConfigError before anything is fetched.
 */
export async function fetchAndStage(options: FetchAndStageOptions = {}): Promise<FetchAndStageResult> {
  const log = options.log ?? (() => {});
  const progress = lineProgress(log);
  const { summary, redactor, databaseError } = await syncOnce({
    env: options.env ?? process.env,
    providers: options.providers ?? [],
    mode: options.mode ?? 'sync',
    force: options.force ?? false,
    catalog: options.catalog ?? true,
    timeout: options.timeout,
    retries: options.retries,
    maxPages: options.maxPages,
    databaseUrl: async () => options.databaseUrl ?? databaseUrl(),
    progress,
    prepare: options.prepare,
    priceSources: options.priceSources,
  });
  if (databaseError === undefined) return summary;
  return { ...summary, error: redactor.scrub(databaseError instanceof Error ? databaseError.message : String(databaseError)) };
}

export interface RequestTokens {
  /** The whole prompt, cached tokens included. */
  input: number;
  output: number;
  cachedInput?: number;
  /** Price as of this time (default now): past usage is billed at past prices. */
  at?: Date;
}

/**
 * The cost in USD of one request, computed by the database's `ai_models_cost()` (SPEC: the model's rates as of
 * `at`, long-context tiers included). Unknown or unpriced model: the database's error.
 */
export async function requestCost(sql: Sql, provider: string, apiIdentifier: string, tokens: RequestTokens): Promise<number> {
  const [row] = await sql<{ cost: string }[]>`
    select public.ai_models_cost(${provider}, ${apiIdentifier}, ${tokens.input}::bigint, ${tokens.output}::bigint,
                                 ${tokens.cachedInput ?? 0}::bigint, ${tokens.at ?? new Date()}::timestamptz)::text as cost`;
  return Number(row!.cost);
}

/** A client on `url` (default DATABASE_URL) for requestCost() and your own queries; end it with `await sql.end()`. */
export function openDatabase(url?: string): Sql {
  return connect(url ?? databaseUrl());
}
