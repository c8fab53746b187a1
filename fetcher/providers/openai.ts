// OpenAI and every OpenAI-compatible provider: GET {base}/models through the openai SDK, one page.
// The raw body is read and checked here: the SDK turns a body without "data" (and Together's bare JSON array)
// into an empty list without a word.
import OpenAI from 'openai';
import { ProviderError } from '../http.ts';
import { checkEntries, describeJson, isObject, listField, type FetchContext, type FetchedList } from './common.ts';

export function openaiClient(ctx: FetchContext): OpenAI {
  const { config, http, sdkTimeoutMs } = ctx;
  return new OpenAI({
    // Keyless providers (OpenRouter, Ollama, custom): the SDK insists on a key, so it gets a placeholder and the
    // Authorization header is removed (a null default header omits it).
    apiKey: config.apiKey ?? 'no-key',
    ...(config.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    // Never the OPENAI_* environment of the user for another provider (org, project, admin key).
    organization: null,
    project: null,
    adminAPIKey: null,
    baseURL: config.baseUrl,
    fetch: http.fetch,
    maxRetries: 0,
    timeout: sdkTimeoutMs,
    logLevel: 'off',
  });
}

export async function fetchOpenAI(ctx: FetchContext): Promise<FetchedList> {
  const client = openaiClient(ctx);
  const body = await ctx.http.json('GET /models', () => client.models.list());
  let models: unknown[];
  if (Array.isArray(body)) {
    // Together answers with a bare array of models.
    models = body;
  } else {
    models = listField(body, 'data', 'GET /models', ctx.config.nullListIsEmpty);
    if (isObject(body) && body.has_more === true) {
      throw new ProviderError(`GET /models: the answer says has_more but /models has no pagination; the list would be cut short (got ${describeJson(body)})`);
    }
  }
  ctx.onPage(1, models.length);
  checkEntries(models, 'id');
  return { models, pages: 1 };
}
