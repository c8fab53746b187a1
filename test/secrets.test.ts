// Keys never leave the fetcher, even in a message that is cut (SPEC 9: mask first, then cut), and credential-shaped
// fragments of keys that are not configured are masked too (issue 10, issue 11). Also the schedule's friendly check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchProvider } from '../fetcher/fetch.ts';
import { oneLine, parseBody, providerMessage } from '../fetcher/http.ts';
import { cronProblem } from '../fetcher/schedule.ts';
import { Redactor } from '../fetcher/secrets.ts';
import { fastPolicy, providerFor, recordProgress } from './mocks/harness.ts';
import { openaiModels, startOpenAIMock } from './mocks/index.ts';

// 44 characters, shaped like no real provider's key
const KEY = 'fake-i10-cut-0123456789abcdefghijklmnopqrstu';
const redactor = new Redactor([KEY]);

/** The longest run of the key's characters, in order from its start or anywhere, that `text` still shows. */
function leaked(text: string): number {
  let longest = 0;
  for (let from = 0; from < KEY.length; from++) {
    for (let to = KEY.length; to - from > longest; to--) {
      if (text.includes(KEY.slice(from, to))) longest = to - from;
    }
  }
  return longest;
}

test('a key echoed across the 300-character cut of a JSON error message is masked, not cut', () => {
  for (let at = 250; at <= 300; at++) {
    const message = `${'x'.repeat(at)} Incorrect API key provided: ${KEY}. See the docs.`;
    const shown = providerMessage(JSON.stringify({ error: { message } }), 'application/json', redactor);
    assert.ok(leaked(shown) < 6, `key start at ${at}: ${leaked(shown)} characters of the key shown in ${shown.slice(-80)}`);
    assert.ok(shown.length <= 300 + 20);
  }
});

test('a provider error that echoes the key across the cut: the fetch outcome shows none of it', async () => {
  const mock = await startOpenAIMock({ models: openaiModels(), key: KEY });
  try {
    for (const at of [260, 280, 290, 299]) {
      mock.reset();
      mock.fault({ type: 'status', status: 401, message: `${'x'.repeat(at)} Incorrect API key provided: ${KEY}.` });
      const o = await fetchProvider(providerFor(mock, 'openai', 'openai', KEY), { policy: fastPolicy, maxPages: 2, pageSize: 100 },
        redactor, recordProgress());
      assert.equal(o.ok, false);
      const error = !o.ok ? o.error : '';
      assert.match(error, /HTTP 401/);
      assert.ok(leaked(error) < 6, `at ${at}: ${leaked(error)} characters of the key in ${error.slice(-90)}`);
    }
  } finally {
    await mock.close();
  }
});

test('a key echoed across the 200-character cut of a text or HTML body is masked, not cut', () => {
  for (let at = 150; at <= 200; at += 5) {
    const body = `${'y'.repeat(at)} key=${KEY} rest`;
    for (const shown of [
      providerMessage(body, 'text/plain', redactor),
      providerMessage(`<html><title>${body}</title></html>`, 'text/html', redactor),
    ]) {
      assert.ok(leaked(shown) < 6, `at ${at}: ${shown.slice(-80)}`);
    }
  }
  // the path the fetcher takes for a body that is not JSON
  const r = { url: 'http://x/v1/models', status: 502, statusText: 'Bad Gateway', contentType: 'text/plain', attempts: 1,
              text: `${'z'.repeat(185)} ${KEY}` };
  assert.throws(() => parseBody(r, 'GET /v1/models', redactor), (e: Error) => {
    assert.ok(leaked(e.message) < 6, e.message);
    return true;
  });
});

test('a prefix of a key (8+ characters) at a cut, ours or the provider\'s, is masked', () => {
  assert.equal(redactor.scrub(`bad key ${KEY.slice(0, 20)}`), 'bad key ***');
  assert.equal(redactor.scrub(`bad key ${KEY.slice(0, 12)}… (truncated)`), 'bad key ***… (truncated)');
  assert.equal(redactor.scrub(`bad key ${KEY.slice(0, 12)}...`), 'bad key ***...');
  const cut = redactor.cut(`${'w'.repeat(20)}${KEY.slice(0, 15)}`, 30);
  assert.ok(leaked(cut) < 8, cut);
  assert.equal(oneLine(`a  ${KEY}\n b`, 100, redactor), 'a *** b');
  // short prefixes and other words stay
  assert.equal(redactor.scrub(`the word ${KEY.slice(0, 5)} stays`), `the word ${KEY.slice(0, 5)} stays`);
});

test('credential headers of keys that are not configured are masked (issue 11)', () => {
  const none = new Redactor([]);
  const cases: [string, string][] = [
    ['request failed: authorization: Basic dXNlcjpzZWNyZXRwYXNz', 'dXNlcjpzZWNyZXRwYXNz'],
    ['echo: Authorization: Basic dXNlcjpzZWNyZXRwYXNz (rejected)', 'dXNlcjpzZWNyZXRwYXNz'],
    ['echo: Authorization: opaque-token-9f8e7d6c5b4a', 'opaque-token-9f8e7d6c5b4a'],
    ['{"Authorization":"scheme-less-value-123456"}', 'scheme-less-value-123456'],
    ['headers: x-api-key: unconfigured-key-0a1b2c3d', 'unconfigured-key-0a1b2c3d'],
    ['headers: X-Api-Key=unconfigured-key-0a1b2c3d', 'unconfigured-key-0a1b2c3d'],
  ];
  for (const [text, secret] of cases) {
    const shown = none.scrub(text);
    assert.ok(!shown.includes(secret) && !shown.includes(secret.slice(0, 10)), `${text} -> ${shown}`);
    assert.match(shown, /\*\*\*/);
  }
  assert.equal(none.scrub('authorization: Basic dXNlcjpzZWNyZXRwYXNz'), 'authorization: Basic ***');
});

test('make schedule refuses anything but five cron fields or "N seconds", before connecting', () => {
  for (const ok of ['0 * * * *', '*/15 * * * *', '30 3 * * 1-5', '0 0 1 jan,jul *', '0 9 * * mon-fri', '30 seconds', '5 second']) {
    assert.equal(cronProblem('CRON', ok), undefined, ok);
  }
  for (const bad of ["* * * * *'; drop table ai_providers; --", '* * * *', '0 * * * * *', '60 seconds', 'every hour', '', '0 * * * *;', '@hourly $(id)']) {
    assert.match(cronProblem('CRON', bad) ?? '', /^CRON=.* is not a schedule: give five cron fields/, bad);
  }
});
