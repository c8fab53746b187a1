// Each wire format through its SDK against the mocks: every page, raw objects kept, keys where they belong,
// every kind of bad answer a clear error that yields no list, providers fetched concurrently.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fetchAll, fetchProvider, type FetchOutcome } from '../fetcher/fetch.ts';
import { Redactor } from '../fetcher/secrets.ts';
import { fastPolicy, providerFor, recordProgress } from './mocks/harness.ts';
import {
  anthropicModels,
  arrivalBarrier,
  googleModels,
  groqModels,
  openaiModels,
  openrouterModels,
  overlapped,
  startAnthropicMock,
  startGoogleMock,
  startOpenAIMock,
  syntheticModels,
  togetherModels,
  type Fault,
  type MockServer,
} from './mocks/index.ts';

const KEYS = { openai: 'fake-test-prov-openai-4d2e81', anthropic: 'fake-ant-test-prov-9a7b3c', google: 'AIza-test-prov-google-55aa01', groq: 'gsk_test_prov_groq_b4d' };
const redactor = new Redactor(Object.values(KEYS));
const settings = { policy: fastPolicy, maxPages: 10, pageSize: 1000 };

let openai: MockServer;
let anthropic: MockServer;
let google: MockServer;

before(async () => {
  [openai, anthropic, google] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
    startGoogleMock({ models: googleModels(), key: KEYS.google, pageSize: 2 }),
  ]);
});
after(() => Promise.all([openai, anthropic, google].map((m) => m.close())));
beforeEach(() => {
  for (const m of [openai, anthropic, google]) m.reset();
  openai.options.models = openaiModels();
  anthropic.options.models = anthropicModels();
  google.options.models = googleModels();
  anthropic.options.pageSize = 2;
  google.options.pageSize = 2;
});

const configs = () => ({
  openai: providerFor(openai, 'openai', 'openai', KEYS.openai),
  anthropic: providerFor(anthropic, 'anthropic', 'anthropic', KEYS.anthropic),
  google: providerFor(google, 'google', 'google', KEYS.google),
});

function failed(o: FetchOutcome): string {
  assert.equal(o.ok, false, 'expected the provider to fail');
  return o.ok ? '' : o.error;
}

describe('every page', () => {
  test('Anthropic: after_id cursors until has_more is false, objects unchanged and in order', async () => {
    const progress = recordProgress();
    const o = await fetchProvider(configs().anthropic, settings, redactor, progress);
    assert.equal(o.ok, true);
    assert.deepEqual(o.ok && o.models, anthropicModels());
    assert.equal(o.ok && o.pages, 3);
    const cursors = anthropic.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('after_id'));
    assert.deepEqual(cursors, [null, 'claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805']);
    assert.deepEqual(progress.events.filter((e) => e.kind === 'page').map((e) => e.models), [2, 4, 5]);
  });

  test('Google: pageToken until there is no nextPageToken; the raw objects keep models/ names and every field', async () => {
    const o = await fetchProvider(configs().google, settings, redactor, recordProgress());
    assert.equal(o.ok, true);
    // not what the SDK makes of them (supportedActions, no baseModelId): what Google sent
    assert.deepEqual(o.ok && o.models, googleModels());
    assert.equal(o.ok && o.pages, 4);
    const tokens = google.requests.map((r) => new URL(r.url, 'http://x').searchParams.get('pageToken'));
    assert.equal(tokens[0], null);
    assert.ok(tokens.slice(1).every((t) => typeof t === 'string' && t.length > 0));
    assert.ok(google.requests.every((r) => new URL(r.url, 'http://x').pathname === '/v1beta/models'));
  });

  test('long lists: 250 models over pages of 7 (36 pages) arrive complete, each once', async () => {
    anthropic.options.models = syntheticModels('anthropic', 250);
    google.options.models = syntheticModels('google', 250);
    anthropic.options.pageSize = 7;
    google.options.pageSize = 7;
    const [a, g] = await fetchAll([configs().anthropic, configs().google], { ...settings, maxPages: 100 }, redactor, recordProgress());
    assert.deepEqual(a!.ok && a!.models, syntheticModels('anthropic', 250));
    assert.deepEqual(g!.ok && g!.models, syntheticModels('google', 250));
    assert.equal(anthropic.requests.length, 36);
    assert.equal(google.requests.length, 36);
  });

  test('the page size asked for is sent (limit / pageSize), the server may send fewer', async () => {
    await fetchAll([configs().anthropic, configs().google], { ...settings, pageSize: 500 }, redactor, recordProgress());
    assert.equal(new URL(anthropic.requests[0]!.url, 'http://x').searchParams.get('limit'), '500');
    assert.equal(new URL(google.requests[0]!.url, 'http://x').searchParams.get('pageSize'), '500');
  });
});

