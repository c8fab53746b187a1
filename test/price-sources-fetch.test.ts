// Issue 13, step 4: `make sync` fetches the price tables (fetcher/prices.ts) from local servers serving the real
// snapshots: staged raw, not staged again when unchanged, bad sources named with exit code 1 while the providers
// still sync, the policy stored in the database, --price-sources / AI_MODEL_SYNC_PRICE_SOURCES.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { edited, real } from './helpers/prices.ts';
import { openaiModel } from './helpers/sync.ts';
import { runCli, type CliResult } from './mocks/harness.ts';
import { startOpenAIMock, type MockServer } from './mocks/index.ts';
import { startPriceMock, type PriceMock } from './mocks/prices.ts';

const KEY = 'fake-prices-OPENAI-k2j4h6';
// gpt-4.5-preview: no built-in catalog entry, priced by the tables alone
const LIST = () => [openaiModel('gpt-4o'), openaiModel('gpt-5'), openaiModel('gpt-4.5-preview')];
let openai: MockServer;
let prices: PriceMock;
let db: TestDatabase;

before(async () => {
  openai = await startOpenAIMock({ models: LIST(), key: KEY });
  prices = await startPriceMock();
});
after(async () => {
  await Promise.all([openai.close(), prices.close()]);
  await db?.drop();
});

function serveReal() {
  prices.docs.clear();
  prices.docs.set('/litellm.json', { body: real('litellm') });
  prices.docs.set('/api.json', { body: real('models.dev') });
  prices.docs.set('/data.json', { body: real('genai-prices') });
  prices.requests.length = 0;
}

const env = (extra: Record<string, string | undefined> = {}) => ({
  DATABASE_URL: db.url,
  OPENAI_API_KEY: KEY,
  OPENAI_BASE_URL: openai.baseUrl,
  AI_MODEL_SYNC_RETRIES: '1',
  AI_MODEL_SYNC_PRICE_SOURCES: 'litellm,models.dev,genai-prices',
  AI_MODEL_SYNC_LITELLM_URL: prices.url('/litellm.json'),
  AI_MODEL_SYNC_MODELS_DEV_URL: prices.url('/api.json'),
  AI_MODEL_SYNC_GENAI_PRICES_URL: prices.url('/data.json'),
  ...extra,
});
const sync = (args: string[] = [], extra: Record<string, string | undefined> = {}) => runCli(['-p', 'openai', ...args], env(extra));
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

async function fetches() {
  return db.sql<{ id: number; source: string; status: string; error: string | null; etag: string | null; location: string }[]>`
    select id, source, status, error, etag, location from ai_price_fetches order by id`;
}
async function configOf(model: string) {
  const [row] = await db.sql<{ config: Record<string, unknown> }[]>`select config from ai_providers where provider = 'openai' and api_identifier = ${model}`;
  return row?.config;
}

