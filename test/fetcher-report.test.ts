// The printed side of a run: the report table and its sections, and progress lines off a terminal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PassThrough } from 'node:stream';
import { createProgress, isInteractive, startProgress } from '../fetcher/progress.ts';
import { renderModels, perMillion, tokens, type ModelRow } from '../fetcher/models.ts';
import { outcomeExitCode, outputWidth, renderReport, wrapLine, type ProviderOutcome } from '../fetcher/report.ts';

const applied = (provider: string, report: Record<string, unknown>): ProviderOutcome => ({
  provider,
  status: 'applied',
  pages: 1,
  models: 3,
  batch: 7,
  report: { provider, batch: 7, status: 'applied', models: 3, inserted: 1, updated: 1, unchanged: 1, deactivated: 0, reactivated: 0, conflicts: [], unpriced: [], warnings: [], ...report },
});

describe('report', () => {
  test('a failed batch and a failed fetch are both failures (exit 1); skipped and superseded are not', () => {
    assert.equal(outcomeExitCode([{ provider: 'a', status: 'skipped', reason: 'x' }, { provider: 'b', status: 'superseded' }, applied('c', {})]), 0);
    assert.equal(outcomeExitCode([applied('c', {}), { provider: 'd', status: 'failed', error: 'boom' }]), 1);
    assert.equal(outcomeExitCode([{ provider: 'e', status: 'fetch_failed', error: 'HTTP 500' }]), 1);
  });

  test('the table and every section', () => {
    const text = renderReport({
      mode: 'sync',
      force: false,
      exit_code: 1,
      providers: [
        applied('openai', {
          conflicts: [{ api_identifier: 'gpt-4o', key: 'input_token_cost_rate', value: 0.000002, old_default: 0.0000025, new_default: 0.000003 }],
          overrides: [
            { api_identifier: 'gpt-4o', key: 'input_token_cost_rate', value: 0.000002, default: 0.000003 },
            { api_identifier: 'o3', key: 'name', value: 'o3 (reasoning)', default: 'o3' },
          ],
          manual_rows: ['ft:gpt-4o:acme::x1'],
          adjusted: [{ api_identifier: 'gpt-4o', key: 'hard_cap_output_tokens', from: 32000, to: 16384, reason: "manual cap follows the provider's maximum output" }],
          deactivated: 1,
          deactivated_models: ['gpt-3.5-turbo'],
          unpriced: Array.from({ length: 23 }, (_, i) => `m${i + 1}`),
          stale_prices: [{ api_identifier: 'gpt-4-0613', key: 'output_token_cost_rate', value: 0.00006 }],
          not_token_priced: ['dall-e-3', 'tts-1'],
          warnings: ['the list is empty'],
        }),
        { provider: 'google', status: 'fetch_failed', error: 'page 2: HTTP 503 Service Unavailable after 4 attempts: The service is currently unavailable. (UNAVAILABLE)', pages: 1, models: 50 },
        { provider: 'groq', status: 'failed', batch: 9, models: 2, pages: 1, error: 'groq batch 9: duplicate model id x\nDETAIL: pages overlapped\nHINT: fetch again' },
        { provider: 'mistral', status: 'superseded', batch: 4, models: 2, report: { provider: 'mistral', batch: 4, status: 'superseded', superseded_by: 5 } },
        { provider: 'xai', status: 'skipped', reason: 'XAI_API_KEY is not set' },
      ],
    });
    assert.equal(
      text,
      `Sync report

provider  status        models  inserted  updated  unchanged  deactivated  reactivated  conflicts  unpriced
--------  ------------  ------  --------  -------  ---------  -----------  -----------  ---------  --------
openai    applied            3         1        1          1            1            0          1        23
google    FETCH FAILED       -         -        -          -            -            -          -         -
groq      BATCH FAILED       2         -        -          -            -            -          -         -
mistral   superseded         2         -        -          -            -            -          -         -

Conflicts (your value kept; the default changed under it):
  openai/gpt-4o  input_token_cost_rate: kept 0.000002; default 0.0000025 -> 0.000003

Manual values kept (the default differs, but it did not move):
  openai/o3  name: o3 (reasoning) (default o3)

Rows created by hand (listed by the provider, left alone):
  openai: ft:gpt-4o:acme::x1

Adjusted:
  openai/gpt-4o  hard_cap_output_tokens: 32000 -> 16384 (manual cap follows the provider's maximum output)

Deactivated (no longer listed):
  openai: gpt-3.5-turbo

Unpriced (no catalog entry, no provider price):
  openai (23): m1, m2, m3, m4, m5, m6, m7, m8, m9, m10, m11, m12, m13, m14, m15, m16, m17, m18, m19,
    m20, … and 3 more (--json lists all)

Stale prices (kept, but no default has them any more: edit or remove the key, or price it in the catalog):
  openai/gpt-4-0613  output_token_cost_rate: 0.00006

Not billed per token (the provider lists no token price; left unpriced, never $0):
  openai (2): dall-e-3, tts-1

Warnings:
  openai: the list is empty

Superseded:
  mistral: batch 4 was not applied: a newer batch (5) was

Failures:
  google: fetch failed, nothing staged: page 2: HTTP 503 Service Unavailable after 4 attempts: The service is currently unavailable. (UNAVAILABLE)
  groq: batch 9 failed, none of its rows changed: groq batch 9: duplicate model id x | DETAIL: pages overlapped | HINT: fetch again

Skipped (no key): xai
`,
    );
  });
});

