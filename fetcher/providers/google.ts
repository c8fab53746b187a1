// Google Gemini: GET {base}/v1beta/models through @google/genai, every page (pageToken = nextPageToken).
// Pages are requested one by one (the SDK's pager loops forever on an empty-string token and renames fields);
// the raw objects are kept as Google sent them (`models/…` names, supportedGenerationMethods, baseModelId).
// The key travels in the x-goog-api-key header (the SDK's way for API keys), never as ?key= in the URL.
import { GoogleGenAI } from '@google/genai';
import { ProviderError } from '../http.ts';
import { checkEntries, listField, tooManyPages, type FetchContext, type FetchedList } from './common.ts';

export function googleClient(ctx: FetchContext): GoogleGenAI {
  const { config, http, sdkTimeoutMs } = ctx;
  return new GoogleGenAI({
    apiKey: config.apiKey,
    vertexai: false,
    // No retryOptions: the transport retries (see http.ts).
    httpOptions: { baseUrl: config.baseUrl, fetch: http.fetch, timeout: sdkTimeoutMs },
  });
}

export async function fetchGoogle(ctx: FetchContext): Promise<FetchedList> {
  const ai = googleClient(ctx);
  const models: unknown[] = [];
  const tokens = new Set<string>();
  let pageToken: string | undefined;
  for (let n = 1; ; n++) {
    if (n > ctx.maxPages) throw tooManyPages(ctx.maxPages);
    const what = `page ${n}`;
    const body = await ctx.http.json(what, () => ai.models.list({ config: { pageSize: ctx.pageSize, pageToken } }));
    models.push(...listField(body, 'models', what));
    ctx.onPage(n, models.length);
    const token = (body as Record<string, unknown>).nextPageToken;
    if (token === undefined || token === null) {
      checkEntries(models, 'name');
      return { models, pages: n };
    }
    if (typeof token !== 'string') throw new ProviderError(`${what}: nextPageToken is not a string`);
    if (token === '') {
      throw new ProviderError(`${what}: nextPageToken is "" (neither a next page nor the end of the list)`);
    }
    if (tokens.has(token)) throw new ProviderError(`${what}: nextPageToken repeats an earlier page's (a pagination loop)`);
    tokens.add(token);
    pageToken = token;
  }
}
