// The shared machinery of the provider mock servers (test/mocks/{openai,anthropic,google}.ts): an HTTP server on
// 127.0.0.1, port 0, that answers a provider's list-models endpoint in its real wire format, with a configurable
// models list, page size and per-page latency, injectable faults, and a log of every request (URL, headers,
// start and end times) so that tests can assert what was sent (no key in a URL) and that providers overlapped.
// Reused by the benchmark and reliability helpers; `test/mocks/serve.ts` runs them standalone.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export type Fault =
  /** An HTTP error in the provider's error format, optionally with Retry-After (seconds or date) / retry-after-ms. */
  | { type: 'status'; status: number; message?: string; retryAfter?: string; retryAfterMs?: string }
  /** Accept the request and never answer. */
  | { type: 'hang' }
  /** Send the headers and half of the body, then destroy the connection. */
  | { type: 'reset' }
  /** 200 with application/json content-type and a truncated JSON body. */
  | { type: 'invalid-json' }
  /** An HTML error page (a proxy's 502 by default; status 200 for a captive portal). */
  | { type: 'html'; status?: number }
  /** The page without its list field (data / models). */
  | { type: 'no-list' }
  /** The list field is null. */
  | { type: 'null-list' }
  /** Google: nextPageToken ""; Anthropic: has_more true with last_id null. */
  | { type: 'empty-next-token' }
  /** Every page says there is another one (fresh synthetic models each time). */
  | { type: 'endless' }
  /** Anything: status, body, content type, headers. */
  | { type: 'raw'; status?: number; body: string; contentType?: string; headers?: Record<string, string> };

export interface FaultRule {
  fault: Fault;
  /** Only requests for this page (1-based); every page when absent. */
  page?: number;
  /** How many matching requests get the fault; unlimited when absent. */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  page: number;
  /** performance.now() when the request arrived and when its response ended (or the connection closed). */
  startedAt: number;
  endedAt: number | undefined;
  status: number | undefined;
  fault: Fault['type'] | undefined;
}

export interface MockOptions {
  models?: Record<string, unknown>[];
  /** Largest page the server sends (Anthropic limit / Google pageSize are honoured when smaller). */
  pageSize?: number;
  /** Delay before each answer, in ms. */
  latencyMs?: number;
  /** When set, every answer waits until this promise settles (a barrier across servers, see `arrivalBarrier`). */
  gate?: Promise<unknown> | null;
  /** The key the server expects; null: no authentication (OpenRouter, Ollama). */
  key?: string | null;
  faults?: FaultRule[];
}

export interface PageRequest {
  url: URL;
  headers: IncomingMessage['headers'];
}

/** What a wire format plugs into the server. */
export interface WireFormat {
  /** Does this path list models? */
  route(path: string): boolean;
  /** Undefined when the request carries the right key, else the error to answer. */
  authError(req: PageRequest, key: string): { status: number; message: string } | undefined;
  /** The page a request asks for (1-based) and its body. */
  page(req: PageRequest, models: Record<string, unknown>[], pageSize: number, endless: boolean): { page: number; body: unknown };
  /** Which page a request asks for, without rendering it (for matching faults). */
  pageNumber(req: PageRequest, models: Record<string, unknown>[], pageSize: number): number;
  /** The page body with its list-shaped fault applied. */
  applyListFault(fault: 'no-list' | 'null-list' | 'empty-next-token', body: unknown): unknown;
  errorBody(status: number, message: string): unknown;
}

export interface MockServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The base URL to configure the fetcher with (OPENAI_BASE_URL includes /v1, the others not). */
  baseUrl: string;
  port: number;
  options: Required<Omit<MockOptions, 'faults'>>;
  requests: LoggedRequest[];
  fault(rule: FaultRule | Fault): void;
  clearFaults(): void;
  /** Clears faults and the request log. */
  reset(): void;
  close(): Promise<void>;
}

const HTML_PAGE = (status: number) =>
  `<!DOCTYPE html>\n<html><head><title>${status} Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server returned an invalid response.</p><hr><address>nginx</address></body></html>\n`;

const reasonPhrase: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  529: 'Overloaded',
};

