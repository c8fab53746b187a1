// `make schedule` / `make unschedule`: the pg_cron jobs of DATABASE_URL's database.
//   node --import tsx fetcher/schedule.ts schedule     (CRON='0 * * * *', RETENTION='30 days', PRUNE_CRON='30 3 * * *')
//   node --import tsx fetcher/schedule.ts unschedule
// The jobs go to stdout (one per line: name, schedule, command), everything else to stderr.
import { connect, redactUrl, databaseUrl } from './db.ts';

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

main(process.argv[2]).catch((error: PostgresError) => {
  process.stderr.write(`${process.argv[2] ?? 'schedule'} failed: ${error.message}\n`);
  if (error.detail) process.stderr.write(`  detail: ${error.detail}\n`);
  if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
  process.exitCode = 1;
});
