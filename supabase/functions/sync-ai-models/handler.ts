// The Edge Function's request handler, exported so that a test can serve it on any port (index.ts serves it).
//
//   POST  Authorization: Bearer <AI_MODEL_SYNC_FUNCTION_SECRET>   (compared in constant time; deploy with
//         --no-verify-jwt), or, with Supabase's JWT verification on, Authorization: Bearer <a JWT such as the anon
//         key> and the secret in x-ai-model-sync-secret
//         optional JSON body: {"mode": "sync" | "stage-only", "providers": ["openai", ...]}
//   200   every configured provider fetched and applied (or staged)    body: the report, as `ai-model-sync --json`
//   502   a provider failed (fetch or batch); the others were applied  body: the report
//   500   database error, or the function is not configured            body: {"error": ...} (plus the report if any)
//   400   a bad request body; 401 wrong or missing secret (nothing fetched); 405 any method but POST
//
// Provider keys and base URLs come from the function's secrets (its environment: OPENAI_API_KEY, ...), never from
// the request. The database is SUPABASE_DB_URL (Supabase sets it), else DATABASE_URL. The mode is the body's, else
// AI_MODEL_SYNC_FUNCTION_MODE (`sync`, the default, or `stage-only`: leave applying to pg_cron's
// CALL sync_ai_models()). The built-in catalog is not loaded here (no files in a function): `ai-model-sync migrate`
// or `ai-model-sync catalog` loads it. Every log line and the report are masked (no key, no secret).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Mode } from '../../../fetcher/apply.ts';
import { ConfigError } from '../../../fetcher/config.ts';
import { lineProgress } from '../../../fetcher/progress.ts';
import { Redactor } from '../../../fetcher/secrets.ts';
import { syncOnce } from '../../../fetcher/sync.ts';

export interface HandlerOptions {
  /** The function's environment (default: Deno.env). */
  env?: () => Record<string, string | undefined>;
  /** Where log lines go (default: stderr). Already masked. */
  log?: (line: string) => void;
}

const SECRET_VARIABLE = 'AI_MODEL_SYNC_FUNCTION_SECRET';
const MODES: readonly Mode[] = ['sync', 'stage-only'];

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(`${JSON.stringify(body, null, 2)}\n`, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/**
 * Constant-time comparison of the presented secret with ours (both hashed first, so lengths leak nothing): the
 * x-ai-model-sync-secret header when present (JWT verification on), else the bearer token.
 */
export function secretMatches(headers: Headers, secret: string): boolean {
  const own = headers.get('x-ai-model-sync-secret');
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
  const presented = own ?? bearer;
  const given = createHash('sha256').update(presented ?? '').digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected) && presented !== undefined && presented !== null;
}

interface RequestBody {
  mode?: Mode;
  providers?: string[];
}

async function readBody(request: Request): Promise<RequestBody | string> {
  const text = (await request.text()).trim();
  if (!text) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'the body must be JSON: {"mode": "sync" | "stage-only", "providers": [...]}';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const { mode, providers, ...rest } = body as Record<string, unknown>;
  if (Object.keys(rest).length) return `unknown field(s): ${Object.keys(rest).join(', ')} (keys come from the function's secrets, never from a request)`;
  if (mode !== undefined && !MODES.includes(mode as Mode)) return `mode must be one of ${MODES.join(', ')}`;
  if (providers !== undefined && !(Array.isArray(providers) && providers.every((p) => typeof p === 'string'))) return 'providers must be an array of names';
  return { ...(mode ? { mode: mode as Mode } : {}), ...(providers ? { providers: providers as string[] } : {}) };
}

export function createHandler(options: HandlerOptions = {}): (request: Request) => Promise<Response> {
  const readEnv = options.env ?? (() => Deno.env.toObject());
  const write = options.log ?? ((line: string) => console.error(line));
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'POST') return json(405, { error: 'use POST' }, { allow: 'POST' });
    const env = readEnv();
    const redactor = Redactor.fromEnv(env, [env[SECRET_VARIABLE]]);
    const log = (line: string) => write(redactor.scrub(line));
    const secret = env[SECRET_VARIABLE];
    if (!secret || secret.length < 16) {
      log(`sync-ai-models: ${SECRET_VARIABLE} is not set (or shorter than 16 characters): refusing every request`);
      return json(500, { error: `the function is not configured: set the ${SECRET_VARIABLE} secret` });
    }
    if (!secretMatches(request.headers, secret)) return json(401, { error: 'wrong or missing secret' }, { 'www-authenticate': 'Bearer' });

    const body = await readBody(request);
    if (typeof body === 'string') return json(400, { error: body });
    const databaseUrl = env.SUPABASE_DB_URL || env.DATABASE_URL;
    if (!databaseUrl) return json(500, { error: 'no database: SUPABASE_DB_URL (set by Supabase) or DATABASE_URL' });
    const envMode = env.AI_MODEL_SYNC_FUNCTION_MODE?.trim();
    if (envMode && !MODES.includes(envMode as Mode)) return json(500, { error: `AI_MODEL_SYNC_FUNCTION_MODE must be one of ${MODES.join(', ')}` });
    const mode = body.mode ?? ((envMode as Mode | undefined) || 'sync');

    const progress = lineProgress(log);
    try {
      const run = await syncOnce({
        env,
        providers: body.providers ?? [],
        mode,
        force: false,
        catalog: false,
        databaseUrl: async () => databaseUrl,
        progress,
        prepare: false,
      });
      const report = JSON.parse(run.redactor.scrub(JSON.stringify(run.summary))) as unknown;
      if (run.databaseError !== undefined) {
        const message = run.redactor.scrub(run.databaseError instanceof Error ? run.databaseError.message : String(run.databaseError));
        log(`sync-ai-models: database error: ${message}`);
        return json(500, { error: message, report });
      }
      log(`sync-ai-models: ${run.summary.providers.map((p) => `${p.provider} ${p.status}`).join(', ') || 'no provider configured'}`);
      return json(run.summary.exit_code === 0 ? 200 : 502, report);
    } catch (error) {
      const message = redactor.scrub(error instanceof Error ? error.message : String(error));
      log(`sync-ai-models: ${error instanceof ConfigError ? 'configuration error' : 'unexpected error'}: ${message}`);
      return json(error instanceof ConfigError && body.providers ? 400 : 500, { error: message });
    }
  };
}

/** The handler on the function's own environment. */
export const handler: (request: Request) => Promise<Response> = createHandler();
