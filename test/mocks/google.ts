// Mock of Gemini's GET /v1beta/models (SDK 2.x; /v1/models too): {"models":[…],"nextPageToken":"…"} with opaque
// tokens, pageSize (default 50) capped by the mock's page size; key in the x-goog-api-key header only (a ?key=
// parameter is not accepted, so a fetcher that leaks the key into the URL fails); errors {"error":{code,message,status}}:
// a bad key is 400 INVALID_ARGUMENT, a missing one 403 PERMISSION_DENIED.
import { presentedKey, startMock, type MockOptions, type MockServer, type PageRequest, type WireFormat } from './server.ts';

const statusName = (status: number) =>
  ({ 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' })[status] ??
  'UNKNOWN';

const token = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function window(req: PageRequest, pageSize: number) {
  const asked = Number(req.url.searchParams.get('pageSize') ?? 50);
  const size = Math.max(1, Math.min(Number.isFinite(asked) && asked > 0 ? asked : 50, pageSize, 1000));
  const t = req.url.searchParams.get('pageToken');
  const endless = t?.match(/^endless-(\d+)$/);
  if (endless) return { size, offset: 0, page: Number(endless[1]) };
  const offset = t ? Number(Buffer.from(t, 'base64url').toString().replace(/^offset:/, '')) || 0 : 0;
  return { size, offset, page: Math.floor(offset / size) + 1 };
}

export const googleFormat: WireFormat = {
  route: (path) => path === '/v1beta/models' || path === '/v1/models',
  authError(req, key) {
    const got = presentedKey(req.headers, 'x-goog-api-key');
    if (!got) return { status: 403, message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." };
    return got === key ? undefined : { status: 400, message: `API key not valid. Please pass a valid API key. (got ${got})` };
  },
  pageNumber: (req, _models, pageSize) => window(req, pageSize).page,
  page(req, models, pageSize, endless) {
    const { size, offset, page } = window(req, pageSize);
    if (endless) {
      const list = Array.from({ length: size }, (_, i) => ({ name: `models/gemini-endless-${page}-${i}`, displayName: `Endless ${page}.${i}`, version: '001' }));
      return { page, body: { models: list, nextPageToken: `endless-${page + 1}` } };
    }
    const list = models.slice(offset, offset + size);
    const more = offset + size < models.length;
    return { page, body: more ? { models: list, nextPageToken: token(offset + size) } : { models: list } };
  },
  applyListFault(fault, body) {
    const b = { ...(body as Record<string, unknown>) };
    if (fault === 'no-list') delete b.models;
    else if (fault === 'null-list') b.models = null;
    else b.nextPageToken = '';
    return b;
  },
  errorBody: (status, message) => ({ error: { code: status, message, status: statusName(status) } }),
};

export function startGoogleMock(options: MockOptions = {}): Promise<MockServer> {
  return startMock(googleFormat, options);
}