export async function startMock(format: WireFormat, options: MockOptions, basePath = ''): Promise<MockServer> {
  const state = {
    models: options.models ?? [],
    pageSize: options.pageSize ?? 1000,
    latencyMs: options.latencyMs ?? 0,
    gate: options.gate ?? null,
    key: options.key === undefined ? null : options.key,
  };
  let rules: { rule: FaultRule; used: number }[] = (options.faults ?? []).map((rule) => ({ rule, used: 0 }));
  const requests: LoggedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const takeFault = (page: number): Fault | undefined => {
    for (const r of rules) {
      if (r.rule.page !== undefined && r.rule.page !== page) continue;
      if (r.rule.times !== undefined && r.used >= r.rule.times) continue;
      r.used++;
      return r.rule.fault;
    }
    return undefined;
  };

  const send = (res: ServerResponse, status: number, body: string, contentType = 'application/json', headers: Record<string, string> = {}) => {
    res.writeHead(status, reasonPhrase[status] ?? '', { 'content-type': contentType, 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, entry: LoggedRequest) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pr: PageRequest = { url, headers: req.headers };
    if (req.method !== 'GET' || !format.route(url.pathname)) {
      return send(res, 404, JSON.stringify(format.errorBody(404, `no route for ${req.method} ${url.pathname}`)));
    }
    if (state.key !== null) {
      const err = format.authError(pr, state.key);
      if (err) return send(res, err.status, JSON.stringify(format.errorBody(err.status, err.message)));
    }
    const page = format.pageNumber(pr, state.models, state.pageSize);
    entry.page = page;
    const fault = takeFault(page);
    entry.fault = fault?.type;
    switch (fault?.type) {
      case 'status': {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
        if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = fault.retryAfterMs;
        const message = fault.message ?? `${reasonPhrase[fault.status] ?? 'error'} (mock fault)`;
        return send(res, fault.status, JSON.stringify(format.errorBody(fault.status, message)), 'application/json', headers);
      }
      case 'hang':
        return; // never answered; closed by close()
      case 'reset': {
        const body = JSON.stringify(format.page(pr, state.models, state.pageSize, false).body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.write(body.slice(0, Math.max(1, Math.floor(body.length / 2))), () => res.socket?.destroy());
        return;
      }
      case 'invalid-json': {
        const body = JSON.stringify(format.page(pr, state.models, state.pageSize, false).body);
        return send(res, 200, body.slice(0, Math.max(1, body.length - 7)));
      }
      case 'html':
        return send(res, fault.status ?? 502, HTML_PAGE(fault.status ?? 502), 'text/html; charset=utf-8');
      case 'raw':
        return send(res, fault.status ?? 200, fault.body, fault.contentType ?? 'application/json', fault.headers);
      case 'no-list':
      case 'null-list':
      case 'empty-next-token': {
        const { body } = format.page(pr, state.models, state.pageSize, false);
        return send(res, 200, JSON.stringify(format.applyListFault(fault.type, body)));
      }
      case 'endless':
        return send(res, 200, JSON.stringify(format.page(pr, state.models, state.pageSize, true).body));
      default:
        return send(res, 200, JSON.stringify(format.page(pr, state.models, state.pageSize, false).body));
    }
  };

  const server: Server = createServer((req, res) => {
    const entry: LoggedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: { ...req.headers },
      page: 0,
      startedAt: performance.now(),
      endedAt: undefined,
      status: undefined,
      fault: undefined,
    };
    requests.push(entry);
    res.on('close', () => {
      entry.endedAt = performance.now();
      entry.status = res.headersSent ? res.statusCode : undefined;
    });
    const go = () => {
      try {
        handle(req, res, entry);
      } catch (error) {
        send(res, 500, JSON.stringify({ error: { message: `mock failure: ${String(error)}` } }));
      }
    };
    const delayed = () => {
      if (state.latencyMs > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          go();
        }, state.latencyMs);
        timers.add(t);
      } else {
        go();
      }
    };
    if (state.gate) void state.gate.then(delayed, delayed);
    else delayed();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}${basePath}`,
    port,
    options: state,
    requests,
    fault(rule) {
      const r = 'fault' in rule ? rule : { fault: rule };
      rules.push({ rule: r, used: 0 });
    },
    clearFaults() {
      rules = [];
    },
    reset() {
      rules = [];
      requests.length = 0;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Bearer token or x-api-key from the headers. */
export function presentedKey(headers: IncomingMessage['headers'], header: 'authorization' | 'x-api-key' | 'x-goog-api-key'): string | undefined {
  const v = headers[header];
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return undefined;
  return header === 'authorization' ? s.replace(/^Bearer\s+/i, '') : s;
}

/** Intervals [startedAt, endedAt] of two request logs overlap somewhere: the two were served at the same time. */
/**
 * A barrier for concurrency tests without timing thresholds: set `gate` on several servers and no server answers
 * until each of them has received a request. `opened` says whether they all arrived (`'arrival'`) or the barrier
 * gave up after `giveUpMs` (`'timeout'`, so that a sequential client fails the test instead of hanging it).
 */
export function arrivalBarrier(servers: readonly MockServer[], giveUpMs = 20_000) {
  let opened: 'arrival' | 'timeout' | undefined;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const timer = setTimeout(() => {
    opened ??= 'timeout';
    open();
  }, giveUpMs);
  const poll = setInterval(() => {
    if (servers.every((s) => s.requests.length > 0)) {
      opened ??= 'arrival';
      open();
    }
  }, 5);
  void gate.then(() => {
    clearTimeout(timer);
    clearInterval(poll);
  });
  for (const s of servers) s.options.gate = gate;
  return {
    get opened() {
      return opened;
    },
    release() {
      for (const s of servers) s.options.gate = null;
      opened ??= 'timeout';
      open();
    },
  };
}

export function overlapped(a: readonly LoggedRequest[], b: readonly LoggedRequest[]): boolean {
  return a.some((x) => b.some((y) => x.startedAt < (y.endedAt ?? Infinity) && y.startedAt < (x.endedAt ?? Infinity)));
}
