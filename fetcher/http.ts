// One retry and timeout policy for every provider, implemented once as a `fetch` that all three SDKs are given
// (OpenAI and Anthropic with maxRetries: 0, Google without retryOptions), so the behaviour is identical and testable:
// - each attempt has a timeout that covers the response headers AND the whole body (read into memory here, so a
//   connection reset mid-body is a retryable failure like any other);
// - 408, 409, 429 and 5xx answers, timeouts and connection errors are retried with exponential backoff and jitter,
//   waiting what the server asks for (retry-after-ms, Retry-After in seconds or as a date, Google's RetryInfo),
//   every wait capped at maxWaitMs;
// - the last answer of each request is recorded (status, headers, raw body) so that the provider modules read the
//   raw JSON themselves (the SDKs rename fields or turn a missing list into an empty one) and so that errors carry
//   the provider's own message, never an SDK's echo of the request headers;
// - a URL that contains a secret is never sent.
import { NO_SECRETS, type Redactor } from './secrets.ts';

export interface RetryPolicy {
  /** Attempts per request, the first one included (1 = no retry). */
  attempts: number;
  /** Per attempt: headers and the complete body must arrive within this time. */
  timeoutMs: number;
  /** First backoff; it doubles on each retry (with jitter), up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Cap on any single wait, Retry-After included. */
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  timeoutMs: 30_000,
  backoffMs: 500,
  maxBackoffMs: 8_000,
  maxWaitMs: 60_000,
};

/** An HTTP status that is worth retrying: request timeout, conflict (lock), rate limit, server errors (529 too). */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A failure of one provider, with a message that is safe to print (secrets scrubbed). */
export class ProviderError extends Error {
  readonly status: number | undefined;
  readonly attempts: number | undefined;
  constructor(message: string, options: { cause?: unknown; status?: number; attempts?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.status = options.status;
    this.attempts = options.attempts;
  }
}

export interface ResponseRecord {
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  text: string;
  attempts: number;
}

export interface RetryEvent {
  url: string;
  /** The attempt that failed (1-based) and the total allowed. */
  attempt: number;
  attempts: number;
  /** What went wrong: "HTTP 429 Too Many Requests", "no answer within 30s", "connection failed: ECONNRESET". */
  reason: string;
  /** How long we wait before the next attempt, and whether the server asked for it. */
  waitMs: number;
  serverAsked: boolean;
}

export interface HttpEvents {
  retry?(event: RetryEvent): void;
}

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = Parameters<typeof fetch>[1];

/** The wait (ms) a response asks for: retry-after-ms, Retry-After (seconds or HTTP date), Google RetryInfo. */
export function serverRequestedWait(headers: Headers, bodyText: string, now = Date.now()): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const ra = headers.get('retry-after');
  if (ra !== null) {
    const v = ra.trim();
    if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
    const at = Date.parse(v);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  // Google: {"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]}}
  if (bodyText.includes('RetryInfo')) {
    try {
      const details = (JSON.parse(bodyText) as { error?: { details?: { '@type'?: string; retryDelay?: string }[] } }).error
        ?.details;
      const delay = details?.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
      const m = delay?.match(/^(\d+(?:\.\d+)?)s$/);
      if (m) return Number(m[1]) * 1000;
    } catch {
      // not JSON: no RetryInfo
    }
  }
  return undefined;
}

/** Exponential backoff with "equal jitter": half fixed, half random. */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, random = Math.random): number {
  const base = Math.min(policy.maxBackoffMs, policy.backoffMs * 2 ** (failedAttempt - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

/**
 * The provider's own words from an error body: JSON error.message / message / detail, an HTML title, or the text;
 * keys masked before anything is cut (Redactor.cut).
 */
export function providerMessage(text: string, contentType = '', redactor: Redactor = NO_SECRETS): string {
  const trimmed = text.trim();
  if (!trimmed) return '(empty body)';
  try {
    const body = JSON.parse(trimmed) as unknown;
    const found = findMessage(body);
    if (found) return oneLine(found, 300, redactor);
  } catch {
    // not JSON
  }
  if (/html/i.test(contentType) || /^<(!doctype|html)/i.test(trimmed)) {
    const title = trimmed.match(/<title[^>]*>([\s\S]*?)<\/title>/i)?.[1];
    const h1 = trimmed.match(/<h1[^>]*>([\s\S]*?)<\/h1>/i)?.[1];
    const label = oneLine(stripTags(title ?? h1 ?? ''), 200, redactor);
    return label ? `an HTML page: "${label}"` : 'an HTML page';
  }
  return `"${oneLine(trimmed, 200, redactor)}"`;
}

function findMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const err = o.error;
  if (typeof err === 'string') return err;
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const msg = typeof e.message === 'string' ? e.message : undefined;
    const kind = typeof e.type === 'string' ? e.type : typeof e.status === 'string' ? e.status : undefined;
    if (msg) return kind ? `${msg} (${kind})` : msg;
  }
  if (typeof o.message === 'string') return o.message;
  if (typeof o.detail === 'string') return o.detail;
  return undefined;
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, ' ');
}

/** One line of at most `max` characters, keys masked first (then cut: a key across the cut never leaks). */
export function oneLine(text: string, max: number, redactor: Redactor = NO_SECRETS): string {
  return redactor.cut(text.replace(/\s+/g, ' ').trim(), max);
}

/** "ECONNRESET", "other side closed"...: the innermost useful words of a fetch failure. */
function networkReason(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && !parts.includes(code)) parts.push(code);
      if (e.message && e.message !== 'fetch failed' && !parts.includes(e.message)) parts.push(e.message);
      e = e.cause;
    } else {
      parts.push(String(e));
      break;
    }
  }
  return parts.length ? parts.join(': ') : 'unknown network error';
}

