// The fetcher figures: wall time of fetching three providers concurrently against the slowest one alone
// (mock servers with a fixed latency per page), and the peak RSS of the fetcher staging 100,000 models as `make stage`
// runs it.
// They need the fetcher (fetcher/fetch.ts, fetcher/cli.ts) and the mock servers (test/mocks/); without them
// the figures are reported as not measured, never estimated.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../test/helpers/db.ts';
import { allLists, type Provider, type RawModel } from './generate.ts';

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

// The parts of the fetcher and the mocks used here, typed locally so that this file compiles before they exist.
interface MockServer {
  baseUrl: string;
  requests: unknown[];
  close(): Promise<void>;
}
interface MockOptions {
  models?: Record<string, unknown>[];
  pageSize?: number;
  latencyMs?: number;
  key?: string | null;
}
interface Mocks {
  startOpenAIMock(o: MockOptions): Promise<MockServer>;
  startAnthropicMock(o: MockOptions): Promise<MockServer>;
  startGoogleMock(o: MockOptions): Promise<MockServer>;
}
interface ProviderConfig {
  name: string;
}
type FetchOutcome = { provider: string; ok: true; models: unknown[]; pages: number } | { provider: string; ok: false; error: string };
interface FetchModule {
  fetchAll(providers: readonly ProviderConfig[], settings: unknown, redactor: unknown, progress: unknown): Promise<FetchOutcome[]>;
}
interface ConfigModule {
  planProviders(vars: NodeJS.ProcessEnv, selected?: readonly string[]): { providers: ProviderConfig[] };
}
interface HttpModule {
  defaultRetryPolicy: Record<string, unknown>;
}
interface SecretsModule {
  Redactor: new (secrets: Iterable<string | undefined>) => unknown;
}

const KEYS: Record<Provider, string> = {
  openai: 'sk-bench-openai-0001',
  anthropic: 'sk-ant-bench-0001',
  google: 'AIza-bench-google-0001',
};

/** The mocks module, or why it cannot be used. */
async function loadMocks(): Promise<Mocks | string> {
  const path = resolve(projectRoot, 'test', 'mocks', 'index.ts');
  if (!existsSync(path)) return 'not measured: the provider mock servers (test/mocks/) are missing';
  return (await import(path)) as Mocks;
}

async function startMocks(mocks: Mocks, lists: Record<Provider, RawModel[]>, pageSize: number, latencyMs: number) {
  const servers = {
    openai: await mocks.startOpenAIMock({ models: lists.openai, key: KEYS.openai, latencyMs }),
    anthropic: await mocks.startAnthropicMock({ models: lists.anthropic, key: KEYS.anthropic, pageSize, latencyMs }),
    google: await mocks.startGoogleMock({ models: lists.google, key: KEYS.google, pageSize, latencyMs }),
  };
  const env = {
    OPENAI_API_KEY: KEYS.openai,
    OPENAI_BASE_URL: servers.openai.baseUrl,
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: servers.anthropic.baseUrl,
    GOOGLE_API_KEY: KEYS.google,
    GOOGLE_GEMINI_BASE_URL: servers.google.baseUrl,
  };
  return { servers, env, close: () => Promise.all(Object.values(servers).map((s) => s.close())) };
}

export interface FetchFigures {
  /** models per provider, page size and latency per page of the mocks */
  models: number;
  page_size: number;
  latency_ms: number;
  pages: Record<Provider, number>;
  single_ms: Record<Provider, number>;
  all_ms: number;
  fetch_vs_slowest: number;
}

/**
 * Wall time of the fetcher's fetchAll() on three mocks with `latencyMs` per page, against each provider
 * fetched alone. OpenAI's list API has no pagination: it is one page; the others have several.
 */