describe('providers are fetched concurrently', () => {
  test("every provider's first request arrives before any provider is answered (a barrier, no timing threshold)", async () => {
    // No server answers until all three have a request: a fetcher that waited for one provider before asking the
    // next could never open the barrier (it gives up after 20 s and the test fails on `opened`).
    const barrier = arrivalBarrier([openai, anthropic, google]);
    try {
      const slow = { ...settings, policy: { ...settings.policy, timeoutMs: 30_000 } };
      const outcomes = await fetchAll(Object.values(configs()), slow, redactor, recordProgress());
      assert.ok(outcomes.every((o) => o.ok));
      assert.equal(barrier.opened, 'arrival', 'a provider was only asked after another had been answered');
      assert.ok(overlapped(openai.requests, anthropic.requests), 'openai and anthropic did not overlap');
      assert.ok(overlapped(openai.requests, google.requests), 'openai and google did not overlap');
      assert.ok(overlapped(anthropic.requests, google.requests), 'anthropic and google did not overlap');
    } finally {
      barrier.release();
    }
  });

  test('one provider failing does not stop the others', async () => {
    google.fault({ type: 'status', status: 500 });
    const [o, a, g] = await fetchAll(Object.values(configs()), settings, redactor, recordProgress());
    assert.equal(o!.ok, true);
    assert.equal(a!.ok, true);
    assert.match(failed(g!), /^page 1: HTTP 500/);
  });
});

describe('keys', () => {
  test('each SDK sends its key in a header (Google: x-goog-api-key), never in a URL', async () => {
    await fetchAll(Object.values(configs()), settings, redactor, recordProgress());
    assert.ok(openai.requests.every((r) => r.headers.authorization === `Bearer ${KEYS.openai}`));
    assert.ok(anthropic.requests.every((r) => r.headers.authorization === `Bearer ${KEYS.anthropic}` || r.headers['x-api-key'] === KEYS.anthropic));
    assert.ok(google.requests.every((r) => r.headers['x-goog-api-key'] === KEYS.google));
    const urls = [openai, anthropic, google].flatMap((m) => m.requests.map((r) => r.url));
    assert.ok(urls.length >= 8);
    for (const url of urls) for (const key of Object.values(KEYS)) assert.ok(!url.includes(key), `key in ${url}`);
  });

  test('a provider that echoes the key in its error message: the message is scrubbed', async () => {
    const wrong = 'fake-wrong-key-echoed-back-123456';
    const o = await fetchProvider({ ...configs().openai, apiKey: wrong }, settings, new Redactor([wrong]), recordProgress());
    const msg = failed(o);
    assert.match(msg, /HTTP 401 Unauthorized: Incorrect API key provided: \*\*\*/);
    assert.ok(!msg.includes(wrong));
  });

  test("the user's OPENAI_* organisation/project are not sent to other OpenAI-compatible providers", async () => {
    const groq = await startOpenAIMock({ models: groqModels(), key: KEYS.groq, basePath: '/openai/v1' });
    const saved = { org: process.env.OPENAI_ORG_ID, project: process.env.OPENAI_PROJECT_ID };
    process.env.OPENAI_ORG_ID = 'org-should-not-leak';
    process.env.OPENAI_PROJECT_ID = 'proj-should-not-leak';
    try {
      const o = await fetchProvider(providerFor(groq, 'groq', 'openai', KEYS.groq), settings, redactor, recordProgress());
      assert.deepEqual(o.ok && o.models, groqModels());
      assert.equal(groq.requests[0]!.url, '/openai/v1/models');
      assert.equal(groq.requests[0]!.headers['openai-organization'], undefined);
      assert.equal(groq.requests[0]!.headers['openai-project'], undefined);
    } finally {
      if (saved.org === undefined) delete process.env.OPENAI_ORG_ID;
      else process.env.OPENAI_ORG_ID = saved.org;
      if (saved.project === undefined) delete process.env.OPENAI_PROJECT_ID;
      else process.env.OPENAI_PROJECT_ID = saved.project;
      await groq.close();
    }
  });
});

