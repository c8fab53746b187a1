// Mock of Anthropic's GET /v1/models: cursor pages (limit, after_id) newest first as given,
// {"data":[…],"has_more","first_id","last_id"}; key in x-api-key (SDK 0.x) or Authorization: Bearer (SDK 1.x);
// errors {"type":"error","error":{"type","message"},"request_id"}.
import { presentedKey, startMock, type MockOptions, type MockServer, type PageRequest, type WireFormat } from './server.ts';

const errorType = (status: number) =>
  ({ 400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 429: 'rate_limit_error', 529: 'overloaded_error' })[
    status
  ] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');

function window(req: PageRequest, models: Record<string, unknown>[], pageSize: number) {
  const asked = Number(req.url.searchParams.get('limit') ?? 20);
  const limit = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 20, pageSize, 1000));
  const after = req.url.searchParams.get('after_id');
  const endless = after?.match(/^claude-endless-(\d+)-\d+$/);
  if (endless) return { limit, start: 0, page: Number(endless[1]) + 1 };
  const start = after ? models.findIndex((m) => m.id === after) + 1 : 0;
  return { limit, start, page: Math.floor(start / limit) + 1 };
}

export const anthropicFormat: WireFormat = {
  route: (path) => path === '/v1/models',
  authError(req, key) {
    const got = presentedKey(req.headers, 'x-api-key') ?? presentedKey(req.headers, 'authorization');
    if (!req.headers['anthropic-version']) return { status: 400, message: 'anthropic-version: header is required' };
    return got === key ? undefined : { status: 401, message: `invalid x-api-key: ${got ?? '(none)'}` };
  },
  pageNumber: (req, models, pageSize) => window(req, models, pageSize).page,
  page(req, models, pageSize, endless) {
    const { limit, start, page } = window(req, models, pageSize);
    if (endless) {
      const data = Array.from({ length: limit }, (_, i) => ({ type: 'model', id: `claude-endless-${page}-${i}`, display_name: `Endless ${page}.${i}`, created_at: '2026-01-01T00:00:00Z' }));
      return { page, body: { data, has_more: true, first_id: data[0]!.id, last_id: data.at(-1)!.id } };
    }
    const data = models.slice(start, start + limit);
    return {
      page,
      body: { data, has_more: start + limit < models.length, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
    };
  },
  applyListFault(fault, body) {
    const b = { ...(body as Record<string, unknown>) };
    if (fault === 'no-list') delete b.data;
    else if (fault === 'null-list') b.data = null;
    else Object.assign(b, { has_more: true, last_id: null });
    return b;
  },
  errorBody: (status, message) => ({ type: 'error', error: { type: errorType(status), message }, request_id: 'req_mock0123456789' }),
};

export function startAnthropicMock(options: MockOptions = {}): Promise<MockServer> {
  return startMock(anthropicFormat, options);
}
