// `ai-model-sync schedule` / `unschedule` (and `make schedule` / `make unschedule`): the pg_cron jobs of the
// database, created or removed by ai_models_schedule() / ai_models_unschedule().
import { ConfigError } from './config.ts';
import type { Sql } from './db.ts';

// The same rule as ai_model_sync.cron_problem (db/code), which ai_model_sync.check_schedule applies to every job of
// ours: five cron fields, or pg_cron's "N seconds" (1-59). Checked here first only for a message that names the
// make variable (CRON=…, PRUNE_CRON=…) and exits 2; the database's check is the one that holds.
const CRON_ITEM = String.raw`(\*|[0-9]{1,2}(-[0-9]{1,2})?|[a-z]{3}(-[a-z]{3})?)(/[0-9]{1,2})?`;
const CRON_FIELD = `${CRON_ITEM}(,${CRON_ITEM})*`;
const CRON_EXPRESSION = new RegExp(`^ *${CRON_FIELD}( +${CRON_FIELD}){4} *$`, 'i');
const CRON_SECONDS = /^ *([1-9]|[1-5][0-9]) seconds? *$/;

/** Why `expression` is not a schedule `make schedule` accepts, or undefined when it is one. */
export function cronProblem(name: string, expression: string): string | undefined {
  if (CRON_SECONDS.test(expression) || CRON_EXPRESSION.test(expression)) return undefined;
  return `${name}=${JSON.stringify(expression.slice(0, 100))} is not a schedule: give five cron fields (minute hour ` +
    `day-of-month month day-of-week), e.g. ${name}='0 * * * *' (hourly) or '*/15 * * * *', or pg_cron's 'N seconds' (1-59)`;
}

export interface ScheduleOptions {
  /** The sync's cron schedule (default '0 * * * *'). */
  cron: string;
  /** How long staged lists are kept (default '30 days'). */
  retention: string;
  /** When pruning runs (default '30 3 * * *'). */
  pruneCron: string;
}

export interface CronJob {
  jobname: string;
  schedule: string;
  command: string;
}

/** CRON, RETENTION and PRUNE_CRON of the environment, else the defaults. */
export function scheduleFromEnv(env: NodeJS.ProcessEnv = process.env): ScheduleOptions {
  return { cron: env.CRON || '0 * * * *', retention: env.RETENTION || '30 days', pruneCron: env.PRUNE_CRON || '30 3 * * *' };
}

/** Creates or updates the pg_cron jobs; returns them. A malformed schedule is a ConfigError (exit 2). */
export async function schedule(sql: Sql, o: ScheduleOptions): Promise<CronJob[]> {
  const problem = cronProblem('CRON', o.cron) ?? cronProblem('PRUNE_CRON', o.pruneCron);
  if (problem) throw new ConfigError(problem);
  return sql<CronJob[]>`select jobname, schedule, command from ai_models_schedule(${o.cron}, ${o.retention}::interval, ${o.pruneCron})`;
}

/** Removes the pg_cron jobs that schedule() created; returns how many. */
export async function unschedule(sql: Sql): Promise<number> {
  const [row] = await sql<{ removed: number }[]>`select ai_models_unschedule() as removed`;
  return row?.removed ?? 0;
}
