// `make sync` until the fetcher lands: applies what is staged and prints the reports.
import { connect } from './db.ts';

const sql = connect();
try {
  process.stderr.write('no provider is configured (the fetcher is not built yet): applying what is staged\n');
  const [{ started }] = (await sql`select now() as started`) as unknown as [{ started: Date }];
  await sql`call sync_ai_models()`;
  const reports = await sql`select report from ai_model_fetches where applied_at >= ${started} order by provider, id`;
  for (const { report } of reports) process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  process.stderr.write(`sync failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await sql.end();
}
