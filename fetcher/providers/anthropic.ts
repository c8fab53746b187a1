// Anthropic: GET {base}/v1/models through @anthropic-ai/sdk, every page (after_id = last_id while has_more).
// The SDK's own page walk is used; each page's raw body is checked first, because the SDK ends the walk silently
// when has_more comes without last_id and reads a body without "data" as an empty page.
import Anthropic from '@anthropic-ai/sdk';
import { ProviderError } from '../http.ts';
import { checkEntries, listField, tooManyPages, type FetchContext, type FetchedList } from './common.ts';

type ModelsPage = Awaited<ReturnType<Anthropic['models']['list']>>;

export function anthropicClient(ctx: FetchContext): Anthropic {
  const { config, http, sdkTimeoutMs } = ctx;
  return new Anthropic({
    apiKey: config.apiKey ?? null,
    authToken: null,
    baseURL: config.baseUrl,
    fetch: http.fetch,
    maxRetries: 0,
    timeout: sdkTimeoutMs,
    logLevel: 'off',
  });
}

export async function fetchAnthropic(ctx: FetchContext): Promise<FetchedList> {
  const client = anthropicClient(ctx);
  const models: unknown[] = [];
  const cursors = new Set<string>();
  let page: ModelsPage | undefined;
  for (let n = 1; ; n++) {
    if (n > ctx.maxPages) throw tooManyPages(ctx.maxPages);
    const what = `page ${n}`;
    const previous = page;
    const body = await ctx.http.json(what, async () => {
      page = previous ? await previous.getNextPage() : await client.models.list({ limit: ctx.pageSize });
    });
    models.push(...listField(body, 'data', what));
    ctx.onPage(n, models.length);
    const { has_more: hasMore, last_id: lastId } = body as Record<string, unknown>;
    if (typeof hasMore !== 'boolean') throw new ProviderError(`${what}: "has_more" is missing or not a boolean`);
    if (!hasMore) {
      checkEntries(models, 'id');
      return { models, pages: n };
    }
    if (typeof lastId !== 'string' || lastId === '') {
      throw new ProviderError(`${what}: has_more is true but last_id is ${JSON.stringify(lastId ?? null)}: cannot ask for the next page`);
    }
    if (cursors.has(lastId)) throw new ProviderError(`${what}: last_id "${lastId}" repeats an earlier page's (a pagination loop)`);
    cursors.add(lastId);
    if (!page?.hasNextPage()) {
      throw new ProviderError(`${what}: has_more is true but the SDK sees no next page`);
    }
  }
}
