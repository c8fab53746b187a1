#!/usr/bin/env node
// `ai-model-sync` (the package's bin; `make sync` and the other targets run it): subcommands sync (the default),
// stage, migrate, catalog, catalog-import, schedule, unschedule, sql, models.
// sync: fetch every configured provider concurrently, stage each complete list, CALL sync_ai_models(),
// print the report. Progress and notices on stderr, the report (or --json) on stdout.
// Exit codes: 0 every configured provider synced (providers without a key are skipped, not failures);
// 1 a provider's fetch or its batch failed (the others were still applied); 2 usage or configuration error;
// 3 database error (nothing may have been applied). See docs/configuration.md, "Exit codes".
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CatalogFileError } from './catalog/files.ts';
import { ImportFileError } from './catalog/import-litellm.ts';
import { formatLoadError, formatReport } from './catalog/report.ts';
import { projectRoot as packageRoot } from './catalog/files.ts';
import { EmbeddedError, startEmbedded, type RunningDatabase } from './embedded.ts';
import { installScript, migrateUrl } from './migrate.ts';
import { activeModels, renderModels } from './models.ts';
import { scheduleFromEnv, schedule, unschedule } from './schedule.ts';
import type { Mode } from './apply.ts';
import { ConfigError, parseNames } from './config.ts';
import { connect, redactUrl } from './db.ts';
import { startProgress } from './progress.ts';
import { renderPrices } from './prices.ts';
import { outputWidth, renderReport } from './report.ts';
import { Redactor } from './secrets.ts';
import { fetchSettings, parseMaxPages, parseRetries, parseTimeout, planSync, syncOnce, type SyncRun } from './sync.ts';

export { fetchSettings };

export const EXIT = { ok: 0, providerFailed: 1, usage: 2, database: 3 } as const;

export interface CliOptions {
  provider: string[];
  dryRun: boolean;
  stageOnly: boolean;
  force: boolean;
  json: boolean;
  catalog: boolean;
  migrate?: boolean;
  timeout?: number;
  retries?: number;
  maxPages?: number;
  priceSources?: string;
}

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

