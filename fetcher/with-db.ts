// Runs a command with DATABASE_URL set: the user's own when set, else this checkout's embedded PostgreSQL
// (fetcher/embedded.ts), which it starts for the command's lifetime (or reuses when it already runs).
//   node --import tsx fetcher/with-db.ts -- <command> [args...]
// A failure to start the server is one line on stderr (exit 3, a database error), never a stack trace.
import { spawn } from 'node:child_process';
import { startEmbedded } from './embedded.ts';

class UsageError extends Error {}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const command = argv[0] === '--' ? argv.slice(1) : argv;
  if (command.length === 0) throw new UsageError('usage: with-db.ts -- <command> [args...]');
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
      child.on('error', (cause) => reject(new Error(`could not run ${command[0]}: ${cause.message}`, { cause })));
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
    process.exit(error instanceof UsageError ? 2 : 3);
  },
);