function requestUrl(input: FetchInput): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}

/**
 * The HTTP side of one provider's fetch: a `fetch` for its SDK plus the record of the last answer.
 * Requests of one provider are sequential (page after page), so "the last answer" is unambiguous.
 */
export class ProviderHttp {
  last: ResponseRecord | undefined;
  failure: ProviderError | undefined;

  constructor(
    readonly policy: RetryPolicy,
    readonly redactor: Redactor,
    readonly events: HttpEvents = {},
    readonly baseFetch: typeof fetch = globalThis.fetch,
  ) {}

  /** Give this to the SDK (`fetch` option): retries, timeouts, body buffering and recording. */
  readonly fetch = async (input: FetchInput, init?: FetchInit): Promise<Response> => {
    const url = requestUrl(input);
    if (this.redactor.contains(url)) {
      this.failure = new ProviderError('refused to send a request whose URL contains an API key');
      throw this.failure;
    }
    const callerSignal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const { attempts } = this.policy;
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(this.policy.timeoutMs);
      const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
      let reason: string;
      let asked: number | undefined;
      let response: Response;
      let text: string;
      try {
        response = await this.baseFetch(input, { ...init, signal });
        text = await response.text();
      } catch (error) {
        if (callerSignal?.aborted) throw error;
        reason = timeout.aborted ? `no answer within ${seconds(this.policy.timeoutMs)}` : `connection failed: ${networkReason(error)}`;
        if (attempt >= attempts) {
          this.failure = new ProviderError(
            this.redactor.scrub(`${reason}${attempts > 1 ? ` (${attempts} attempts)` : ''}`),
            { cause: error, attempts },
          );
          throw this.failure;
        }
        await this.#wait(url, attempt, reason, undefined, callerSignal);
        continue;
      }
      const contentType = response.headers.get('content-type') ?? '';
      const record: ResponseRecord = { url, status: response.status, statusText: response.statusText, contentType, text, attempts: attempt };
      const shouldRetry = response.headers.get('x-should-retry');
      const retry = shouldRetry === 'true' || (shouldRetry !== 'false' && retryableStatus(response.status));
      if (!response.ok && retry && attempt < attempts) {
        reason = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
        asked = serverRequestedWait(response.headers, text);
        await this.#wait(url, attempt, reason, asked, callerSignal);
        continue;
      }
      this.last = record;
      if (!response.ok) this.failure = this.statusError(record);
      const headers = new Headers(response.headers);
      for (const h of ['content-encoding', 'content-length', 'transfer-encoding']) headers.delete(h);
      const nullBody = response.status === 204 || response.status === 304;
      return new Response(nullBody ? null : text, { status: response.status, statusText: response.statusText, headers });
    }
  };

  async #wait(url: string, attempt: number, reason: string, asked: number | undefined, signal?: AbortSignal | null): Promise<void> {
    const waitMs = Math.min(this.policy.maxWaitMs, asked ?? backoffDelay(this.policy, attempt));
    this.events.retry?.({
      url,
      attempt,
      attempts: this.policy.attempts,
      reason: this.redactor.scrub(reason),
      waitMs,
      serverAsked: asked !== undefined,
    });
    await sleep(waitMs, signal);
  }

  /** "HTTP 401 Unauthorized: Incorrect API key provided (invalid_request_error)", scrubbed. */
  statusError(r: ResponseRecord): ProviderError {
    const status = `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}`;
    const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : '';
    return new ProviderError(this.redactor.scrub(`${status}${tries}: ${providerMessage(r.text, r.contentType, this.redactor)}`), {
      status: r.status,
      attempts: r.attempts,
    });
  }

  /**
   * Runs one SDK call that makes one request and returns the raw JSON body of that request's answer.
   * Errors: the transport's own (timeouts, connection failures, HTTP errors with the provider's message) take
   * precedence over whatever the SDK made of them; a 2xx body that the SDK choked on is described from its text.
   */
  async json(what: string, run: () => Promise<unknown>): Promise<unknown> {
    this.last = undefined;
    this.failure = undefined;
    try {
      await run();
    } catch (error) {
      if (this.failure) throw this.#context(what, this.failure);
      if (!this.last) {
        const msg = error instanceof Error ? error.message : String(error);
        throw new ProviderError(this.redactor.scrub(`${what}: ${msg}`), { cause: error });
      }
      // A 2xx answer the SDK could not digest (not JSON, null...): described below from the raw text.
    }
    if (this.failure) throw this.#context(what, this.failure);
    const last = this.last;
    if (!last) throw new ProviderError(`${what}: the SDK sent no request`);
    return parseBody(last, what, this.redactor);
  }

  #context(what: string, e: ProviderError): ProviderError {
    return new ProviderError(`${what}: ${e.message}`, { cause: e, status: e.status, attempts: e.attempts });
  }
}

/** The JSON of a 2xx answer, or a ProviderError saying what came instead (HTML page, plain text, empty body). */
export function parseBody(r: ResponseRecord, what: string, redactor: Redactor): unknown {
  const text = r.text.trim();
  if (!text) throw new ProviderError(`${what}: HTTP ${r.status} with an empty body instead of a model list`);
  try {
    return JSON.parse(text);
  } catch (cause) {
    const ct = r.contentType ? ` (content-type ${r.contentType.split(';')[0]})` : '';
    throw new ProviderError(
      redactor.scrub(`${what}: HTTP ${r.status} with a body that is not JSON${ct}: ${providerMessage(text, r.contentType, redactor)}`),
      { cause },
    );
  }
}
