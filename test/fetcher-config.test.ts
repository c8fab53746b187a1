// Which providers run with which key and base URL; what the redactor masks; the settings from flags and env.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchSettings, type CliOptions } from '../fetcher/cli.ts';
import { ConfigError, planProviders, presets } from '../fetcher/config.ts';
import { defaultRetryPolicy } from '../fetcher/http.ts';
import { Redactor } from '../fetcher/secrets.ts';

const names = (env: NodeJS.ProcessEnv, selected: string[] = []) => {
  const plan = planProviders(env, selected);
  return { run: plan.providers.map((p) => p.name), skipped: plan.skipped.map((s) => s.name) };
};

describe('providers from the environment', () => {
  test('without any key every default provider is skipped, and the keyless presets are not even considered', () => {
    const plan = planProviders({});
    assert.deepEqual(plan.providers, []);
    assert.deepEqual(
      plan.skipped.map((s) => s.name),
      ['openai', 'anthropic', 'google', 'mistral', 'groq', 'deepseek', 'xai', 'together', 'fireworks'],
    );
    assert.equal(plan.skipped.find((s) => s.name === 'google')?.reason, 'GOOGLE_API_KEY or GEMINI_API_KEY are not set');
    assert.equal(plan.skipped.find((s) => s.name === 'groq')?.reason, 'GROQ_API_KEY is not set');
  });

  test('a key enables its provider with the default base URL; a base URL variable overrides it', () => {
    const plan = planProviders({ OPENAI_API_KEY: 'sk-1234567', GROQ_API_KEY: 'gsk-1234567', GROQ_BASE_URL: 'http://127.0.0.1:9999/openai/v1/' });
    assert.deepEqual(
      plan.providers.map((p) => [p.name, p.format, p.baseUrl, p.keyVar]),
      [
        ['openai', 'openai', 'https://api.openai.com/v1', 'OPENAI_API_KEY'],
        ['groq', 'openai', 'http://127.0.0.1:9999/openai/v1', 'GROQ_API_KEY'],
      ],
    );
  });

  test('Google takes GOOGLE_API_KEY, else GEMINI_API_KEY; an empty variable counts as unset', () => {
    assert.equal(planProviders({ GEMINI_API_KEY: 'gem-123456' }).providers.find((p) => p.name === 'google')?.apiKey, 'gem-123456');
    assert.equal(planProviders({ GOOGLE_API_KEY: 'goo-123456', GEMINI_API_KEY: 'gem-123456' }).providers.find((p) => p.name === 'google')?.apiKey, 'goo-123456');
    assert.deepEqual(names({ GOOGLE_API_KEY: '  ', GEMINI_API_KEY: '' }).run, []);
  });

  test('every preset of the issue exists, with its wire format and base URL', () => {
    assert.deepEqual(
      presets.map((p) => [p.name, p.format, p.defaultBaseUrl]),
      [
        ['openai', 'openai', 'https://api.openai.com/v1'],
        ['anthropic', 'anthropic', 'https://api.anthropic.com'],
        ['google', 'google', 'https://generativelanguage.googleapis.com'],
        ['mistral', 'openai', 'https://api.mistral.ai/v1'],
        ['groq', 'openai', 'https://api.groq.com/openai/v1'],
        ['deepseek', 'openai', 'https://api.deepseek.com'],
        ['xai', 'openai', 'https://api.x.ai/v1'],
        ['together', 'openai', 'https://api.together.xyz/v1'],
        ['fireworks', 'openai', 'https://api.fireworks.ai/inference/v1'],
        ['openrouter', 'openai', 'https://openrouter.ai/api/v1'],
        ['ollama', 'openai', 'http://localhost:11434/v1'],
      ],
    );
  });

  test('AI_MODEL_SYNC_PROVIDERS replaces the default set; "default" stands for it; keyless presets run when named', () => {
    assert.deepEqual(names({ AI_MODEL_SYNC_PROVIDERS: 'openrouter, ollama', OPENAI_API_KEY: 'sk-1234567' }), { run: ['openrouter', 'ollama'], skipped: [] });
    const withDefaults = names({ AI_MODEL_SYNC_PROVIDERS: 'default,openrouter', OPENAI_API_KEY: 'sk-1234567' });
    assert.deepEqual(withDefaults.run, ['openai', 'openrouter']);
    assert.equal(withDefaults.skipped.length, 8);
    const ollama = planProviders({ AI_MODEL_SYNC_PROVIDERS: 'ollama' }).providers[0]!;
    assert.equal(ollama.apiKey, undefined);
    assert.equal(ollama.nullListIsEmpty, true);
    assert.equal(ollama.baseUrl, 'http://localhost:11434/v1');
  });

  test('--provider names replace both, are case-insensitive, comma-separated or repeated', () => {
    const env = { AI_MODEL_SYNC_PROVIDERS: 'openai', ANTHROPIC_API_KEY: 'ak-1234567', OPENAI_API_KEY: 'sk-1234567' };
    assert.deepEqual(names(env, ['Anthropic,openrouter', 'anthropic']), { run: ['anthropic', 'openrouter'], skipped: [] });
    assert.deepEqual(names(env, ['groq']), { run: [], skipped: ['groq'] });
  });

  test('a custom OpenAI-compatible provider: NAME_BASE_URL required, NAME_API_KEY sent when set', () => {
    const plan = planProviders({ AI_MODEL_SYNC_PROVIDERS: 'my-vllm,lab', MY_VLLM_BASE_URL: 'http://10.0.0.5:8000/v1', LAB_BASE_URL: 'https://lab.example/v1', LAB_API_KEY: 'lab-key-12345' });
    assert.deepEqual(
      plan.providers.map((p) => [p.name, p.format, p.baseUrl, p.apiKey]),
      [
        ['my-vllm', 'openai', 'http://10.0.0.5:8000/v1', undefined],
        ['lab', 'openai', 'https://lab.example/v1', 'lab-key-12345'],
      ],
    );
    assert.throws(() => planProviders({}, ['nosuch']), (e: unknown) => e instanceof ConfigError && /unknown provider "nosuch": set NOSUCH_BASE_URL/.test(e.message));
  });

  test('configuration mistakes are ConfigErrors: bad names, keys or credentials in URLs, non-http URLs', () => {
    const bad: [NodeJS.ProcessEnv, string[], RegExp][] = [
      [{}, ['bad!name'], /not a valid provider name/],
      [{}, ['1abc'], /not a valid provider name/],
      [{ OPENAI_API_KEY: 'sk-1234567', OPENAI_BASE_URL: 'https://api.openai.com/v1?key=abc' }, ['openai'], /must not contain a query/],
      [{ X_BASE_URL: 'https://user:secret@x.example/v1' }, ['x'], /must not contain credentials/],
      [{ X_BASE_URL: 'ftp://x.example/v1' }, ['x'], /must be an http\(s\) URL/],
      [{ X_BASE_URL: 'not a url' }, ['x'], /X_BASE_URL is not a URL/],
    ];
    for (const [env, selected, pattern] of bad) {
      assert.throws(() => planProviders(env, selected), (e: unknown) => e instanceof ConfigError && pattern.test(e.message), `${JSON.stringify(env)} ${selected}`);
    }
  });
});