describe('fetching the price tables with make sync', () => {
  beforeEach(async () => {
    openai.options.models = LIST();
    await db?.drop();
    db = await createTestDatabase();
    serveReal();
  });

  test('stages each table raw, applies the consensus, reports a Prices section; a re-run stages nothing', async () => {
    const first = await sync();
    assert.equal(first.code, 0, explain(first));
    assert.match(first.stdout, /^Prices \(policy fill, quorum 2\):$/m);
    assert.match(first.stdout, /^ {2}litellm +applied +2598 models, \d+ prices/m);
    assert.match(first.stdout, /^ {2}models\.dev +applied +2224 models/m);
    assert.match(first.stdout, /^ {2}genai-prices +applied +1466 models/m);
    assert.match(first.stdout, /duplicate mistral\/codestral-latest \("codestral\/codestral-latest", "mistral\/codestral-latest"\): input_token_cost_rate, output_token_cost_rate priced differently, counted for none/);
    assert.match(first.stdout, /^ {2}filled \d+, followed 0, drifting \d+.*, sources failed none$/m);
    assert.match(first.stdout, /filled openai\/gpt-4\.5-preview input_token_cost_rate = 0\.000075 \(genai-prices \+ litellm\)$/m);
    const staged = await fetches();
    assert.deepEqual(staged.map((f) => `${f.source} ${f.status}`).sort(), ['genai-prices applied', 'litellm applied', 'models.dev applied']);
    assert.ok(staged.every((f) => f.etag && f.location.startsWith('http://127.0.0.1:')));
    assert.equal((await configOf('gpt-4.5-preview'))?.input_token_cost_rate, 0.000075);
    // the bytes as served: the digest of the staged copy is the SHA-256 of the file
    const [digest] = await db.sql`select digest from ai_price_fetches where source = 'litellm'`;
    const { sha256 } = await import('./helpers/prices.ts');
    assert.equal(digest!.digest, sha256(real('litellm')));

    prices.requests.length = 0;
    const second = await sync();
    assert.equal(second.code, 0, explain(second));
    assert.match(second.stdout, /^ {2}litellm +unchanged +not staged again: HTTP 304 Not Modified$/m);
    assert.equal((await fetches()).length, 3, 'nothing staged again');
    assert.ok(prices.requests.every((r) => typeof r.headers['if-none-match'] === 'string' && r.headers['if-modified-since']), JSON.stringify(prices.requests.map((r) => r.headers)));

    // a server without validators: the digest of the last staged copy decides
    for (const doc of prices.docs.values()) doc.validators = false;
    const third = await sync();
    assert.equal(third.code, 0, explain(third));
    assert.match(third.stdout, /^ {2}models\.dev +unchanged +not staged again: same bytes as the last staged copy$/m);
    assert.equal((await fetches()).length, 3);
  });

  test('bad sources are named and change nothing, the others and the providers still sync, exit 1', async () => {
    const ok = await sync();
    assert.equal(ok.code, 0, explain(ok));
    const values = await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`;
    prices.docs.get('/litellm.json')!.fault = { type: 'html' };
    prices.docs.get('/api.json')!.fault = { type: 'truncated' };
    prices.docs.get('/data.json')!.fault = { type: 'status', status: 500 };
    openai.options.models = [...LIST(), openaiModel('gpt-4.1-mini')];
    const r = await sync();
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /litellm +failed +FAILED: http:\/\/127\.0\.0\.1:\d+\/litellm\.json: HTTP 200 with an HTML page: "Sign in to the network" instead of a price table/);
    assert.match(r.stdout, /models\.dev +failed +FAILED: .*api\.json: truncated or malformed JSON/);
    assert.match(r.stdout, /genai-prices +failed +FAILED: .*data\.json: HTTP 500 Internal Server Error after 2 attempts/);
    assert.match(r.stdout, /sources failed litellm, models\.dev, genai-prices$/m);
    assert.match(r.stdout, /^openai +applied/m);
    assert.ok(await configOf('gpt-4.1-mini'), 'the provider synced');
    assert.equal((await fetches()).length, 3, 'nothing staged');
    assert.deepEqual(await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`, values);
  });

  test('a shrunken table is refused by the database, named, and changes nothing', async () => {
    assert.equal((await sync()).code, 0);
    const values = await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`;
    prices.docs.get('/api.json')!.body = edited('models.dev', (doc) => {
      for (const key of Object.keys(doc)) if (key !== 'openai') delete doc[key];
    });
    const r = await sync();
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /models\.dev +failed +FAILED: models\.dev copy \d+ has \d+ models, under a tenth of the 2224 of copy \d+/);
    assert.match(r.stdout, /litellm +unchanged/);
    assert.deepEqual(await db.sql`select * from ai_model_sync.price_values order by 1, 2, 3, 4`, values);
  });

  test('retries a failing source like a provider', async () => {
    prices.docs.get('/data.json')!.fault = { type: 'status', status: 503, times: 1 };
    const r = await sync([], { AI_MODEL_SYNC_PRICE_SOURCES: 'genai-prices' });
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stderr, /genai-prices \(prices\).*(retry|HTTP 503)/i);
    assert.deepEqual((await fetches()).map((f) => [f.source, f.status]), [['genai-prices', 'applied']]);
  });

  test('--price-sources and AI_MODEL_SYNC_PRICE_SOURCES choose the sources; none fetches nothing; unknown is a usage error', async () => {
    const one = await sync(['--price-sources', 'litellm']);
    assert.equal(one.code, 0, explain(one));
    assert.deepEqual(prices.requests.map((q) => q.path), ['/litellm.json']);
    prices.requests.length = 0;
    const none = await sync([], { AI_MODEL_SYNC_PRICE_SOURCES: 'none' });
    assert.equal(none.code, 0, explain(none));
    assert.equal(prices.requests.length, 0);
    assert.doesNotMatch(none.stdout, /Prices/);
    const bad = await sync(['--price-sources', 'litellm,openrouter']);
    assert.equal(bad.code, 2, explain(bad));
    assert.match(bad.stderr, /--price-sources: unknown price source "openrouter" \(known: litellm, models\.dev, genai-prices, or none\)/);
  });

  test('AI_MODEL_SYNC_PRICE_POLICY and _QUORUM are stored for every later sync; bad values are usage errors', async () => {
    const r = await sync([], { AI_MODEL_SYNC_PRICE_POLICY: 'follow', AI_MODEL_SYNC_PRICE_QUORUM: '3' });
    assert.equal(r.code, 0, explain(r));
    assert.match(r.stdout, /^Prices \(policy follow, quorum 3\):$/m);
    const [settings] = await db.sql`select policy, quorum from ai_model_sync.price_settings`;
    assert.deepEqual({ ...settings }, { policy: 'follow', quorum: 3 });
    // a later run without the variables keeps them (what pg_cron's CALL obeys)
    const later = await sync();
    assert.match(later.stdout, /^Prices \(policy follow, quorum 3\):$/m);
    const bad = await sync([], { AI_MODEL_SYNC_PRICE_POLICY: 'always' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /AI_MODEL_SYNC_PRICE_POLICY: must be fill, follow, report, got "always"/);
    assert.equal((await sync([], { AI_MODEL_SYNC_PRICE_QUORUM: '0' })).code, 2);
  });

  test('make stage: the fetcher role stages the tables, reads back only their validators, and stages nothing twice', async () => {
    const role = `price_stager_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await db.sql.unsafe(`create role ${role} login password '${password}' in role ai_models_fetcher`);
    try {
      const url = new URL(db.url);
      url.username = role;
      url.password = password;
      const first = await sync(['--stage-only'], { DATABASE_URL: url.toString(), AI_MODEL_SYNC_PRICE_POLICY: 'follow' });
      assert.equal(first.code, 0, explain(first));
      assert.match(first.stdout, /^ {2}litellm +staged/m);
      assert.match(first.stderr, /AI_MODEL_SYNC_PRICE_POLICY \/ _QUORUM are stored by make sync \(or an admin\), not by a stage-only run/);
      assert.deepEqual((await fetches()).map((f) => f.status), ['pending', 'pending', 'pending']);
      const second = await sync(['--stage-only'], { DATABASE_URL: url.toString() });
      assert.equal(second.code, 0, explain(second));
      assert.match(second.stdout, /^ {2}genai-prices +unchanged/m);
      assert.equal((await fetches()).length, 3);
      // the role reads the validators, not the documents
      const stager = (await import('../fetcher/db.ts')).connect(url.toString(), { max: 1 });
      try {
        await assert.rejects(stager`select payload from ai_price_fetches`, /permission denied/);
      } finally {
        await stager.end();
      }
      await db.sql`call sync_ai_models()`;
      assert.deepEqual((await fetches()).map((f) => f.status), ['applied', 'applied', 'applied']);
    } finally {
      await db.sql.unsafe(`drop owned by ${role}; drop role ${role}`);
    }
  });
});
