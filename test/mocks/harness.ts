// Helpers for tests, benchmarks and reliability checks that drive the fetcher against the mocks:
// provider configs pointing at a mock, a progress sink that records events, a fast retry policy, and runCli()
// which runs fetcher/cli.ts as a child process with a clean environment (no real key of the machine leaks in).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { ProviderConfig, WireFormat } from '../../fetcher/config.ts';
import type { ProgressSink } from '../../fetcher/fetch.ts';
import type { RetryEvent, RetryPolicy } from '../../fetcher/http.ts';
import type { MockServer } from './server.ts';

export const projectRoot = resolve(import.meta.dirname, '..', '..');

/** Retries that do not slow tests down: 3 attempts, 5 ms backoff, 1 s timeout. */
export const fastPolicy: RetryPolicy = { attempts: 3, timeoutMs: 1_000, backoffMs: 5, maxBackoffMs: 20, maxWaitMs: 5_000 };

export function providerFor(
  mock: MockServer,
  name: string,
  format: WireFormat,
  apiKey: string | undefined,
  extra: Partial<ProviderConfig> = {},
): ProviderConfig {
  return { name, format, baseUrl: mock.baseUrl, apiKey, keyVar: apiKey ? `${name.toUpperCase()}_API_KEY` : undefined, nullListIsEmpty: false, ...extra };
}

export interface RecordedProgress extends ProgressSink {
  events: { provider: string; kind: 'start' | 'page' | 'retry' | 'done' | 'failed'; page?: number; models?: number; retry?: RetryEvent; message?: string }[];
  retries(provider?: string): RetryEvent[];
}

export function recordProgress(): RecordedProgress {
  const events: RecordedProgress['events'] = [];
  return {
    events,
    retries: (provider) => events.filter((e) => e.kind === 'retry' && (!provider || e.provider === provider)).map((e) => e.retry!),
    start: (provider) => events.push({ provider, kind: 'start' }),
    page: (provider, page, models) => events.push({ provider, kind: 'page', page, models }),
    retry: (provider, retry) => events.push({ provider, kind: 'retry', retry }),
    done: (provider, models, page) => events.push({ provider, kind: 'done', models, page }),
    failed: (provider, message) => events.push({ provider, kind: 'failed', message }),
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node --import tsx fetcher/cli.ts ...args` with only PATH, HOME and `env` set (asynchronously, so that mocks
 * served by the calling process keep answering). Retries are fast unless env says otherwise.
 */
export function runCli(args: readonly string[], env: Record<string, string | undefined>): Promise<CliResult> {
  const clean: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', AI_MODEL_SYNC_BACKOFF_MS: '5',
    // never the real network: a test that wants price tables serves them (test/mocks/prices.ts) and says so
    AI_MODEL_SYNC_PRICE_SOURCES: 'none' };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) clean[k] = v;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'fetcher/cli.ts', ...args], { cwd: projectRoot, env: clean, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
