// Runs a command with DATABASE_URL set: the user's own when set, else the embedded PostgreSQL,
// which it starts for the command's lifetime (or reuses when one already runs).
//   node --import tsx fetcher/with-db.ts -- <command> [args...]
import { spawn } from 'node:child_process';
import { startEmbedded } from './embedded.ts';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  if (command.length === 0) throw new Error('usage: with-db.ts -- <command> [args...]');
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  if (!url) {
    const db = await startEmbedded();
    url = db.url;
    stop = db.stop;
  }
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(command[0]!, command.slice(1), { stdio: 'inherit', env: { ...process.env, DATABASE_URL: url } });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on('SIGINT', forward).on('SIGTERM', forward);
      child.on('error', (cause) => reject(new Error(`could not run ${command[0]}`, { cause })));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`with-db: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}\n`);
    process.exit(1);
  },
);
