// Mock of GET {base}/models, the OpenAI wire format that every OpenAI-compatible provider speaks:
// {"object":"list","data":[…]} in one page, Bearer auth, errors {"error":{message,type,param,code}}.
// shape 'bare-array' answers like Together (a bare JSON array); key null: no auth (OpenRouter, Ollama).
import { presentedKey, startMock, type MockOptions, type MockServer, type WireFormat } from './server.ts';

export interface OpenAIMockOptions extends MockOptions {
  shape?: 'list' | 'bare-array';
  /** Path prefix of the base URL (OPENAI_BASE_URL includes /v1; DeepSeek has none). */
  basePath?: string;
}

const errorType = (status: number) =>
  status === 401 ? 'invalid_request_error' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';

export function openaiFormat(shape: 'list' | 'bare-array' = 'list'): WireFormat {
  return {
    route: (path) => path.endsWith('/models'),
    authError(req, key) {
      const got = presentedKey(req.headers, 'authorization');
      if (got === key) return undefined;
      // Real OpenAI echoes a masked key; the mock echoes it whole, so tests prove the fetcher scrubs it.
      return { status: 401, message: `Incorrect API key provided: ${got ?? '(none)'}. You can find your API key at https://platform.openai.com/account/api-keys.` };
    },
    pageNumber: () => 1,
    page(_req, models, _pageSize, endless) {
      if (shape === 'bare-array') return { page: 1, body: models };
      return { page: 1, body: endless ? { object: 'list', data: models, has_more: true } : { object: 'list', data: models } };
    },
    applyListFault(fault, body) {
      if (fault === 'no-list') return { object: 'list' };
      if (fault === 'null-list') return { object: 'list', data: null };
      return body;
    },
    errorBody: (status, message) => ({ error: { message, type: errorType(status), param: null, code: status === 401 ? 'invalid_api_key' : null } }),
  };
}

export function startOpenAIMock(options: OpenAIMockOptions = {}): Promise<MockServer> {
  return startMock(openaiFormat(options.shape), options, options.basePath ?? '/v1');
}
