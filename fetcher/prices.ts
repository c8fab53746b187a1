// The public price tables of a run (issue 13, SPEC 5.1): LiteLLM's cost map, models.dev's api.json and
// genai-prices' data file, fetched with the providers' timeouts and retries (fetcher/http.ts), staged raw in
// ai_price_fetches and mapped, agreed on and applied by the database (CALL sync_ai_models()).
//   - A source's failure is its own: the others and the providers still sync; the run exits 1.
//   - An unchanged source is not staged again: If-None-Match / If-Modified-Since with the validators of its last
//     staged copy, and the SHA-256 of that copy's bytes.
//   - The answer is checked before staging: an HTML page, a body that is not JSON (a truncated one) or a document
//     of the wrong shape is reported by name and staged nowhere; the database then checks the models count.
// The run hook (syncOnce in fetcher/sync.ts, for the CLI, the library and the Edge Function) is: PriceRun.plan() with the options, fetch() beside the providers, stage() before
// the sync, collect() after it; exitCode and render() feed the summary.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from './config.ts';
import type { Sql } from './db.ts';
import type { ProgressSink } from './fetch.ts';
import { ProviderError, ProviderHttp, providerMessage, type RetryPolicy } from './http.ts';
import type { Redactor } from './secrets.ts';

export const PRICE_SOURCES = ['litellm', 'models.dev', 'genai-prices'] as const;
export type PriceSource = (typeof PRICE_SOURCES)[number];

/** Where each project publishes its file. */
export const DEFAULT_PRICE_URLS: Readonly<Record<PriceSource, string>> = {
  litellm: 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json',
  'models.dev': 'https://models.dev/api.json',
  'genai-prices': 'https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/new_data/v2/data.json',
};

export const PRICE_URL_VARS: Readonly<Record<PriceSource, string>> = {
  litellm: 'AI_MODEL_SYNC_LITELLM_URL',
  'models.dev': 'AI_MODEL_SYNC_MODELS_DEV_URL',
  'genai-prices': 'AI_MODEL_SYNC_GENAI_PRICES_URL',
};

export const PRICE_POLICIES = ['fill', 'follow', 'report'] as const;
export type PricePolicy = (typeof PRICE_POLICIES)[number];

export interface PricePlan {
  sources: { source: PriceSource; location: string }[];
  /** Settings to store in the database (ai_model_sync.price_settings) for every later sync, pg_cron's too. */
  policy?: PricePolicy;
  quorum?: number;
}

/** The sources of a run: --price-sources, else AI_MODEL_SYNC_PRICE_SOURCES, else all three; `none` for none. */
export function planPriceSources(env: NodeJS.ProcessEnv, flag?: string): PricePlan {
  const raw = (flag ?? env.AI_MODEL_SYNC_PRICE_SOURCES ?? '').trim();
  const label = flag !== undefined ? '--price-sources' : 'AI_MODEL_SYNC_PRICE_SOURCES';
  let names: PriceSource[];
  if (!raw) names = [...PRICE_SOURCES];
  else if (raw === 'none') names = [];
  else {
    names = [];
    for (const name of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!(PRICE_SOURCES as readonly string[]).includes(name)) {
        throw new ConfigError(`${label}: unknown price source "${name}" (known: ${PRICE_SOURCES.join(', ')}, or none)`);
      }
      if (!names.includes(name as PriceSource)) names.push(name as PriceSource);
    }
  }
  const plan: PricePlan = {
    sources: names.map((source) => ({ source, location: env[PRICE_URL_VARS[source]]?.trim() || DEFAULT_PRICE_URLS[source] })),
  };
  const policy = env.AI_MODEL_SYNC_PRICE_POLICY?.trim();
  if (policy) {
    if (!(PRICE_POLICIES as readonly string[]).includes(policy)) {
      throw new ConfigError(`AI_MODEL_SYNC_PRICE_POLICY: must be ${PRICE_POLICIES.join(', ')}, got "${policy}"`);
    }
    plan.policy = policy as PricePolicy;
  }
  const quorum = env.AI_MODEL_SYNC_PRICE_QUORUM?.trim();
  if (quorum) {
    const n = Number(quorum);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError(`AI_MODEL_SYNC_PRICE_QUORUM: must be a whole number >= 1, got "${quorum}"`);
    plan.quorum = n;
  }
  return plan;
}

export interface Validators {
  etag: string | null;
  last_modified: string | null;
  digest: string;
}