describe('OpenAI-compatible shapes', () => {
  test('Together answers with a bare array: every model is kept (the SDK alone would see none)', async () => {
    const together = await startOpenAIMock({ models: togetherModels(), key: 'together-key-0123', shape: 'bare-array' });
    try {
      const o = await fetchProvider(providerFor(together, 'together', 'openai', 'together-key-0123'), settings, redactor, recordProgress());
      assert.deepEqual(o.ok && o.models, togetherModels());
    } finally {
      await together.close();
    }
  });

  test('OpenRouter without a key: no Authorization header at all, prices and limits kept raw', async () => {
    const openrouter = await startOpenAIMock({ models: openrouterModels(), key: null, basePath: '/api/v1' });
    try {
      const o = await fetchProvider(providerFor(openrouter, 'openrouter', 'openai', undefined), settings, redactor, recordProgress());
      assert.deepEqual(o.ok && o.models, openrouterModels());
      assert.equal(openrouter.requests[0]!.headers.authorization, undefined);
    } finally {
      await openrouter.close();
    }
  });

  test('Ollama\'s {"data": null} is an empty list for the ollama preset, an error for anyone else', async () => {
    const ollama = await startOpenAIMock({ models: [], key: null, faults: [{ fault: { type: 'null-list' } }] });
    try {
      const asOllama = await fetchProvider(providerFor(ollama, 'ollama', 'openai', undefined, { nullListIsEmpty: true }), settings, redactor, recordProgress());
      assert.deepEqual(asOllama.ok && asOllama.models, []);
      const asOther = await fetchProvider(providerFor(ollama, 'vllm', 'openai', undefined), settings, redactor, recordProgress());
      assert.equal(failed(asOther), 'GET /models: "data" is null, not a list');
    } finally {
      await ollama.close();
    }
  });
});

