// `make sync`: fetch every configured provider concurrently, stage each complete list, CALL sync_ai_models(),
// print the report. Progress and notices on stderr, the report (or --json) on stdout.
// Exit codes: 0 every configured provider synced (providers without a key are skipped, not failures);
// 1 a provider's fetch or its batch failed (the others were still applied); 2 usage or configuration error;
// 3 database error (nothing may have been applied). See README.md, "make sync".
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { pathToFileURL } from 'node:url';
import { DatabaseError, stageAndApply, stagedList, type BatchResult, type Mode, type StagedList } from './apply.ts';
import { ConfigError, configuredKeys, modelFilters, planProviders, type ModelFilter } from './config.ts';
import { connect } from './db.ts';
import { defaultFetchSettings, fetchProvider, type FetchOutcome, type FetchSettings } from './fetch.ts';
import { defaultRetryPolicy } from './http.ts';
import { startProgress } from './progress.ts';
import { outcomeExitCode, renderReport, type ProviderOutcome, type RunSummary } from './report.ts';
import { Redactor } from './secrets.ts';

export const EXIT = { ok: 0, providerFailed: 1, usage: 2, database: 3 } as const;

export interface CliOptions {
  provider: string[];
  dryRun: boolean;
  stageOnly: boolean;
  force: boolean;
  json: boolean;
  catalog: boolean;
  timeout?: number;
  retries?: number;
  maxPages?: number;
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

function positiveNumber(label: string, integer: boolean, min: number) {
  return (raw: string): number => {
    const v = Number(raw);
    if (!raw.trim() || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      throw new InvalidArgumentError(`${label} must be ${integer ? 'a whole number' : 'a number'} >= ${min}, got "${raw}"`);
    }
    return v;
  };
}

const parseTimeout = positiveNumber('the timeout (seconds)', false, 0.001);
const parseRetries = positiveNumber('the number of retries', true, 0);
const parseMaxPages = positiveNumber('the page cap', true, 1);
const parsePageSize = positiveNumber('the page size', true, 1);
const parseMs = positiveNumber('a duration in milliseconds', true, 0);
const parseWait = positiveNumber('the longest wait (seconds)', false, 0);

export function buildCommand(): Command {
  return new Command('sync')
    .description(
      'Fetch the model lists of every configured provider concurrently, stage them in ai_model_fetches, ' +
        'apply them with CALL sync_ai_models() and print the report.',
    )
    .option('-p, --provider <name>', 'sync only this provider (repeatable, or comma-separated); also enables keyless ones (openrouter, ollama)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('-n, --dry-run', 'stage and apply inside one transaction, print what would change, roll back', false)
    .option('--stage-only', 'only INSERT the lists into ai_model_fetches (for a role with INSERT privilege only); pg_cron applies them', false)
    .option('-f, --force', 'let a list deactivate more than half of a provider\'s models (CALL sync_ai_models(force => true))', false)
    .option('--json', 'print one JSON document on stdout instead of the table', false)
    .option('--no-catalog', 'do not load the built-in catalog (db/catalog/*.json) before applying')
    .addOption(new Option('--timeout <seconds>', 'per-request timeout, headers and body [env AI_MODEL_SYNC_TIMEOUT, default 30]').argParser(parseTimeout))
    .addOption(new Option('--retries <n>', 'retries per request on 408/409/429/5xx, timeouts, connection errors [env AI_MODEL_SYNC_RETRIES, default 3]').argParser(parseRetries))
    .addOption(new Option('--max-pages <n>', 'a list longer than this many pages is an error [env AI_MODEL_SYNC_MAX_PAGES, default 100]').argParser(parseMaxPages))
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
}

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
export function fetchSettings(opts: CliOptions, env: NodeJS.ProcessEnv): FetchSettings {
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
 * A provider's fetch as the CLI keeps it: a complete list is serialised for staging as soon as it arrives and its
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

/** Runs the CLI; returns the exit code. */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = process): Promise<number> {
  const command = buildCommand().configureOutput({
    writeOut: (s) => io.stdout.write(s),
    writeErr: (s) => io.stderr.write(s),
  });
  let opts: CliOptions;
  try {
    command.parse([...argv], { from: 'user' });
    opts = command.opts<CliOptions>();
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }

  // Before anything else: what to mask in every line we print.
  let redactor = Redactor.fromEnv(env);
  const fail = (code: number, message: string, cause?: unknown) => {
    io.stderr.write(`sync: ${redactor.scrub(message)}\n`);
    const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : undefined;
    if (detail) io.stderr.write(`  ${redactor.scrub(detail)}\n`);
    return code;
  };

  let plan;
  let settings: FetchSettings;
  let filters: ModelFilter[];
  try {
    if (opts.dryRun && opts.stageOnly) throw new ConfigError('--dry-run and --stage-only exclude each other');
    settings = fetchSettings(opts, env);
    plan = planProviders(env, opts.provider);
    filters = modelFilters(env, plan.providers.map((p) => p.name)); // issue 15
  } catch (error) {
    if (error instanceof ConfigError) return fail(EXIT.usage, error.message, error.cause);
    throw error;
  }
  redactor = Redactor.fromEnv(env, configuredKeys(env, plan));
  const mode: Mode = opts.dryRun ? 'dry-run' : opts.stageOnly ? 'stage-only' : 'sync';

  const progress = await startProgress(io.stderr, env);
  for (const s of plan.skipped) progress.notice(`${s.name}: skipped, ${s.reason}`);
  if (plan.providers.length === 0) {
    progress.notice('no provider to fetch: set the API key of at least one provider (see README.md, "Providers and their environment")');
  }

  let fetched: Fetched[];
  try {
    // fetchAll(), with each list serialised as soon as it is complete
    fetched = await Promise.all(plan.providers.map(async (p) => keep(await fetchProvider(p, settings, redactor, progress), redactor)));
  } finally {
    progress.stop();
  }

  const complete = fetched.filter((f): f is Extract<Fetched, { ok: true }> => f.ok);
  let batches: BatchResult[] = [];
  let exitCode: number = EXIT.ok;
  if (complete.length > 0) {
    const sql = connect(undefined, { max: 1, applicationName: 'ai-model-sync fetcher' });
    try {
      batches = await stageAndApply(
        sql,
        complete.map((f) => f.list),
        { mode, force: opts.force, redactor, catalog: opts.catalog, log: (line) => progress.notice(line), filters },
      );
    } catch (error) {
      exitCode = EXIT.database;
      fail(EXIT.database, error instanceof Error ? error.message : String(error), error instanceof Error ? error.cause : undefined);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  const outcomes: ProviderOutcome[] = [
    ...fetched.map((f) => outcomeOf(f, batches.find((b) => b.provider === f.provider))),
    ...plan.skipped.map((s): ProviderOutcome => ({ provider: s.name, status: 'skipped', reason: s.reason })),
  ];
  if (exitCode === EXIT.ok) exitCode = outcomeExitCode(outcomes);
  const summary: RunSummary = { mode, force: opts.force, exit_code: exitCode, providers: outcomes };
  const text = opts.json ? `${JSON.stringify(summary, null, 2)}\n` : renderReport(summary);
  io.stdout.write(redactor.scrub(text));
  return exitCode;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const redactor = Redactor.fromEnv(process.env);
      process.stderr.write(`sync: unexpected error: ${redactor.scrub(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
      process.exitCode = EXIT.providerFailed;
    },
  );
}