describe('settings from flags and AI_MODEL_SYNC_* variables', () => {
  const opts = (o: Partial<CliOptions> = {}): CliOptions => ({ provider: [], dryRun: false, stageOnly: false, force: false, json: false, catalog: true, ...o });

  test('defaults', () => {
    const s = fetchSettings(opts(), {});
    assert.deepEqual(s.policy, defaultRetryPolicy);
    assert.equal(s.maxPages, 100);
    assert.equal(s.pageSize, 1000);
  });

  test('variables, and flags over variables', () => {
    const env = { AI_MODEL_SYNC_TIMEOUT: '2.5', AI_MODEL_SYNC_RETRIES: '0', AI_MODEL_SYNC_MAX_PAGES: '7', AI_MODEL_SYNC_PAGE_SIZE: '50', AI_MODEL_SYNC_BACKOFF_MS: '10', AI_MODEL_SYNC_MAX_WAIT: '3' };
    const s = fetchSettings(opts(), env);
    assert.deepEqual([s.policy.timeoutMs, s.policy.attempts, s.maxPages, s.pageSize, s.policy.backoffMs, s.policy.maxWaitMs], [2500, 1, 7, 50, 10, 3000]);
    const f = fetchSettings(opts({ timeout: 1, retries: 5, maxPages: 3 }), env);
    assert.deepEqual([f.policy.timeoutMs, f.policy.attempts, f.maxPages], [1000, 6, 3]);
  });

  test('a bad variable is a ConfigError naming it', () => {
    assert.throws(() => fetchSettings(opts(), { AI_MODEL_SYNC_RETRIES: '-1' }), (e: unknown) => e instanceof ConfigError && /^AI_MODEL_SYNC_RETRIES: /.test(e.message));
    assert.throws(() => fetchSettings(opts(), { AI_MODEL_SYNC_TIMEOUT: 'soon' }), ConfigError);
  });
});

describe('redactor', () => {
  const r = Redactor.fromEnv({ OPENAI_API_KEY: 'sk-proj-abcdef123456', SOME_TOKEN: 'tok-987654321', PATH: '/usr/bin', SHORT_KEY: 'abc' }, ['AIza-extra-0001']);

  test('masks every configured secret, and the environment\'s *_KEY/*_TOKEN values', () => {
    assert.equal(r.scrub('got sk-proj-abcdef123456 and tok-987654321 and AIza-extra-0001'), 'got *** and *** and ***');
    assert.equal(r.contains('x sk-proj-abcdef123456 y'), true);
    assert.equal(r.contains('/usr/bin'), false, 'PATH is not a secret');
    assert.equal(r.scrub('abc'), 'abc', 'values shorter than 6 characters are not treated as secrets');
  });

  test('masks credential-shaped fragments an SDK may echo: headers and key parameters', () => {
    assert.equal(r.scrub('headers: {"authorization":"Bearer unknown-secret-value"}'), 'headers: {"authorization":"Bearer ***"}');
    assert.equal(r.scrub("x-goog-api-key: AIzaSyUnknown123"), 'x-goog-api-key: ***');
    assert.equal(r.scrub('GET https://h/v1beta/models?key=AIzaSyUnknown123&pageSize=5'), 'GET https://h/v1beta/models?key=***&pageSize=5');
  });

  test('exact-only scrubbing for data leaves credential-looking words alone', () => {
    assert.equal(r.scrubSecrets('Bearer tokens are supported; key sk-proj-abcdef123456'), 'Bearer tokens are supported; key ***');
  });
});
