// The one retry/timeout policy (fetcher/http.ts) that every provider's SDK goes through, against the mocks.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fetchProvider } from '../fetcher/fetch.ts';
import { backoffDelay, ProviderHttp, providerMessage, retryableStatus, serverRequestedWait } from '../fetcher/http.ts';
import { Redactor } from '../fetcher/secrets.ts';
import { fastPolicy, providerFor, recordProgress } from './mocks/harness.ts';
import { anthropicModels, googleModels, openaiModels, startAnthropicMock, startGoogleMock, startOpenAIMock, type MockServer } from './mocks/index.ts';

const KEYS = { openai: 'fake-test-http-openai-7f3a9c', anthropic: 'fake-ant-test-http-51be02', google: 'AIza-test-http-google-c0ffee' };
const redactor = new Redactor(Object.values(KEYS));
const settings = { policy: fastPolicy, maxPages: 20, pageSize: 1000 };

let openai: MockServer;
let anthropic: MockServer;
let google: MockServer;

before(async () => {
  [openai, anthropic, google] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
    startGoogleMock({ models: googleModels(), key: KEYS.google, pageSize: 3 }),
  ]);
});
after(() => Promise.all([openai, anthropic, google].map((m) => m.close())));
beforeEach(() => [openai, anthropic, google].forEach((m) => m.reset()));

const fetchOpenAI = (policy = fastPolicy) => {
  const progress = recordProgress();
  return fetchProvider(providerFor(openai, 'openai', 'openai', KEYS.openai), { ...settings, policy }, redactor, progress).then((o) => ({ o, progress }));
};

