// Provider faults through the fetcher, end to end (fetcher/cli.ts as a child process against the provider mocks and a
// real database that already holds every model, with manual edits): for each of the three providers, 500, 429 with
// Retry-After, a timeout, a connection reset mid-body, invalid JSON, pages without end and a page that repeats
// forever. A provider that fails stages nothing, none of its rows changes, none of its models is deactivated, the
// error names it, and the other providers apply. The same faults, each met once, are retried to a complete list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { runCli, type CliResult } from './mocks/harness.ts';
import {
  anthropicModels,
  googleModels,
  openaiModels,
  startAnthropicMock,
  startGoogleMock,
  startOpenAIMock,
  type Fault,
  type FaultRule,
  type MockServer,
} from './mocks/index.ts';
import { listedButInactive, lostEdits, manualEdits, publish, tableHashes, violations } from './reliability-helpers.ts';

const KEYS = { openai: 'fake-rel-OPENAI-7f3k', anthropic: 'fake-ant-rel-ANTHROPIC-2m9q', google: 'AIza-rel-GOOGLE-5t1x', steady: 'fake-rel-STEADY-8c4v' };
const FAULTY = ['openai', 'anthropic', 'google'] as const;
type Faulty = (typeof FAULTY)[number];

let db: TestDatabase;
let mocks: Record<Faulty | 'steady', MockServer>;
let steadyGeneration = 0;
const steadyModels = () =>
  Array.from({ length: 3 + steadyGeneration }, (_, i) => ({ id: `steady-${i}`, object: 'model', created: 1_750_000_000, owned_by: 'steady', context_length: 32_768 }));
const fixtures: Record<Faulty, () => Record<string, unknown>[]> = { openai: openaiModels, anthropic: anthropicModels, google: googleModels };

before(async () => {
  db = await createTestDatabase();
  const [openai, anthropic, google, steady] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: anthropicModels(), key: KEYS.anthropic, pageSize: 2 }),
    startGoogleMock({ models: googleModels(), key: KEYS.google, pageSize: 2 }),
    startOpenAIMock({ models: steadyModels(), key: KEYS.steady }),
  ]);
  mocks = { openai: openai!, anthropic: anthropic!, google: google!, steady: steady! };
});
after(async () => {
  await Promise.all(Object.values(mocks).map((m) => m.close()));
  await db.drop();
});

// A short timeout makes the injected hang fail fast; runs without a hang get a long one, so that a loaded machine
// cannot fail a healthy provider.
const ARGS = ['--no-catalog', '--max-pages', '8', '--provider', 'openai,anthropic,google,steady'];
function sync(retries: number, timeoutSeconds = 0.5): Promise<CliResult> {
  return runCli([...ARGS, '--timeout', String(timeoutSeconds), '--retries', String(retries)], {
    DATABASE_URL: db.url,
    OPENAI_API_KEY: KEYS.openai,
    OPENAI_BASE_URL: mocks.openai.baseUrl,
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: mocks.anthropic.baseUrl,
    GOOGLE_API_KEY: KEYS.google,
    GOOGLE_GEMINI_BASE_URL: mocks.google.baseUrl,
    STEADY_API_KEY: KEYS.steady,
    STEADY_BASE_URL: mocks.steady.baseUrl,
  });
}
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** A page body that points back at itself: the same cursor or token again and again. */
function repeatingPage(p: Faulty): Fault {
  const m = fixtures[p]();
  const body =
    p === 'anthropic' ? { data: m.slice(0, 2), has_more: true, first_id: m[0]!.id, last_id: m[1]!.id }
    : p === 'google' ? { models: m.slice(0, 2), nextPageToken: 'same-token-again' }
    : { object: 'list', data: m.slice(0, 2), has_more: true };
  return { type: 'raw', body: JSON.stringify(body) };
}