/** One source's fetch: a new copy to stage, an unchanged one, or why not. */
export type PriceFetch =
  | { source: PriceSource; location: string; status: 'fetched'; text: string; digest: string; etag: string | null; lastModified: string | null; bytes: number }
  | { source: PriceSource; location: string; status: 'unchanged'; reason: string }
  | { source: PriceSource; location: string; status: 'failed'; error: string };

/** What the run reports per source. */
export interface PriceOutcome {
  source: PriceSource;
  location: string;
  status: 'unchanged' | 'staged' | 'applied' | 'superseded' | 'failed' | 'not staged';
  error?: string;
  fetch?: number;
  bytes?: number;
  reason?: string;
  report?: {
    models?: number;
    prices?: number;
    changed?: number;
    skipped?: number;
    skipped_entries?: { entry: string; problem: string }[];
    duplicates?: { provider: string; api_identifier: string; entries: string[]; conflicting_keys: string[] }[];
  };
}

/** The digest of a copy's text (ai_price_fetches.digest): an unchanged copy is not staged again. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The first check of a document, before it is staged: its top-level shape. The database checks the rest. */
export function shapeProblem(source: PriceSource, doc: unknown): string | undefined {
  const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
  if (source === 'genai-prices') return Array.isArray(doc) ? undefined : 'not a JSON array of providers (genai-prices\' data file)';
  if (!isObject) return source === 'litellm' ? 'not a JSON object keyed by model name (a LiteLLM cost map)' : 'not a JSON object keyed by provider id (models.dev\'s api.json)';
  return undefined;
}

/** Reads the validators of each source's last staged copy that did not fail; none when the role may not read them. */
export async function lastValidators(sql: Sql): Promise<Map<string, Validators>> {
  const rows = await sql<(Validators & { source: string })[]>`
    select distinct on (source) source, etag, last_modified, digest
      from public.ai_price_fetches
     where status <> 'failed'
     order by source, fetched_at desc, id desc`;
  return new Map(rows.map((r) => [r.source, { etag: r.etag, last_modified: r.last_modified, digest: r.digest }]));
}