describe('the report on a terminal: long sections wrap', () => {
  // Fireworks' unpriced ids ran to 986 characters on one line
  const ids = Array.from({ length: 20 }, (_, i) => `accounts/fireworks/models/some-long-model-name-v${i}`);
  const summary = {
    mode: 'sync' as const,
    force: false,
    exit_code: 0,
    providers: [applied('fireworks', { unpriced: ids, deactivated_models: ids.slice(0, 8) }), { provider: 'xai', status: 'skipped' as const, reason: 'no key' }],
  };

  test('wrapLine: at spaces, continuation indented, never past the width unless one word is longer', () => {
    assert.deepEqual(wrapLine('  a, b, c, d', 100), ['  a, b, c, d']);
    assert.deepEqual(wrapLine('  aaa, bbb, ccc, ddd', 12), ['  aaa, bbb,', '    ccc, ddd']);
    assert.deepEqual(wrapLine('  aaa, bbb, ccc, ddd', 11), ['  aaa, bbb,', '    ccc,', '    ddd']);
    const long = 'x'.repeat(30);
    assert.deepEqual(wrapLine(`  a ${long} b`, 20), ['  a', `    ${long}`, '    b'], 'an id longer than the width is never cut');
  });

  test('every line of the id sections fits the width (100 off a terminal, the terminal\'s own on one); the ids are all there', () => {
    for (const width of [100, 60]) {
      const text = renderReport(summary, width);
      const section = text.slice(text.indexOf('Unpriced'), text.indexOf('Skipped'));
      for (const line of section.split('\n')) assert.ok(line.length <= width, `${line.length} > ${width}: ${line}`);
      assert.ok(section.split('\n').length > 3, 'the section did not wrap');
      const listed = section.replace(/\s+/g, ' ');
      for (const id of ids) assert.ok(listed.includes(id), `${id} lost in the wrapping`);
      if (width === 100) assert.match(text, /^ {2}fireworks \(20\): accounts\/fireworks\/models\/some-long-model-name-v0,$/m);
      assert.match(text, /^ {4}accounts\/fireworks/m, 'continuation lines are indented under the provider');
    }
    // the table is never wrapped
    assert.match(renderReport(summary, 40), /^fireworks\s+applied\s+3\s+1\s+1\s+1\s+0\s+0\s+0\s+20$/m);
  });

  test('outputWidth: the terminal\'s columns on a TTY, 100 otherwise (a pipe, a file)', () => {
    const pipe = new PassThrough();
    assert.equal(outputWidth(pipe), 100);
    assert.equal(outputWidth(Object.assign(new PassThrough(), { isTTY: true, columns: 72 })), 72);
    assert.equal(outputWidth(Object.assign(new PassThrough(), { isTTY: true, columns: 0 })), 100, 'a terminal of width 0 (some CI runners)');
  });
});