interface Case {
  name: string;
  /** the fault, on the list's second page (OpenAI's only page) unless it concerns every page */
  fault: (p: Faulty) => Fault;
  everyPage?: boolean;
}
const CASES: Case[] = [
  { name: '500', fault: () => ({ type: 'status', status: 500, message: 'Internal server error (injected)' }) },
  { name: '429 with Retry-After', fault: () => ({ type: 'status', status: 429, message: 'Rate limit reached (injected)', retryAfter: '1' }) },
  { name: 'timeout', fault: () => ({ type: 'hang' }) },
  { name: 'connection reset mid-body', fault: () => ({ type: 'reset' }) },
  { name: 'invalid JSON', fault: () => ({ type: 'invalid-json' }) },
  { name: 'pages without end', fault: () => ({ type: 'endless' }), everyPage: true },
  { name: 'a page that repeats forever', fault: repeatingPage, everyPage: true },
];
const faultPage = (p: Faulty) => (p === 'openai' ? 1 : 2);

const figures = { runs: 0, faults: 0, rowsLost: 0, editsLost: 0, wrongful: 0 };

async function countAfterRun() {
  const { missing, inactive } = await listedButInactive(db.sql);
  figures.rowsLost += missing.length;
  figures.wrongful += inactive.length;
  assert.deepEqual([...missing, ...inactive], [], 'every listed model is there and active');
  assert.deepEqual(await violations(db.sql), []);
}

