// `make schedule` / `make unschedule`: the pg_cron jobs of DATABASE_URL's database.
//   node --import tsx fetcher/schedule.ts schedule     (CRON='0 * * * *', RETENTION='30 days', PRUNE_CRON='30 3 * * *')
//   node --import tsx fetcher/schedule.ts unschedule
// The jobs go to stdout (one per line: name, schedule, command), everything else to stderr.
import { pathToFileURL } from 'node:url';
import { connect, redactUrl, databaseUrl } from './db.ts';

// The same rule as ai_model_sync.cron_problem (db/code), which ai_models_schedule applies on every path: five
// cron fields, or pg_cron's "N seconds" (1-59). Checked here first for a friendly message before connecting.
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

interface PostgresError extends Error {
  detail?: string;
  hint?: string;
}

async function main(command: string | undefined): Promise<void> {
  if (command !== 'schedule' && command !== 'unschedule') {
    throw new Error(`usage: schedule.ts schedule|unschedule (got ${command ?? 'nothing'})`);
  }
  const sql = connect(undefined, { max: 1, applicationName: 'ai-model-sync-schedule' });
  try {
    if (command === 'schedule') {
      const cron = process.env.CRON || '0 * * * *';
      const retention = process.env.RETENTION || '30 days';
      const pruneCron = process.env.PRUNE_CRON || '30 3 * * *';
      const problem = cronProblem('CRON', cron) ?? cronProblem('PRUNE_CRON', pruneCron);
      if (problem) throw new Error(problem);
      const jobs = await sql<{ jobname: string; schedule: string; command: string }[]>`
        select jobname, schedule, command from ai_models_schedule(${cron}, ${retention}::interval, ${pruneCron})`;
      for (const job of jobs) process.stdout.write(`${job.jobname}\t${job.schedule}\t${job.command}\n`);
      process.stderr.write(`scheduled on ${redactUrl(databaseUrl())}; runs are logged in cron.job_run_details\n`);
    } else {
      const [row] = await sql<{ removed: number }[]>`select ai_models_unschedule() as removed`;
      process.stderr.write(`removed ${row?.removed ?? 0} pg_cron job(s) from ${redactUrl(databaseUrl())}\n`);
    }
  } finally {
    await sql.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv[2]).catch((error: PostgresError) => {
    process.stderr.write(`${process.argv[2] ?? 'schedule'} failed: ${error.message}\n`);
    if (error.detail) process.stderr.write(`  detail: ${error.detail}\n`);
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    process.exitCode = 1;
  });
}