describe('models table', () => {
  const rows: ModelRow[] = [
    { provider: 'anthropic', api_identifier: 'claude-opus-4-6', name: 'Claude Opus 4.6', config: { kind: 'chat', input_token_cost_rate: 0.000005, output_token_cost_rate: 0.000025, cache_read_input_token_cost_rate: 5e-7, context_window_tokens: 200000, hard_cap_output_tokens: 128000 } },
    { provider: 'openai', api_identifier: 'ft:gpt-4o-mini:acme::x1', name: null, config: {} },
  ];

  test('the kind ("?" when nothing says), prices per 1M tokens and limits, "-" where unknown; an empty list says so', () => {
    assert.equal(perMillion(0.0000025), '2.5');
    assert.equal(perMillion(7.5e-8), '0.075');
    assert.equal(perMillion(undefined), '-');
    assert.equal(tokens(1048576), '1.05M');
    assert.equal(tokens(8192), '8.19k');
    assert.equal(tokens(0), '-');
    const text = renderModels(rows);
    assert.match(text, /^provider\s+model\s+kind\s+input \$\/1M\s+output \$\/1M\s+cached \$\/1M\s+context\s+max output$/m);
    assert.match(text, /^anthropic\s+claude-opus-4-6\s+chat\s+5\s+25\s+0\.5\s+200k\s+128k$/m);
    assert.match(text, /^openai\s+ft:gpt-4o-mini:acme::x1\s+\?\s+-\s+-\s+-\s+-\s+-$/m);
    assert.match(text, /2 active model\(s\), 1 without an input price/);
    assert.match(renderModels([]), /^No active model/);
  });
});

describe('progress', () => {
  const fakeTty = (columns: number | undefined) => Object.assign(new PassThrough(), { isTTY: true, columns }) as unknown as NodeJS.WriteStream;

  test('a spinner only on a terminal that reports its width, not TERM=dumb, not in CI', () => {
    assert.equal(isInteractive(fakeTty(120), {}), true);
    assert.equal(isInteractive(fakeTty(0), {}), false, 'a zero-width pty made ora loop forever');
    assert.equal(isInteractive(fakeTty(undefined), {}), false);
    assert.equal(isInteractive(fakeTty(120), { TERM: 'dumb' }), false);
    assert.equal(isInteractive(fakeTty(120), { CI: 'true' }), false);
    assert.equal(isInteractive(new PassThrough() as unknown as NodeJS.WriteStream, {}), false);
  });

  test('plain lines off a terminal: pages, retries, totals, failures', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const p = createProgress(out as unknown as NodeJS.WriteStream, false);
    p.start('google');
    p.page('google', 1, 50);
    p.retry('google', { url: 'u', attempt: 1, attempts: 4, reason: 'HTTP 429 Too Many Requests', waitMs: 2000, serverAsked: true });
    p.page('google', 2, 61);
    p.done('google', 61, 2);
    p.failed('anthropic', 'page 1: HTTP 401 Unauthorized: invalid x-api-key (authentication_error)');
    p.notice('groq: skipped, GROQ_API_KEY is not set');
    p.stop();
    assert.equal(
      text,
      [
        'google: page 1, 50 models so far',
        'google: HTTP 429 Too Many Requests, retrying in 2s as the server asked (attempt 2 of 4)',
        'google: page 2, 61 models so far',
        'google: 61 models in 2 pages',
        'anthropic: FAILED: page 1: HTTP 401 Unauthorized: invalid x-api-key (authentication_error)',
        'groq: skipped, GROQ_API_KEY is not set',
        '',
      ].join('\n'),
    );
  });

  test('the CLI loads the spinner (ora) only for a terminal: plain lines elsewhere, spinner text on a terminal', async () => {
    const capture = (stream: NodeJS.WriteStream) => {
      let text = '';
      (stream as unknown as PassThrough).on('data', (d: Buffer) => (text += d.toString()));
      return () => text;
    };
    const pipe = new PassThrough() as unknown as NodeJS.WriteStream;
    const piped = capture(pipe);
    const plain = await startProgress(pipe, {});
    plain.page('google', 1, 50);
    plain.stop();
    assert.equal(piped(), 'google: page 1, 50 models so far\n');

    // a terminal as far as ora goes: it moves the cursor and clears lines
    const tty = Object.assign(fakeTty(120), { cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const drawn = capture(tty);
    const spinning = await startProgress(tty, {});
    spinning.start('google');
    spinning.page('google', 1, 50);
    spinning.stop();
    assert.doesNotMatch(drawn(), /models so far/, 'on a terminal pages update the spinner instead of printing lines');
  });
});
