// Crashes on the fetcher's side: `make sync` (fetcher/cli.ts) killed with SIGKILL midway through a provider's pages.
// A list is staged only once it is complete, so nothing of the run may reach the database: no batch staged, the table
// exactly as before (full row hashes). The next run completes and applies the new lists.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { projectRoot, runCli, type CliResult } from './mocks/harness.ts';
import { anthropicModels, googleModels, openaiModels, startAnthropicMock, startGoogleMock, startOpenAIMock, type MockServer } from './mocks/index.ts';
import {
  envCount,
  listedButInactive,
  lostEdits,
  manualEdits,
  prng,
  publish,
  seedFromEnv,
  tableHashes,
  violations,
  waitUntil,
  withDeadline,
} from './reliability-helpers.ts';

const KEYS = { openai: 'fake-kill-OPENAI-1q2w', anthropic: 'fake-ant-kill-ANTHROPIC-3e4r', google: 'AIza-kill-GOOGLE-5t6y' };
const runs = envCount('RELIABILITY_FETCHER_KILL_RUNS', 2);
const seed = seedFromEnv();
const rand = prng(seed);
process.stderr.write(`crash-fetcher: RELIABILITY_SEED=${seed}\n`);

let db: TestDatabase;
let openai: MockServer;
let anthropic: MockServer;
let google: MockServer;

/** 30 Anthropic and 30 Google models, one per page: long enough lists to be killed in the middle of. */
const longAnthropic = (generation: number) =>
  Array.from({ length: 30 }, (_, i) => ({ type: 'model', id: `claude-g${i < 25 ? 0 : generation}-${i}`, display_name: `Claude ${i}`, created_at: '2026-01-01T00:00:00Z', max_input_tokens: 200_000, max_tokens: 32_000 + generation }))
    .concat(anthropicModels() as never[]);
const longGoogle = (generation: number) =>
  Array.from({ length: 30 }, (_, i) => ({ name: `models/gemini-g${i < 25 ? 0 : generation}-${i}`, displayName: `Gemini ${i}`, version: '001', inputTokenLimit: 1_000_000, outputTokenLimit: 8_192 + generation }))
    .concat(googleModels() as never[]);

function env(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    AI_MODEL_SYNC_BACKOFF_MS: '5',
    DATABASE_URL: db.url,
    OPENAI_API_KEY: KEYS.openai,
    OPENAI_BASE_URL: openai.baseUrl,
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: anthropic.baseUrl,
    GOOGLE_API_KEY: KEYS.google,
    GOOGLE_GEMINI_BASE_URL: google.baseUrl,
    AI_MODEL_SYNC_PAGE_SIZE: '1',
    AI_MODEL_SYNC_PRICE_SOURCES: 'none',
  };
}
const ARGS = ['--no-catalog', '--max-pages', '100'];
const explain = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

before(async () => {
  db = await createTestDatabase();
  [openai, anthropic, google] = await Promise.all([
    startOpenAIMock({ models: openaiModels(), key: KEYS.openai }),
    startAnthropicMock({ models: longAnthropic(0), key: KEYS.anthropic, pageSize: 1 }),
    startGoogleMock({ models: longGoogle(0), key: KEYS.google, pageSize: 1 }),
  ]);
  const first = await runCli(ARGS, env());
  assert.equal(first.code, 0, explain(first));
  await db.sql`update ai_providers set config = config || '{"input_token_cost_rate": 0.0000042}', name = 'kept by hand'
                where api_identifier in ('claude-g0-3', 'gemini-g0-4', 'gpt-4o')`;
});
after(async () => {
  await Promise.all([openai, anthropic, google].map((m) => m.close()));
  await db.drop();
});

describe('the fetcher is killed midway through a provider\'s pages', () => {
  test('SIGKILL mid-pagination stages nothing and changes nothing; the next run completes', async () => {
    let rowsLost = 0;
    let editsLost = 0;
    let wrongful = 0;
    for (let run = 1; run <= runs; run += 1) {
      // new lists (5 models replaced, new limits), served slowly: one model per page, 100 ms a page
      anthropic.options.models = longAnthropic(run);
      google.options.models = longGoogle(run);
      for (const m of [openai, anthropic, google]) {
        m.reset();
        m.options.latencyMs = 100;
      }
      const before = await tableHashes(db.sql);
      const edits = await manualEdits(db.sql);
      const [{ last }] = (await db.sql<{ last: number }[]>`select coalesce(max(id), 0)::int as last from ai_model_fetches`) as unknown as [{ last: number }];

      const child = spawn(process.execPath, ['--import', 'tsx', 'fetcher/cli.ts', ...ARGS], { cwd: projectRoot, env: env(), stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      // somewhere between the 3rd and the 25th of Anthropic's 35 pages
      const killAt = 3 + Math.floor(rand() * 23);
      await waitUntil(`the fetcher to reach page ${killAt}`, async () => anthropic.requests.length >= killAt);
      child.kill('SIGKILL');
      assert.equal(await withDeadline(exited, 30_000, 'the killed fetcher'), 'SIGKILL', stderr);
      const pagesSeen = { anthropic: anthropic.requests.length, google: google.requests.length };
      assert.ok(pagesSeen.anthropic < 35, 'killed before the list was complete');

      const staged = await db.sql<{ provider: string }[]>`select provider from ai_model_fetches where id > ${last}`;
      assert.deepEqual([...staged], [], 'nothing staged by the killed run');
      assert.deepEqual(await tableHashes(db.sql), before, 'the table is exactly as before');
      assert.deepEqual(await violations(db.sql), []);

      // the next run completes: every new list applied, the 5 replaced models of each paged provider deactivated
      for (const m of [openai, anthropic, google]) m.options.latencyMs = 0;
      const next = await runCli(ARGS, env());
      assert.equal(next.code, 0, explain(next));
      assert.match(next.stdout, /^anthropic\s+applied\s+35\s+5\s+\d+\s+\d+\s+5\s+0\s/m, explain(next));
      assert.match(next.stdout, /^google\s+applied\s+37\s+5\s+\d+\s+\d+\s+5\s+0\s/m, explain(next));
      const lost = await lostEdits(db.sql, edits);
      const { missing, inactive } = await listedButInactive(db.sql);
      editsLost += lost.length;
      rowsLost += missing.length;
      wrongful += inactive.length;
      assert.deepEqual(lost, []);
      assert.deepEqual([...missing, ...inactive], []);
      assert.deepEqual(await violations(db.sql), []);
      process.stderr.write(`crash-fetcher: run ${run}: killed at Anthropic page ${pagesSeen.anthropic}, Google page ${pagesSeen.google}: nothing staged\n`);
    }
    publish({ scenario: 'fetcher (make sync) killed with SIGKILL mid-pagination', runs, faults: runs, rowsLost, editsLost, wrongfulDeactivations: wrongful });
  });
});