/** One source: a conditional GET (or a local file), checked. Never throws. */
export async function fetchPriceSource(
  source: PriceSource,
  location: string,
  previous: Validators | undefined,
  policy: RetryPolicy,
  redactor: Redactor,
  progress: Pick<ProgressSink, 'start' | 'retry' | 'done' | 'failed'>,
  baseFetch: typeof fetch = globalThis.fetch,
): Promise<PriceFetch> {
  const name = `${source} (prices)`;
  progress.start(name);
  const failed = (error: string): PriceFetch => {
    const message = redactor.scrub(error);
    progress.failed(name, message);
    return { source, location, status: 'failed', error: message };
  };
  let text: string;
  let etag: string | null = null;
  let lastModified: string | null = null;
  if (!/^https?:\/\//i.test(location)) {
    const path = location.replace(/^file:\/\//, '');
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      return failed(`${location}: ${(error as Error).message}`);
    }
  } else {
    const http = new ProviderHttp(policy, redactor, { retry: (e) => progress.retry(name, e) }, baseFetch);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    if (previous?.last_modified) headers['if-modified-since'] = previous.last_modified;
    let response: Response;
    try {
      response = await http.fetch(location, { headers });
    } catch (error) {
      return failed(`${location}: ${error instanceof ProviderError ? error.message : (error as Error).message}`);
    }
    if (response.status === 304) {
      progress.done(name, 0, 1);
      return { source, location, status: 'unchanged', reason: 'HTTP 304 Not Modified' };
    }
    if (!response.ok) return failed(`${location}: ${http.statusError(http.last!).message}`);
    text = http.last!.text;
    const contentType = http.last!.contentType;
    etag = response.headers.get('etag');
    lastModified = response.headers.get('last-modified');
    if (/html/i.test(contentType) || /^\s*<(!doctype|html)/i.test(text)) {
      return failed(`${location}: HTTP ${response.status} with ${providerMessage(text, 'text/html')} instead of a price table`);
    }
  }
  // the same bytes as the last copy that was staged (and so checked): nothing to parse, nothing to stage
  const digest = sha256(text);
  if (previous && previous.digest === digest) {
    progress.done(name, 0, 1);
    return { source, location, status: 'unchanged', reason: 'same bytes as the last staged copy' };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const trimmed = text.trim();
    const what = !trimmed ? 'an empty body' : /^[[{]/.test(trimmed) ? 'truncated or malformed JSON' : `a body that is not JSON: ${providerMessage(text)}`;
    return failed(`${location}: ${what} (${(error as Error).message})`);
  }
  const problem = shapeProblem(source, doc);
  doc = undefined;
  if (problem) return failed(`${location}: ${problem}`);
  progress.done(name, 0, 1);
  return { source, location, status: 'fetched', text, digest, etag, lastModified, bytes: Buffer.byteLength(text) };
}

/** A run's price sources, from plan to report. */
export class PriceRun {
  fetches: PriceFetch[] = [];
  outcomes: PriceOutcome[] = [];
  private staged: { source: PriceSource; id: number | undefined }[] = [];

  private constructor(readonly plan: PricePlan) {}

  /** Throws ConfigError on a bad variable or flag. */
  static plan(env: NodeJS.ProcessEnv, flag?: string): PriceRun {
    return new PriceRun(planPriceSources(env, flag));
  }

  get enabled(): boolean {
    return this.plan.sources.length > 0;
  }

  /** Fetches every source concurrently; validators read on a short connection of its own (none if it fails). */
  async fetch(options: { policy: RetryPolicy; redactor: Redactor; progress: ProgressSink; connect: () => Sql | Promise<Sql>; baseFetch?: typeof fetch }): Promise<void> {
    if (!this.enabled) return;
    let validators = new Map<string, Validators>();
    let sql: Sql | undefined;
    try {
      sql = await options.connect();
      validators = await lastValidators(sql);
    } catch {
      // no database yet, no table or no privilege: fetch without validators
    } finally {
      await sql?.end({ timeout: 5 });
    }
    this.fetches = await Promise.all(
      this.plan.sources.map((s) =>
        fetchPriceSource(s.source, s.location, validators.get(s.source), options.policy, options.redactor, options.progress, options.baseFetch),
      ),
    );
  }

  /**
   * Before the sync: stores the policy and quorum given in the environment (not in stage-only mode: that role may
   * only insert) and stages each new copy as text cast to jsonb. A copy jsonb cannot hold fails that source alone.
   * In a dry run nothing is staged (the sync would apply it for real).
   */
  async stage(sql: Sql, mode: 'sync' | 'dry-run' | 'stage-only', log: (line: string) => void): Promise<void> {
    if (mode === 'sync' && (this.plan.policy || this.plan.quorum)) {
      await sql`
        update ai_model_sync.price_settings
           set policy = coalesce(${this.plan.policy ?? null}, policy), quorum = coalesce(${this.plan.quorum ?? null}::integer, quorum),
               updated_at = pg_catalog.now()
         where (policy, quorum) is distinct from (coalesce(${this.plan.policy ?? null}, policy), coalesce(${this.plan.quorum ?? null}::integer, quorum))`;
    } else if (mode === 'stage-only' && (this.plan.policy || this.plan.quorum)) {
      log('prices: AI_MODEL_SYNC_PRICE_POLICY / _QUORUM are stored by make sync (or an admin), not by a stage-only run');
    }
    for (const f of this.fetches) {
      if (f.status !== 'fetched') continue;
      if (mode === 'dry-run') {
        this.staged.push({ source: f.source, id: undefined });
        continue;
      }
      try {
        if (mode === 'stage-only') {
          await sql`insert into public.ai_price_fetches (source, payload, location, etag, last_modified, digest)
                    values (${f.source}, ${f.text}::text::jsonb, ${f.location}, ${f.etag}, ${f.lastModified}, ${f.digest})`;
          this.staged.push({ source: f.source, id: undefined });
        } else {
          const [row] = await sql<{ id: number }[]>`
            insert into public.ai_price_fetches (source, payload, location, etag, last_modified, digest)
            values (${f.source}, ${f.text}::text::jsonb, ${f.location}, ${f.etag}, ${f.lastModified}, ${f.digest}) returning id`;
          this.staged.push({ source: f.source, id: row!.id });
        }
      } catch (cause) {
        if (!String((cause as { code?: unknown }).code ?? '').startsWith('22')) throw cause;
        Object.assign(f, { status: 'failed', error: `${f.location}: cannot be stored as JSON in PostgreSQL: ${(cause as Error).message}` });
      }
    }
  }

  /** Whether fetch() brought a copy to stage (so a run without providers still connects). */
  get fetched(): boolean {
    return this.fetches.some((f) => f.status === 'fetched');
  }

  /** Whether stage() left copies for the sync to apply (so a run without providers still calls it). */
  get pending(): boolean {
    return this.staged.some((s) => s.id !== undefined);
  }

  /** After the sync: each source's outcome, with the database's report of the copies staged here. */
  async collect(sql: Sql | undefined, mode: 'sync' | 'dry-run' | 'stage-only'): Promise<PriceOutcome[]> {
    const ids = this.staged.flatMap((s) => (s.id !== undefined ? [s.id] : []));
    const rows = sql && ids.length
      ? await sql<{ id: number; source: PriceSource; status: PriceOutcome['status']; error: string | null; report: PriceOutcome['report'] | null }[]>`
          select id, source, status, error, report from public.ai_price_fetches where id = any(${ids}::bigint[])`
      : [];
    this.outcomes = this.fetches.map((f): PriceOutcome => {
      const base = { source: f.source, location: f.location };
      if (f.status === 'failed') return { ...base, status: 'failed', error: f.error };
      if (f.status === 'unchanged') return { ...base, status: 'unchanged', reason: f.reason };
      const row = rows.find((r) => r.source === f.source);
      if (!row) return { ...base, status: mode === 'dry-run' ? 'not staged' : 'staged', bytes: f.bytes, ...(mode === 'dry-run' ? { reason: 'a dry run stages no price table' } : {}) };
      return {
        ...base,
        status: row.status,
        fetch: row.id,
        bytes: f.bytes,
        ...(row.error ? { error: row.error } : {}),
        ...(row.report ? { report: row.report } : {}),
      };
    });
    return this.outcomes;
  }

  /** 1 when a source failed (its fetch, its checks or its copy in the database). */
  get exitCode(): 0 | 1 {
    return this.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
  }
}

interface BatchPrices {
  policy?: string;
  quorum?: number;
  filled?: { api_identifier: string; key: string; consensus: unknown; sources: string[] }[];
  followed?: { api_identifier: string; key: string; consensus: unknown; catalog: unknown; sources: string[] }[];
  drifting?: number;
}

/** The "Prices" section of the human report: one line per source, then what the providers' merges did. */
export function renderPrices(outcomes: readonly PriceOutcome[], results: readonly { provider: string; report?: object | undefined }[]): string {
  if (outcomes.length === 0) return '';
  const lines: string[] = [];
  const batches = results as readonly { provider: string; report?: { prices?: BatchPrices } }[];
  const withPrices = batches.filter((b) => b.report?.prices);
  const first = withPrices[0]?.report?.prices;
  lines.push(first ? `Prices (policy ${first.policy}, quorum ${first.quorum}):` : 'Prices:');
  const width = Math.max(...outcomes.map((o) => o.source.length));
  for (const o of outcomes) {
    const r = o.report;
    let detail = '';
    if (o.status === 'applied' && r) {
      detail = `${r.models ?? 0} models, ${r.prices ?? 0} prices (${r.changed ?? 0} changed), ${r.skipped ?? 0} skipped, ${r.duplicates?.length ?? 0} duplicate ids`;
    } else if (o.status === 'unchanged') detail = `not staged again: ${o.reason}`;
    else if (o.status === 'failed') detail = `FAILED: ${o.error}`;
    else if (o.reason) detail = o.reason;
    lines.push(`  ${o.source.padEnd(width)}  ${o.status.padEnd(10)} ${detail}`.trimEnd());
    for (const s of (r?.skipped_entries ?? []).slice(0, 5)) lines.push(`    skipped "${s.entry}": ${s.problem}`);
    for (const d of (r?.duplicates ?? []).filter((x) => x.conflicting_keys.length > 0).slice(0, 5)) {
      lines.push(`    duplicate ${d.provider}/${d.api_identifier} (${d.entries.map((e) => `"${e}"`).join(', ')}): ${d.conflicting_keys.join(', ')} priced differently, counted for none`);
    }
  }
  const filled = withPrices.flatMap((b) => (b.report!.prices!.filled ?? []).map((f) => ({ ...f, provider: b.provider })));
  const followed = withPrices.flatMap((b) => (b.report!.prices!.followed ?? []).map((f) => ({ ...f, provider: b.provider })));
  const drifting = withPrices.reduce((n, b) => n + (b.report!.prices!.drifting ?? 0), 0);
  const failed = outcomes.filter((o) => o.status === 'failed').map((o) => o.source);
  lines.push(`  filled ${filled.length}, followed ${followed.length}, drifting ${drifting}${drifting ? ' (select * from ai_models_price_drift)' : ''}, sources failed ${failed.length ? failed.join(', ') : 'none'}`);
  for (const f of filled.slice(0, 10)) lines.push(`    filled ${f.provider}/${f.api_identifier} ${f.key} = ${String(f.consensus)} (${f.sources.join(' + ')})`);
  for (const f of followed.slice(0, 10)) lines.push(`    followed ${f.provider}/${f.api_identifier} ${f.key}: ${String(f.catalog)} -> ${String(f.consensus)} (${f.sources.join(' + ')})`);
  return `\n${lines.join('\n')}\n`;
}
