// Serves the Supabase Edge Function's handler under the real Deno runtime (the npm package `deno`) the way Supabase
// bundles it: supabase/functions/sync-ai-models and fetcher/ copied into an empty directory (no package.json, no
// node_modules), imports resolved by the function's deno.json (npm: specifiers, Deno's own cache). For the edge
// function test and its benchmark.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const projectRoot = resolve(import.meta.dirname, '..', '..');
/** The npm package's launcher (a node script that runs the binary as its child). */
export const denoLauncher = join(projectRoot, 'node_modules', '.bin', 'deno');

/**
 * The environment Deno runs with (plus what a caller adds): PATH, HOME, NO_COLOR, and how it reaches the npm registry
 * to fill its cache. Deno trusts only its bundled Mozilla roots by default; on a machine whose HTTPS goes through
 * a proxy with its own CA (as this workplace's does) that fails with `invalid peer certificate: UnknownIssuer`, so
 * it also trusts the system store, and the proxy / registry / certificate settings of the caller pass through.
 */
export function denoEnv(): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    NO_COLOR: '1',
    DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'system,mozilla',
  };
  for (const name of ['DENO_DIR', 'DENO_CERT', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy', 'NPM_CONFIG_REGISTRY']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}

let binary: string | undefined;
/**
 * The Deno binary itself, asked of the launcher once: the tests and the benchmark run it directly, so that its pid
 * is Deno's (for /proc figures) and stopping it stops Deno, not only the launcher.
 */
export function denoBinary(): string {
  binary ??= execFileSync(denoLauncher, ['eval', 'console.log(Deno.execPath())'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).trim();
  return binary;
}

export interface EdgeFunction {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** The Deno process (for /proc figures). */
  pid: number;
  /** The directory the function runs from. */
  dir: string;
  /** Everything Deno printed, stdout and stderr. */
  logs(): string;
  stop(): Promise<void>;
}

/** Starts Deno serving the handler with exactly `env` (plus `denoEnv()`); resolves once it listens. */
export async function startEdgeFunction(env: Record<string, string>, timeoutMs = 180_000): Promise<EdgeFunction> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-fn-'));
  mkdirSync(join(dir, 'supabase', 'functions'), { recursive: true });
  cpSync(join(projectRoot, 'supabase', 'functions', 'sync-ai-models'), join(dir, 'supabase', 'functions', 'sync-ai-models'), { recursive: true });
  cpSync(join(projectRoot, 'fetcher'), join(dir, 'fetcher'), { recursive: true });
  writeFileSync(
    join(dir, 'serve.ts'),
    [
      "import { handler } from './supabase/functions/sync-ai-models/handler.ts';",
      '// after each request, the isolate\'s memory (for the benchmark)',
      'const serve = async (request: Request) => {',
      '  const response = await handler(request);',
      '  const m = Deno.memoryUsage();',
      '  console.log(`memory ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}`);',
      '  return response;',
      '};',
      "Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening on ${port}`) }, serve);",
    ].join('\n'),
  );
  let logs = '';
  const child: ChildProcess = spawn(
    denoBinary(),
    ['run', '--quiet', '--config', 'supabase/functions/sync-ai-models/deno.json', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', 'serve.ts'],
    { cwd: dir, env: { ...denoEnv(),
      // never the real network: a test that wants price tables serves them and says so
      AI_MODEL_SYNC_PRICE_SOURCES: 'none', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await new Promise<string>((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`deno did not start within ${timeoutMs / 1000} s:\n${logs}`)), timeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        logs += d;
        const m = /listening on (\d+)/.exec(logs);
        if (m) {
          clearTimeout(timer);
          resolvePromise(`http://127.0.0.1:${m[1]}/`);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (logs += d));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`deno exited with ${code}:\n${logs}`));
      });
    });
    return { url, pid: child.pid!, dir, logs: () => logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