describe('provider faults through the fetcher', () => {
  before(async () => {
    const first = await sync(0, 30);
    assert.equal(first.code, 0, explain(first));
    // manual edits the faults must not disturb
    await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.000123}', name = name || ' (ours)'
                  where api_identifier in ('gpt-4o', 'claude-opus-4-6', 'gemini-2.5-pro', 'steady-1')`;
  });

  test('each fault on each provider: that provider fails by name with nothing staged or changed; the others apply', async () => {
    for (let run = 0; run < CASES.length; run += 1) {
      // a Latin square: every provider meets every fault once, three faults per run, a healthy provider alongside
      const assigned = Object.fromEntries(FAULTY.map((p, i) => [p, CASES[(run + 2 * i) % CASES.length]!])) as Record<Faulty, Case>;
      for (const p of FAULTY) {
        const c = assigned[p];
        mocks[p].reset();
        const rule: FaultRule = c.everyPage ? { fault: c.fault(p) } : { fault: c.fault(p), page: faultPage(p) };
        mocks[p].fault(rule);
      }
      steadyGeneration += 1;
      mocks.steady.options.models = steadyModels();
      const before = Object.fromEntries(await Promise.all(FAULTY.map(async (p) => [p, (await tableHashes(db.sql, p)).full] as const)));
      const edits = await manualEdits(db.sql);
      const [{ last }] = (await db.sql<{ last: number }[]>`select coalesce(max(id), 0)::int as last from ai_model_fetches`) as unknown as [{ last: number }];

      const r = await sync(2);
      const what = FAULTY.map((p) => `${p}: ${assigned[p].name}`).join(', ');
      assert.equal(r.code, 1, `${what}\n${explain(r)}`);
      for (const p of FAULTY) {
        assert.match(r.stdout, new RegExp(`^${p}\\s+FETCH FAILED`, 'm'), `${p} (${assigned[p].name}) is reported failed\n${explain(r)}`);
        assert.match(r.stdout, new RegExp(`^ {2}${p}: fetch failed, nothing staged: \\S.*$`, 'm'), `the error names ${p}\n${explain(r)}`);
        assert.equal((await tableHashes(db.sql, p)).full, before[p], `${p} (${assigned[p].name}): its rows did not change at all`);
      }
      assert.match(r.stdout, /^steady\s+applied\s+\d+\s+1\s/m, `the healthy provider applied its new model\n${explain(r)}`);
      const staged = await db.sql<{ provider: string; status: string }[]>`select provider, status from ai_model_fetches where id > ${last}`;
      assert.deepEqual(staged.map((s) => `${s.provider} ${s.status}`), ['steady applied'], 'only the healthy provider staged a list');
      const lost = await lostEdits(db.sql, edits);
      figures.editsLost += lost.length;
      assert.deepEqual(lost, []);
      await countAfterRun();
      figures.runs += 1;
      figures.faults += FAULTY.length;
      process.stderr.write(`reliability-faults: run ${run}: ${what}: each failed alone\n`);
    }
  });

  test('the transient faults met once each, mid-list: retried, every list completes, nothing deactivated', async () => {
    // (A 200 with invalid JSON is not retried by design (docs/configuration.md, "Retries, timeouts, pagination"): it fails the provider, as above.)
    const once: Fault[] = [
      { type: 'status', status: 500, message: 'Internal server error (injected)' },
      { type: 'status', status: 429, message: 'Rate limit reached (injected)', retryAfter: '1' },
      { type: 'hang' },
      { type: 'reset' },
    ];
    for (const p of FAULTY) {
      mocks[p].reset();
      // the newest models are new to the database: their inserts show the list arrived whole
      mocks[p].options.models = [...fixtures[p](), ...newModels(p)];
      for (const fault of once) mocks[p].fault({ fault, page: faultPage(p), times: 1 });
    }
    const edits = await manualEdits(db.sql);
    const r = await sync(once.length);
    assert.equal(r.code, 0, explain(r));
    for (const p of FAULTY) {
      const total = fixtures[p]().length + 2;
      assert.match(r.stdout, new RegExp(`^${p}\\s+applied\\s+${total}\\s+2\\s+\\d+\\s+\\d+\\s+0\\s+0\\s`, 'm'), `${p}: whole list, 2 new, none deactivated\n${explain(r)}`);
      assert.equal(mocks[p].requests.filter((q) => q.fault).length, once.length, `${p} met every fault`);
    }
    const lost = await lostEdits(db.sql, edits);
    figures.editsLost += lost.length;
    assert.deepEqual(lost, []);
    await countAfterRun();
    figures.runs += 1;
    figures.faults += once.length * FAULTY.length;
  });

  // PostgreSQL's jsonb cannot hold U+0000 or a lone surrogate, so the INSERT of a list that contains one anywhere
  // (a description, say) fails: the fetcher reports that provider by name and the others still sync (SPEC 6).
  test('a list with text jsonb cannot store (U+0000) fails that provider alone', async () => {
    for (const p of FAULTY) {
      mocks[p].reset();
      mocks[p].options.models = fixtures[p]();
    }
    mocks.anthropic.options.models = [...anthropicModels(), { type: 'model', id: 'claude-nul', display_name: 'NUL \u0000 inside', created_at: '2026-11-01T00:00:00Z' }];
    const r = await sync(0, 30);
    mocks.anthropic.options.models = anthropicModels();
    assert.equal(r.code, 1, explain(r));
    assert.match(r.stdout, /^ {2}anthropic: /m, explain(r));
    for (const p of ['openai', 'google', 'steady']) assert.match(r.stdout, new RegExp(`^${p}\\s+applied`, 'm'), explain(r));
  });

  after(() =>
    publish({
      scenario: 'provider faults through the fetcher (500, 429 + Retry-After, timeout, reset mid-body, invalid JSON, endless and repeating pages) x 3 providers',
      runs: figures.runs,
      faults: figures.faults,
      rowsLost: figures.rowsLost,
      editsLost: figures.editsLost,
      wrongfulDeactivations: figures.wrongful,
    }),
  );
});

function newModels(p: Faulty): Record<string, unknown>[] {
  if (p === 'anthropic') {
    return [1, 2].map((i) => ({ type: 'model', id: `claude-new-${i}`, display_name: `Claude New ${i}`, created_at: '2026-11-01T00:00:00Z', max_input_tokens: 200_000, max_tokens: 64_000 }));
  }
  if (p === 'google') {
    return [1, 2].map((i) => ({ name: `models/gemini-new-${i}`, version: '001', displayName: `Gemini New ${i}`, inputTokenLimit: 1_048_576, outputTokenLimit: 65_536 }));
  }
  return [1, 2].map((i) => ({ id: `gpt-new-${i}`, object: 'model', created: 1_764_000_000, owned_by: 'system' }));
}