describe('retries', () => {
  test('429 with Retry-After (seconds) is retried after exactly the wait the server asked for, then succeeds', async () => {
    google.fault({ fault: { type: 'status', status: 429, retryAfter: '1' }, page: 2, times: 1 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(google, 'google', 'google', KEYS.google), settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.deepEqual(o.ok && o.models, googleModels());
    assert.deepEqual(
      google.requests.map((r) => [r.page, r.status]),
      [
        [1, 200],
        [2, 429],
        [2, 200],
        [3, 200],
      ],
    );
    const [retry] = progress.retries('google');
    assert.equal(retry?.waitMs, 1000);
    assert.equal(retry?.serverAsked, true);
    assert.match(retry!.reason, /HTTP 429/);
  });

  test('retry-after-ms wins over Retry-After (OpenAI and Anthropic send both)', async () => {
    anthropic.fault({ fault: { type: 'status', status: 429, retryAfter: '30', retryAfterMs: '40' }, times: 1 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(anthropic, 'anthropic', 'anthropic', KEYS.anthropic), settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.equal(progress.retries()[0]?.waitMs, 40);
  });

  test("Google's RetryInfo detail in a 429 body is honoured", async () => {
    const body = JSON.stringify({
      error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.05s' }] },
    });
    google.fault({ fault: { type: 'raw', status: 429, body }, times: 1 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(google, 'google', 'google', KEYS.google), settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.equal(progress.retries()[0]?.waitMs, 50);
    assert.equal(progress.retries()[0]?.serverAsked, true);
  });

  test('a Retry-After longer than the cap waits the cap, not an hour', async () => {
    openai.fault({ fault: { type: 'status', status: 503, retryAfter: '3600' }, times: 1 });
    const { o, progress } = await fetchOpenAI({ ...fastPolicy, maxWaitMs: 30 });
    assert.equal(o.ok, true);
    assert.equal(progress.retries()[0]?.waitMs, 30);
  });

  test('500 until the retries run out: the provider fails with its own message and the attempt count', async () => {
    openai.fault({ type: 'status', status: 500, message: 'The server had an error while processing your request.' });
    const { o, progress } = await fetchOpenAI();
    assert.equal(o.ok, false);
    assert.equal(openai.requests.length, fastPolicy.attempts);
    assert.equal(progress.retries().length, fastPolicy.attempts - 1);
    assert.equal(
      !o.ok && o.error,
      'GET /models: HTTP 500 Internal Server Error after 3 attempts: The server had an error while processing your request. (server_error)',
    );
    // backoff without a server hint: growing, never the server's
    assert.ok(progress.retries().every((r) => !r.serverAsked));
  });

  test('529 (Anthropic overloaded) is retried like any 5xx', async () => {
    anthropic.fault({ fault: { type: 'status', status: 529 }, page: 1, times: 2 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(anthropic, 'anthropic', 'anthropic', KEYS.anthropic), settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.equal(progress.retries().length, 2);
  });

  test('x-should-retry overrides the status: false stops a 503, true retries a 400', async () => {
    openai.fault({ fault: { type: 'raw', status: 503, body: '{"error":{"message":"do not retry"}}', headers: { 'x-should-retry': 'false' } }, times: 1 });
    const first = await fetchOpenAI();
    assert.equal(first.o.ok, false);
    assert.equal(openai.requests.length, 1);
    openai.reset();
    openai.fault({ fault: { type: 'raw', status: 400, body: '{"error":{"message":"try again"}}', headers: { 'x-should-retry': 'true' } }, times: 1 });
    const second = await fetchOpenAI();
    assert.equal(second.o.ok, true);
    assert.equal(openai.requests.length, 2);
  });

  test('client errors (400, 401, 403, 404) are not retried', async () => {
    for (const status of [400, 401, 403, 404]) {
      openai.reset();
      openai.fault({ type: 'status', status });
      const { o } = await fetchOpenAI();
      assert.equal(o.ok, false);
      assert.equal(openai.requests.length, 1, `HTTP ${status} was retried`);
      assert.match(!o.ok ? o.error : '', new RegExp(`HTTP ${status}`));
    }
  });
});

describe('timeouts and broken connections', () => {
  test('a server that never answers: each attempt times out, the provider fails with a clear error', async () => {
    openai.fault({ type: 'hang' });
    const { o, progress } = await fetchOpenAI({ ...fastPolicy, timeoutMs: 200, attempts: 2 });
    assert.equal(o.ok, false);
    assert.equal(!o.ok && o.error, 'GET /models: no answer within 0.2s (2 attempts)');
    assert.equal(openai.requests.length, 2);
    assert.match(progress.retries()[0]!.reason, /no answer within/);
  });

  test('one hung request is retried and the list completes', async () => {
    google.fault({ fault: { type: 'hang' }, page: 2, times: 1 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(google, 'google', 'google', KEYS.google), { ...settings, policy: { ...fastPolicy, timeoutMs: 150 } }, redactor, progress);
    assert.equal(o.ok, true);
    assert.deepEqual(o.ok && o.models, googleModels());
  });

  test('the timeout covers the body: a connection reset mid-body is retried', async () => {
    anthropic.fault({ fault: { type: 'reset' }, page: 2, times: 1 });
    const progress = recordProgress();
    const o = await fetchProvider(providerFor(anthropic, 'anthropic', 'anthropic', KEYS.anthropic), settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.deepEqual(o.ok && o.models, anthropicModels());
    assert.match(progress.retries()[0]!.reason, /^connection failed/);
  });

  test('a connection reset on every attempt fails the provider', async () => {
    openai.fault({ type: 'reset' });
    const { o } = await fetchOpenAI();
    assert.equal(o.ok, false);
    assert.match(!o.ok ? o.error : '', /^GET \/models: connection failed: .* \(3 attempts\)$/);
  });

  test('nobody listening: connection refused, retried, then a clear error', async () => {
    const closed = await startOpenAIMock();
    await closed.close();
    const dead = { ...providerFor(openai, 'openai', 'openai', KEYS.openai), baseUrl: closed.baseUrl };
    const progress = recordProgress();
    const o = await fetchProvider(dead, settings, redactor, progress);
    assert.equal(o.ok, false);
    assert.match(!o.ok ? o.error : '', /connection failed: .*ECONNREFUSED.* \(3 attempts\)/);
    assert.equal(progress.retries().length, 2);
  });
});

describe('policy pieces', () => {
  test('retryable statuses', () => {
    assert.deepEqual(
      [400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503, 529].filter(retryableStatus),
      [408, 409, 429, 500, 502, 503, 529],
    );
  });

  test('the server-requested wait: retry-after-ms, seconds, HTTP date, absent', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    assert.equal(serverRequestedWait(h({ 'retry-after-ms': '250', 'retry-after': '9' }), ''), 250);
    assert.equal(serverRequestedWait(h({ 'retry-after': '2' }), ''), 2000);
    assert.equal(serverRequestedWait(h({ 'retry-after': '1.5' }), ''), 1500);
    const now = Date.parse('2026-11-25T10:00:00Z');
    assert.equal(serverRequestedWait(h({ 'retry-after': 'Wed, 25 Nov 2026 10:00:07 GMT' }), '', now), 7000);
    assert.equal(serverRequestedWait(h({ 'retry-after': 'soon' }), ''), undefined);
    assert.equal(serverRequestedWait(h({}), '{"error":{}}'), undefined);
  });

  test('backoff doubles per attempt within [base/2, base], capped', () => {
    const p = { ...fastPolicy, backoffMs: 100, maxBackoffMs: 350 };
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelay(p, a, () => 0)), [50, 100, 175, 175]);
    assert.deepEqual([1, 2, 3, 4].map((a) => backoffDelay(p, a, () => 1)), [100, 200, 350, 350]);
  });

  test("the provider's own message is taken from every wire format's error body, an HTML page or text", () => {
    assert.equal(providerMessage('{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}'), 'Rate limit reached (requests)');
    assert.equal(providerMessage('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'), 'Overloaded (overloaded_error)');
    assert.equal(providerMessage('{"error":{"code":500,"message":"Internal error encountered.","status":"INTERNAL"}}'), 'Internal error encountered. (INTERNAL)');
    assert.equal(providerMessage('{"detail":"Not authenticated"}'), 'Not authenticated');
    assert.equal(providerMessage('<html><head><title>502 Bad Gateway</title></head></html>', 'text/html'), 'an HTML page: "502 Bad Gateway"');
    assert.equal(providerMessage('upstream connect error'), '"upstream connect error"');
    assert.equal(providerMessage(''), '(empty body)');
  });

  test('a URL that contains a key is never requested', async () => {
    const http = new ProviderHttp(fastPolicy, redactor);
    await assert.rejects(http.fetch(`${openai.origin}/v1/models?key=${KEYS.openai}`), /refused to send a request whose URL contains an API key/);
    assert.equal(openai.requests.length, 0);
  });
});