describe('bad answers: a clear error for that provider, no list', () => {
  type Case = { name: string; fault: Fault; page?: number; expect: Partial<Record<'openai' | 'anthropic' | 'google', RegExp>> };
  const cases: Case[] = [
    {
      name: 'a body that is not JSON',
      fault: { type: 'invalid-json' },
      page: 2,
      expect: {
        openai: /^GET \/models: HTTP 200 with a body that is not JSON \(content-type application\/json\): "\{"object":"list"/,
        anthropic: /^page 2: HTTP 200 with a body that is not JSON/,
        google: /^page 2: HTTP 200 with a body that is not JSON/,
      },
    },
    {
      name: 'an HTML error page (a proxy\'s 502), after the retries',
      fault: { type: 'html' },
      page: 2,
      expect: {
        openai: /^GET \/models: HTTP 502 Bad Gateway after 3 attempts: an HTML page: "502 Bad Gateway"$/,
        anthropic: /^page 2: HTTP 502 Bad Gateway after 3 attempts: an HTML page: "502 Bad Gateway"$/,
        google: /^page 2: HTTP 502 Bad Gateway after 3 attempts: an HTML page: "502 Bad Gateway"$/,
      },
    },
    {
      name: 'an HTML page with status 200 (a captive portal)',
      fault: { type: 'html', status: 200 },
      expect: {
        openai: /^GET \/models: HTTP 200 with a body that is not JSON \(content-type text\/html\): an HTML page: "200 Bad Gateway"$/,
        google: /^page 1: HTTP 200 with a body that is not JSON \(content-type text\/html\)/,
      },
    },
    {
      name: 'a body without the list field',
      fault: { type: 'no-list' },
      page: 2,
      expect: {
        openai: /^GET \/models: the body has no "data" list \(got an object with keys object\); refusing to treat it as an empty list$/,
        anthropic: /^page 2: the body has no "data" list \(got an object with keys has_more, first_id, last_id\)/,
        google: /^page 2: the body has no "models" list \(got an object with keys nextPageToken\)/,
      },
    },
    {
      name: 'a null list',
      fault: { type: 'null-list' },
      page: 2,
      expect: {
        openai: /^GET \/models: "data" is null, not a list$/,
        anthropic: /^page 2: "data" is null, not a list$/,
        google: /^page 2: "models" is null, not a list$/,
      },
    },
    {
      name: 'a next-page token of "" (Anthropic: has_more without last_id)',
      fault: { type: 'empty-next-token' },
      page: 2,
      expect: {
        anthropic: /^page 2: has_more is true but last_id is null: cannot ask for the next page$/,
        google: /^page 2: nextPageToken is "" \(neither a next page nor the end of the list\)$/,
      },
    },
    {
      name: 'a pagination that never ends (capped at 10 pages)',
      fault: { type: 'endless' },
      expect: {
        openai: /^GET \/models: the answer says has_more but \/models has no pagination/,
        anthropic: /^the list did not end after 10 pages/,
        google: /^the list did not end after 10 pages/,
      },
    },
    {
      name: 'a JSON body of the wrong type',
      fault: { type: 'raw', body: '"models"' },
      expect: {
        openai: /^GET \/models: expected an object with a "data" list, got a string$/,
        anthropic: /^page 1: expected an object with a "data" list, got a string$/,
        google: /^page 1: expected an object with a "models" list, got a string$/,
      },
    },
    {
      name: 'an empty 200 body',
      fault: { type: 'raw', body: '' },
      expect: { openai: /^GET \/models: HTTP 200 with an empty body instead of a model list$/ },
    },
  ];

  for (const c of cases) {
    for (const [format, pattern] of Object.entries(c.expect) as ['openai' | 'anthropic' | 'google', RegExp][]) {
      test(`${format}: ${c.name}`, async () => {
        const mock = { openai, anthropic, google }[format];
        mock.fault({ fault: c.fault, ...(c.page && format !== 'openai' ? { page: c.page } : {}) });
        const progress = recordProgress();
        const o = await fetchProvider(configs()[format], settings, redactor, progress);
        assert.match(failed(o), pattern);
        assert.equal(progress.events.at(-1)?.kind, 'failed');
      });
    }
  }

  test('duplicate ids (pages that overlap) fail the provider', async () => {
    anthropic.options.models = [...anthropicModels(), anthropicModels()[0]!];
    google.options.models = [...googleModels(), googleModels()[0]!];
    const [a, g] = await fetchAll([configs().anthropic, configs().google], settings, redactor, recordProgress());
    assert.equal(failed(a!), 'duplicate model id "claude-opus-4-6" (entries 1 and 6): pages overlapped or the list is corrupt');
    assert.equal(failed(g!), 'duplicate model id "models/gemini-2.5-pro" (entries 1 and 8): pages overlapped or the list is corrupt');
  });

  test('Anthropic: a cursor that comes back (a pagination loop) fails the provider', async () => {
    const models = anthropicModels();
    anthropic.options.models = [...models.slice(0, 3), models[1]!, ...models.slice(3)];
    const o = await fetchProvider(configs().anthropic, settings, redactor, recordProgress());
    assert.equal(failed(o), 'page 2: last_id "claude-sonnet-4-5-20250929" repeats an earlier page\'s (a pagination loop)');
  });

  test('Google: a nextPageToken that comes back (a pagination loop) fails the provider', async () => {
    google.fault({ type: 'raw', body: JSON.stringify({ models: [googleModels()[0]], nextPageToken: 'same-token' }) });
    const o = await fetchProvider(configs().google, settings, redactor, recordProgress());
    assert.equal(failed(o), "page 2: nextPageToken repeats an earlier page's (a pagination loop)");
    assert.equal(google.requests.length, 2);
  });

  test('Anthropic: a page without has_more fails the provider (it cannot tell whether the list ended)', async () => {
    anthropic.fault({ type: 'raw', body: JSON.stringify({ data: anthropicModels().slice(0, 2), last_id: 'claude-sonnet-4-5-20250929' }) });
    const o = await fetchProvider(configs().anthropic, settings, redactor, recordProgress());
    assert.equal(failed(o), 'page 1: "has_more" is missing or not a boolean');
  });

  test('a model without an id fails the provider', async () => {
    openai.options.models = [...openaiModels(), { object: 'model', owned_by: 'system' }];
    const o = await fetchProvider(configs().openai, settings, redactor, recordProgress());
    assert.equal(failed(o), 'model 9 of 9 has no "id" (got an object with keys object, owned_by)');
  });

  test('a list cut short by a failing page yields nothing, and says how far it got', async () => {
    google.fault({ fault: { type: 'status', status: 503 }, page: 3 });
    const o = await fetchProvider(configs().google, settings, redactor, recordProgress());
    assert.match(failed(o), /^page 3: HTTP 503 Service Unavailable after 3 attempts: Service Unavailable \(mock fault\) \(UNAVAILABLE\)$/);
    assert.equal(!o.ok && o.pages, 2);
    assert.equal(!o.ok && o.modelsSoFar, 4);
  });
});