/** A parser of the sync module as commander wants it: its error is commander's "invalid argument". */
function flag<T>(parse: (raw: string) => T) {
  return (raw: string): T => {
    try {
      return parse(raw);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** The options of `sync` (and `stage`, which is `sync --stage-only`). */
function addSyncOptions(command: Command): Command {
  return command
    .option('-p, --provider <name>', 'sync only this provider (repeatable, or comma-separated); also enables keyless ones (openrouter, ollama)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('-n, --dry-run', 'stage and apply inside one transaction, print what would change, roll back', false)
    .option('--stage-only', 'only INSERT the lists into ai_model_fetches (for a role with INSERT privilege only); pg_cron applies them', false)
    .option('-f, --force', 'let a list deactivate more than half of a provider\'s models (CALL sync_ai_models(force => true))', false)
    .option('--json', 'print one JSON document on stdout instead of the table', false)
    .option('--no-catalog', 'do not load the built-in catalog (db/catalog/*.json) before applying')
    .option('--migrate', 'apply the migrations to DATABASE_URL first (make sync does; the embedded server is always migrated)', false)
    .addOption(new Option('--timeout <seconds>', 'per-request timeout, headers and body [env AI_MODEL_SYNC_TIMEOUT, default 30]').argParser(flag(parseTimeout)))
    .addOption(new Option('--retries <n>', 'retries per request on 408/409/429/5xx, timeouts, connection errors [env AI_MODEL_SYNC_RETRIES, default 3]').argParser(flag(parseRetries)))
    .option('--price-sources <list>', 'price tables to fetch this run: litellm,models.dev,genai-prices or none [env AI_MODEL_SYNC_PRICE_SOURCES, default all]')
    .addOption(new Option('--max-pages <n>', 'a list longer than this many pages is an error [env AI_MODEL_SYNC_MAX_PAGES, default 100]').argParser(flag(parseMaxPages)));
}

/** What the command line asked for: a subcommand, its options and arguments. */
export interface Invocation {
  command: 'sync' | 'stage' | 'migrate' | 'catalog' | 'catalog-import' | 'schedule' | 'unschedule' | 'sql' | 'models';
  opts: Record<string, unknown>;
  args: string[];
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The command line: `ai-model-sync [command] [options]`; no command means `sync` (what `make sync` ran before). */
export function buildProgram(io: Io, chosen: (i: Invocation) => void = () => {}): Command {
  const program = new Command('ai-model-sync')
    .description('A Postgres-native catalog of AI models: fetch the providers\' model lists, stage them, apply them (CALL sync_ai_models()).')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nWithout DATABASE_URL every command uses the embedded PostgreSQL of this installation (docs/install.md).\n' +
        'Exit codes: 0 ok, 1 a provider failed (the others were applied), 2 usage or configuration error, 3 database error.',
    );
  const pick = (command: Invocation['command']) =>
    function (this: Command, ...operands: unknown[]) {
      chosen({ command, opts: this.opts(), args: operands.filter((o): o is string => typeof o === 'string') });
    };
  addSyncOptions(
    program
      .command('sync', { isDefault: true })
      .description('fetch every configured provider concurrently, stage the lists in ai_model_fetches, CALL sync_ai_models(), print the report (the default command)'),
  ).action(pick('sync'));
  addSyncOptions(program.command('stage').description('fetch and only stage the lists (= sync --stage-only): for a role that may only INSERT into ai_model_fetches; pg_cron applies')).action(
    pick('stage'),
  );
  program.command('migrate').description('apply the migrations to DATABASE_URL (dbmate up, no schema dump)').action(pick('migrate'));
  program
    .command('catalog')
    .description('load the built-in catalog (db/catalog/*.json) as the builtin tier')
    .option('--quiet', 'print the summary only', false)
    .option('--migrate', 'apply the migrations to DATABASE_URL first', false)
    .action(pick('catalog'));
  program
    .command('catalog-import')
    .description('import a LiteLLM model_prices_and_context_window.json as a copy of the litellm price source (one source of the consensus)')
    .argument('<file>', 'the LiteLLM cost map')
    .option('--quiet', 'print the summary only', false)
    .option('--migrate', 'apply the migrations to DATABASE_URL first', false)
    .action(pick('catalog-import'));
  program
    .command('schedule')
    .description('create or update the pg_cron jobs: the sync, and the pruning of old staged lists')
    .option('--cron <schedule>', 'when the sync runs [env CRON, default "0 * * * *"]')
    .option('--retention <interval>', 'how long staged lists are kept [env RETENTION, default "30 days"]')
    .option('--prune-cron <schedule>', 'when pruning runs [env PRUNE_CRON, default "30 3 * * *"]')
    .option('--migrate', 'apply the migrations to DATABASE_URL first', false)
    .action(pick('schedule'));
  program.command('unschedule').description('remove the pg_cron jobs that schedule created').action(pick('unschedule'));
  program.command('sql').description('print the one-file SQL install script (for psql or the Supabase SQL editor)').action(pick('sql'));
  program
    .command('models')
    .description('list the active models with their prices (USD per 1M tokens) and limits')
    .option('-p, --provider <name>', 'only this provider (repeatable, or comma-separated)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print an array of {provider, api_identifier, name, config}, config as stored', false)
    .action(pick('models'));
  return program;
}

/** The database of a run: DATABASE_URL, else the embedded server, started (and migrated) on first use. */
export interface Database {
  url(): Promise<string>;
  /** Whether the URL is the embedded server's. */
  readonly embedded: boolean;
  /** `--migrate`: migrates DATABASE_URL (the embedded server is migrated when it starts). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/**
 * `catalog`: whether migrating also loads the built-in catalog. Not for the commands that load it themselves (the
 * sync, in its own transaction so that --dry-run and --no-catalog hold; the catalog command): once is enough.
 */
export function openDatabase(env: NodeJS.ProcessEnv, log: (line: string) => void, { catalog = true } = {}): Database {
  const given = env.DATABASE_URL?.trim();
  let started: Promise<RunningDatabase> | undefined;
  return {
    embedded: !given,
    async migrate() {
      if (given) await migrateUrl(given, log, { catalog });
    },
    async url() {
      if (given) return given;
      started ??= (async () => {
        const db = await startEmbedded(log, env);
        try {
          await migrateUrl(db.url, () => {}, { catalog });
        } catch (error) {
          await db.stop();
          throw error;
        }
        return db;
      })();
      return (await started).url;
    },
    async close() {
      const db = await started?.catch(() => undefined);
      await db?.stop();
    },
  };
}

/** Runs the CLI; returns the exit code. The one error boundary of every command (but the last-resort one below). */
export async function run(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = process): Promise<number> {
  let invocation: Invocation | undefined;
  try {
    buildProgram(io, (i) => (invocation = i)).parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  if (!invocation) return EXIT.usage;
  const { command, opts, args } = invocation;
  const log = (line: string) => io.stderr.write(`${line}\n`);
  const stageOnly = command === 'stage' || Boolean(opts.stageOnly);
  const db = openDatabase(env, log, { catalog: command !== 'catalog' && !(command === 'sync' && !stageOnly) });
  try {
    switch (command) {
      case 'sync':
      case 'stage':
        return await runSync({ ...(opts as unknown as CliOptions), stageOnly }, env, io, db);
      default:
        return await runDatabaseCommand(invocation, env, io, db);
    }
  } finally {
    await db.close();
  }
}

function errorLines(error: unknown): string {
  const e = error as { message?: string; detail?: string; hint?: string; cause?: unknown };
  return [e.message ?? String(error), e.detail && `  detail: ${e.detail}`, e.hint && `  hint: ${e.hint}`].filter(Boolean).join('\n');
}

/** migrate, catalog, catalog-import, schedule, unschedule, sql, models. */
async function runDatabaseCommand({ command, opts, args }: Invocation, env: NodeJS.ProcessEnv, io: Io, db: Database): Promise<number> {
  const redactor = Redactor.fromEnv(env);
  const fail = (code: number, message: string) => {
    io.stderr.write(`${command}: ${redactor.scrub(message)}\n`);
    return code;
  };
  if (command === 'sql') {
    try {
      io.stdout.write(installScript());
    } catch (error) {
      return fail(EXIT.usage, error instanceof Error ? error.message : String(error));
    }
    return EXIT.ok;
  }
  let url: string;
  try {
    url = await db.url();
    if (command === 'migrate' || opts.migrate) await db.migrate();
    if (command === 'migrate') return EXIT.ok;
  } catch (error) {
    return fail(EXIT.database, error instanceof Error ? error.message : String(error));
  }
  if (command === 'catalog-import') {
    const file = args[0]!;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return fail(EXIT.usage, `cannot read ${file}: ${(error as Error).message}`);
    }
    const sql = connect(url, { max: 1, applicationName: 'ai-model-sync catalog-import' });
    try {
      const { formatImport, importLiteLLM } = await import('./catalog/import-litellm.ts');
      const report = await importLiteLLM(sql, text, file);
      io.stdout.write(formatImport(report, { verbose: !opts.quiet }) + '\n');
      // a copy the checks refuse (wrong shape, shrunk) is imported nowhere: the file's fault
      if (report.status !== 'applied') return EXIT.providerFailed;
      return EXIT.ok;
    } catch (error) {
      // not a cost map: the file's fault; anything else is the database's
      const code = error instanceof ImportFileError ? EXIT.usage : EXIT.database;
      return fail(code, formatLoadError(error));
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  const sql = connect(url, { max: 1, applicationName: `ai-model-sync ${command}` });
  try {
    switch (command) {
      case 'catalog': {
        const { loadBuiltinCatalog } = await import('./catalog/load.ts');
        const report = await loadBuiltinCatalog(sql).catch((error: unknown) => {
          throw error instanceof CatalogFileError ? new ConfigError(error.message) : error;
        });
        io.stdout.write(formatReport(report, { verbose: !opts.quiet }) + '\n');
        return EXIT.ok;
      }
      case 'schedule': {
        const defaults = scheduleFromEnv(env);
        const jobs = await schedule(sql, {
          cron: (opts.cron as string | undefined) ?? defaults.cron,
          retention: (opts.retention as string | undefined) ?? defaults.retention,
          pruneCron: (opts.pruneCron as string | undefined) ?? defaults.pruneCron,
        });
        for (const job of jobs) io.stdout.write(`${job.jobname}\t${job.schedule}\t${job.command}\n`);
        io.stderr.write(`scheduled on ${redactUrl(url)}; runs are logged in cron.job_run_details\n`);
        return EXIT.ok;
      }
      case 'unschedule': {
        const removed = await unschedule(sql);
        io.stderr.write(`removed ${removed} pg_cron job(s) from ${redactUrl(url)}\n`);
        return EXIT.ok;
      }
      case 'models': {
        const providers = parseNames((opts.provider as string[] | undefined) ?? []);
        const rows = await activeModels(sql, providers);
        io.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : renderModels(rows, outputWidth(io.stdout)));
        return EXIT.ok;
      }
      default:
        return fail(EXIT.usage, `unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof ConfigError) return fail(EXIT.usage, error.message);
    return fail(EXIT.database, errorLines(error));
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `sync` and `stage`. */
async function runSync(opts: CliOptions, env: NodeJS.ProcessEnv, io: Io, db: Database): Promise<number> {
  // Before anything else: what to mask in every line we print.
  let redactor = Redactor.fromEnv(env);
  const fail = (code: number, message: string, cause?: unknown) => {
    io.stderr.write(`sync: ${redactor.scrub(message)}\n`);
    const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : undefined;
    if (detail) io.stderr.write(`  ${redactor.scrub(detail)}\n`);
    return code;
  };
  const mode: Mode = opts.dryRun ? 'dry-run' : opts.stageOnly ? 'stage-only' : 'sync';
  const progress = await startProgress(io.stderr, env);
  let result: SyncRun;
  try {
    if (opts.dryRun && opts.stageOnly) throw new ConfigError('--dry-run and --stage-only exclude each other');
    // the flags, tuning variables, providers, filters and price sources, checked before the migrations
    const planned = planSync({ env, providers: opts.provider, timeout: opts.timeout, retries: opts.retries, maxPages: opts.maxPages, priceSources: opts.priceSources });
    if (opts.migrate) {
      try {
        await db.migrate();
      } catch (error) {
        return fail(EXIT.database, error instanceof Error ? error.message : String(error));
      }
    }
    result = await syncOnce({
      env,
      providers: opts.provider,
      mode,
      force: opts.force,
      catalog: opts.catalog,
      timeout: opts.timeout,
      retries: opts.retries,
      maxPages: opts.maxPages,
      priceSources: opts.priceSources,
      databaseUrl: () => db.url(),
      progress,
      planned,
    });
  } catch (error) {
    if (error instanceof ConfigError) return fail(EXIT.usage, error.message, error.cause);
    throw error;
  } finally {
    progress.stop();
  }
  redactor = result.redactor;
  const { summary, databaseError: error } = result;
  if (error !== undefined) {
    fail(EXIT.database, error instanceof Error ? error.message : String(error), error instanceof Error && !(error instanceof EmbeddedError) ? error.cause : undefined);
  }
  const text = opts.json ? `${JSON.stringify(summary, null, 2)}\n` : renderReport(summary, outputWidth(io.stdout)) + renderPrices(summary.prices ?? [], summary.providers);
  io.stdout.write(redactor.scrub(text));
  return summary.exit_code;
}

/** Whether this module is the program being run (also through a symlink: node_modules/.bin/ai-model-sync). */
function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  // `ai-model-sync models | head`: a closed pipe ends the program quietly
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const redactor = Redactor.fromEnv(process.env);
      process.stderr.write(`ai-model-sync: unexpected error: ${redactor.scrub(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
      process.exitCode = EXIT.providerFailed;
    },
  );
}