export async function measureFetch(models = 2_000, pageSize = 250, latencyMs = 100): Promise<FetchFigures | string> {
  const mocks = await loadMocks();
  if (typeof mocks === 'string') return mocks;
  const fetchPath = resolve(projectRoot, 'fetcher', 'fetch.ts');
  if (!existsSync(fetchPath)) return 'not measured: the fetcher (fetcher/fetch.ts) is missing';
  const { fetchAll } = (await import(fetchPath)) as FetchModule;
  const { planProviders } = (await import(resolve(projectRoot, 'fetcher', 'config.ts'))) as ConfigModule;
  const { defaultRetryPolicy } = (await import(resolve(projectRoot, 'fetcher', 'http.ts'))) as HttpModule;
  const { Redactor } = (await import(resolve(projectRoot, 'fetcher', 'secrets.ts'))) as SecretsModule;

  const lists = Object.fromEntries(allLists(models * 3).map((l) => [l.provider, l.first])) as Record<Provider, RawModel[]>;
  const m = await startMocks(mocks, lists, pageSize, latencyMs);
  try {
    const plan = planProviders({ ...m.env }, ['openai', 'anthropic', 'google']);
    const settings = { policy: defaultRetryPolicy, maxPages: 1_000, pageSize };
    const redactor = new Redactor(Object.values(KEYS));
    const quiet = { start() {}, page() {}, retry() {}, done() {}, failed() {} };
    const run = async (providers: ProviderConfig[]) => {
      const start = performance.now();
      const outcomes = await fetchAll(providers, settings, redactor, quiet);
      const ms = performance.now() - start;
      for (const o of outcomes) {
        if (!o.ok) throw new Error(`fetching ${o.provider} from its mock failed: ${o.error}`);
        const expected = lists[o.provider as Provider].length;
        if (o.models.length !== expected) throw new Error(`${o.provider}: fetched ${o.models.length} models, the mock serves ${expected}`);
      }
      return { ms, outcomes };
    };
    await run(plan.providers); // warm-up: module loading, JIT, connection setup
    const single = {} as Record<Provider, number>;
    const pages = {} as Record<Provider, number>;
    for (const p of plan.providers) {
      const r = await run([p]);
      single[p.name as Provider] = r.ms;
      const o = r.outcomes[0]!;
      pages[p.name as Provider] = o.ok ? o.pages : 0;
    }
    const all = await run(plan.providers);
    const slowest = Math.max(...Object.values(single));
    return { models, page_size: pageSize, latency_ms: latencyMs, pages, single_ms: single, all_ms: all.ms, fetch_vs_slowest: all.ms / slowest };
  } finally {
    await m.close();
  }
}

export interface RssFigures {
  models: number;
  peak_rss_mb: number;
  /** the same CLI run on a list of a few models: what Node and the SDKs take by themselves */
  baseline_rss_mb: number;
  /** the fetcher process's lifetime (start-up, fetch, staging) */
  wall_ms: number;
}

/**
 * Runs `make stage ARGS=--json` (the fetcher as the Makefile runs it: built into dist/ when stale, then
 * `$(FETCHER) --stage-only`) against the mocks; returns the fetcher process's peak RSS in MB and its lifetime.
 * Every node process of the run records its figures (bench/max-rss.mjs); the fetcher's is the one running dist/cli.js.
 */
async function cliPeakRss(env: Record<string, string>, databaseUrl: string): Promise<{ mb: number; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-model-sync-bench-'));
  const out = join(dir, 'rss.jsonl');
  try {
    await new Promise<void>((ok, fail) => {
      const child = spawn(
        'make',
        // -o: never reinstall node_modules from here (a checkout installed by hand has no marker file)
        ['-s', '--no-print-directory', '-o', 'node_modules/.installed', 'stage', 'ARGS=--json'],
        {
          cwd: projectRoot,
          // only what the run needs: no provider key of the user's environment leaks into the benchmark
          env: {
            PATH: process.env.PATH ?? '',
            HOME: process.env.HOME ?? '',
            DATABASE_URL: databaseUrl,
            NODE_OPTIONS: `--import=${pathToFileURL(resolve(projectRoot, 'bench', 'max-rss.mjs')).href}`,
            BENCH_MAX_RSS_FILE: out,
            CI: '1',
            // the price tables are measured on their own (never the real network from a benchmark)
            AI_MODEL_SYNC_PRICE_SOURCES: 'none',
            ...env,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      child.on('error', (cause) => fail(new Error('could not run make stage', { cause })));
      child.on('exit', (c) => (c === 0 ? ok() : fail(new Error(`make stage exited with ${c}: ${stderr}`))));
    });
    const cli = resolve(projectRoot, 'dist', 'cli.js');
    const runs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { script: string; maxRssKb: number; ms: number });
    const fetcher = runs.find((r) => resolve(r.script) === cli);
    if (!fetcher) throw new Error(`make stage ran no node process on ${cli} (ran: ${runs.map((r) => r.script).join(', ')})`);
    return { mb: fetcher.maxRssKb / 1024, ms: fetcher.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS of the fetcher (`make stage`) fetching and staging `models` models (a third per provider) into `databaseUrl`. */
export async function measureRss(databaseUrl: string, models = 100_000, pageSize = 1_000): Promise<RssFigures | string> {
  const mocks = await loadMocks();
  if (typeof mocks === 'string') return mocks;
  if (!existsSync(resolve(projectRoot, 'fetcher', 'fetch.ts'))) return 'not measured: the fetcher (fetcher/fetch.ts) is missing';
  const run = async (n: number) => {
    const lists = Object.fromEntries(allLists(n).map((l) => [l.provider, l.first])) as Record<Provider, RawModel[]>;
    const m = await startMocks(mocks, lists, pageSize, 0);
    try {
      return await cliPeakRss(m.env, databaseUrl);
    } finally {
      await m.close();
    }
  };
  const baseline = await run(30);
  log(`fetcher CLI baseline RSS ${baseline.mb.toFixed(0)} MB; now with ${models} models...`);
  const big = await run(models);
  return { models, peak_rss_mb: big.mb, baseline_rss_mb: baseline.mb, wall_ms: big.ms };
}
