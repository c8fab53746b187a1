// Fetches every configured provider concurrently. A provider's failure is its own: it is returned as an outcome
// with the provider's message (scrubbed), never thrown, so the others carry on.
import type { ProviderConfig, WireFormat } from './config.ts';
import { ProviderError, ProviderHttp, type RetryEvent, type RetryPolicy } from './http.ts';
import type { FetchContext, FetchedList } from './providers/common.ts';
import type { Redactor } from './secrets.ts';

export interface FetchSettings {
  policy: RetryPolicy;
  maxPages: number;
  pageSize: number;
}

export const defaultFetchSettings = { maxPages: 100, pageSize: 1000 } as const;

/** Where progress goes (the CLI prints it on stderr). Messages are already scrubbed. */
export interface ProgressSink {
  start(provider: string): void;
  page(provider: string, page: number, modelsSoFar: number): void;
  retry(provider: string, event: RetryEvent): void;
  done(provider: string, models: number, pages: number): void;
  failed(provider: string, message: string): void;
}

export type FetchOutcome =
  | { provider: string; ok: true; models: unknown[]; pages: number }
  | { provider: string; ok: false; error: string; pages: number; modelsSoFar: number };

type Fetcher = (ctx: FetchContext) => Promise<FetchedList>;

/**
 * The module of each wire format, imported on first use: a run loads only the SDKs of the providers it fetches
 * (each SDK costs 6-13 MB of memory at import under plain node, twice that under tsx).
 */
const fetchers: Record<WireFormat, () => Promise<Fetcher>> = {
  openai: async () => (await import('./providers/openai.ts')).fetchOpenAI,
  anthropic: async () => (await import('./providers/anthropic.ts')).fetchAnthropic,
  google: async () => (await import('./providers/google.ts')).fetchGoogle,
};

/** One provider: its complete list, or why not. */
export async function fetchProvider(
  config: ProviderConfig,
  settings: FetchSettings,
  redactor: Redactor,
  progress: ProgressSink,
  baseFetch: typeof fetch = globalThis.fetch,
): Promise<FetchOutcome> {
  const { policy } = settings;
  const http = new ProviderHttp(policy, redactor, { retry: (e) => progress.retry(config.name, e) }, baseFetch);
  let pages = 0;
  let modelsSoFar = 0;
  const ctx: FetchContext = {
    config,
    http,
    maxPages: settings.maxPages,
    pageSize: settings.pageSize,
    sdkTimeoutMs: policy.attempts * (policy.timeoutMs + policy.maxWaitMs) + 5_000,
    onPage(page, models) {
      pages = page;
      modelsSoFar = models;
      progress.page(config.name, page, models);
    },
  };
  progress.start(config.name);
  try {
    const fetchList = await fetchers[config.format]();
    const list = await fetchList(ctx);
    progress.done(config.name, list.models.length, list.pages);
    return { provider: config.name, ok: true, models: list.models, pages: list.pages };
  } catch (error) {
    const raw = error instanceof ProviderError ? error.message : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
    const message = redactor.scrub(raw);
    progress.failed(config.name, message);
    return { provider: config.name, ok: false, error: message, pages, modelsSoFar };
  }
}

/** Every provider at once; the outcomes in the order of `providers`. */
export function fetchAll(
  providers: readonly ProviderConfig[],
  settings: FetchSettings,
  redactor: Redactor,
  progress: ProgressSink,
): Promise<FetchOutcome[]> {
  return Promise.all(providers.map((p) => fetchProvider(p, settings, redactor, progress)));
}
