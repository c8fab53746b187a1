// `ai-model-sync schedule` / `unschedule` (and `make schedule` / `make unschedule`): the pg_cron jobs of the
// database, created or removed by ai_models_schedule() / ai_models_unschedule().
import type { Sql } from './db.ts';

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

/** Creates or updates the pg_cron jobs; returns them. */
export function schedule(sql: Sql, o: ScheduleOptions): Promise<CronJob[]> {
  return sql<CronJob[]>`select jobname, schedule, command from ai_models_schedule(${o.cron}, ${o.retention}::interval, ${o.pruneCron})`;
}

/** Removes the pg_cron jobs that schedule() created; returns how many. */
export async function unschedule(sql: Sql): Promise<number> {
  const [row] = await sql<{ removed: number }[]>`select ai_models_unschedule() as removed`;
  return row?.removed ?? 0;
}
