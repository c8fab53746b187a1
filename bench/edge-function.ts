// `make bench`, the Edge Function part: one invocation of supabase/functions/sync-ai-models under Deno, fetching
// the real provider lists of ../shared/real-provider-lists (eleven providers, served by the mocks in each
// provider's wire shape), staging and applying them in a throwaway database. Per invocation: the Deno process's CPU
// time (user + system, /proc/<pid>/stat, all threads: an upper bound of the isolate's) and its peak RSS
// (VmHWM, reset before each invocation through /proc/<pid>/clear_refs). Supabase's limits: 256 MB, 2 s CPU per
// request; targets: <= 128 MB, <= 1 s.
//   node --import tsx bench/edge-function.ts [--lists DIR] [--runs 3]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../test/helpers/db.ts';
import { denoBinary, denoLauncher, startEdgeFunction } from '../test/helpers/edge.ts';
import { realLists, realListsDir } from '../test/helpers/real-lists.ts';
import { startAnthropicMock, startGoogleMock, startOpenAIMock, type MockServer } from '../test/mocks/index.ts';

/** The real lists' directory (test/helpers/real-lists.ts: REAL_PROVIDER_LISTS, else ../shared/real-provider-lists). */
export const defaultListsDir = realListsDir;
const SECRET = 'bench-function-secret-0123456789';
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface Invocation {
  run: 'cold' | 'warm';
  status: number;
  wall_ms: number;
  cpu_ms: number;
  peak_rss_mb: number;
  /** V8 heap in use (heapUsed + external) right after the invocation, as Deno.memoryUsage() reports it. */
  heap_after_mb: number;
  providers_applied: number;
  models: number;
}

export interface EdgeFigures {
  date: string;
  machine: string;
  deno: string;
  providers: number;
  models: number;
  idle_rss_mb: number;
  invocations: Invocation[];
}

const log = (msg: string) => process.stderr.write(`bench edge-function: ${msg}\n`);

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
}

function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** The n-th `memory {...}` line of the serving script (it prints one after each response). */
async function heapAfter(logs: () => string, n: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const lines = logs().split('\n').filter((l) => l.startsWith('memory '));
    if (lines.length >= n) {
      const m = JSON.parse(lines[n - 1]!.slice('memory '.length)) as { heapUsed: number; external: number };
      return Math.round((m.heapUsed + m.external) / 2 ** 20);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return NaN;
}

const OPENAI_COMPATIBLE: Record<string, { keyless?: boolean; shape?: 'bare-array' }> = {
  openai: {},
  mistral: {},
  groq: {},
  deepseek: {},
  xai: {},
  together: { shape: 'bare-array' },
  fireworks: {},
  openrouter: { keyless: true },
  ollama: { keyless: true },
};

/** Serves the lists, starts the function, invokes it `runs` times; returns the figures. */
export async function measureEdgeFunction(listsDir = defaultListsDir, runs = 3): Promise<EdgeFigures | string> {
  if (!existsSync(join(listsDir, 'openai.json'))) return `not measured: no real provider lists in ${listsDir}`;
  if (!existsSync(denoLauncher)) return 'not measured: deno is not installed (npm ci)';
  const env: Record<string, string> = { AI_MODEL_SYNC_FUNCTION_SECRET: SECRET, AI_MODEL_SYNC_PROVIDERS: 'default,openrouter,ollama' };
  const mocks: MockServer[] = [];
  let models = 0;
  const lists = Object.fromEntries(realLists(listsDir).map((l) => [l.provider, l.payload]));
  const listOf = (provider: string) => lists[provider] ?? [];
  const db = await createTestDatabase();
  try {
    for (const [name, o] of Object.entries(OPENAI_COMPATIBLE)) {
      const list = listOf(name);
      models += list.length;
      const key = o.keyless ? null : `bench-${name}-key-000001`;
      const mock = await startOpenAIMock({ models: list as never[], key, ...(o.shape ? { shape: o.shape } : {}) });
      mocks.push(mock);
      const prefix = name.toUpperCase();
      env[`${prefix}_BASE_URL`] = mock.baseUrl;
      if (key) env[`${prefix}_API_KEY`] = key;
    }
    const anthropicList = listOf('anthropic');
    const googleList = listOf('google');
    models += anthropicList.length + googleList.length;
    const anthropic = await startAnthropicMock({ models: anthropicList as never[], key: 'bench-anthropic-key-0001', pageSize: 1000 });
    const google = await startGoogleMock({ models: googleList as never[], key: 'bench-google-key-000001', pageSize: 1000 });
    mocks.push(anthropic, google);
    Object.assign(env, {
      ANTHROPIC_API_KEY: 'bench-anthropic-key-0001',
      ANTHROPIC_BASE_URL: anthropic.baseUrl,
      GOOGLE_API_KEY: 'bench-google-key-000001',
      GOOGLE_GEMINI_BASE_URL: google.baseUrl,
      SUPABASE_DB_URL: db.url,
    });

    const fn = await startEdgeFunction(env);
    try {
      await new Promise((r) => setTimeout(r, 500));
      const idle = memoryKb(fn.pid, 'VmRSS');
      const invocations: Invocation[] = [];
      for (let i = 0; i < runs; i++) {
        writeFileSync(`/proc/${fn.pid}/clear_refs`, '5'); // reset VmHWM to the current RSS
        const before = cpuTicks(fn.pid);
        const t0 = performance.now();
        const res = await fetch(fn.url, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
        const body = (await res.json()) as { providers?: { status: string; models?: number }[] };
        const wall = performance.now() - t0;
        const applied = (body.providers ?? []).filter((p) => p.status === 'applied');
        invocations.push({
          run: i === 0 ? 'cold' : 'warm',
          status: res.status,
          wall_ms: Math.round(wall),
          cpu_ms: Math.round(((cpuTicks(fn.pid) - before) * 1000) / TICKS_PER_SECOND),
          peak_rss_mb: Math.round(memoryKb(fn.pid, 'VmHWM') / 1024),
          heap_after_mb: await heapAfter(fn.logs, i + 1),
          providers_applied: applied.length,
          models: applied.reduce((s, p) => s + (p.models ?? 0), 0),
        });
        log(`${invocations.at(-1)!.run}: HTTP ${res.status}, ${invocations.at(-1)!.cpu_ms} ms CPU, ${invocations.at(-1)!.peak_rss_mb} MB peak RSS`);
      }
      const { execFileSync } = await import('node:child_process');
      const denoVersion = execFileSync(denoBinary(), ['--version'], { encoding: 'utf8' }).split('\n')[0]!;
      return {
        date: new Date().toISOString(),
        machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(1)} GB, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
        deno: denoVersion,
        providers: Object.keys(OPENAI_COMPATIBLE).length + 2,
        models,
        idle_rss_mb: Math.round(idle / 1024),
        invocations,
      };
    } finally {
      await fn.stop();
    }
  } finally {
    await Promise.all(mocks.map((m) => m.close()));
    await db.drop();
  }
}

export function renderEdgeTable(f: EdgeFigures): string {
  const lines = [
    `Edge Function (Deno) — ${f.date.slice(0, 16)}Z, ${f.machine}, ${f.deno}`,
    `one invocation = ${f.providers} providers, ${f.models} models (the real lists), staged and applied; idle RSS ${f.idle_rss_mb} MB`,
    '',
    'run   status  wall ms  CPU ms  peak RSS MB  heap after MB  providers applied  models',
    ...f.invocations.map(
      (i) =>
        `${i.run.padEnd(4)}  ${String(i.status).padStart(6)}  ${String(i.wall_ms).padStart(7)}  ${String(i.cpu_ms).padStart(6)}  ${String(i.peak_rss_mb).padStart(11)}  ${String(i.heap_after_mb).padStart(13)}  ${String(i.providers_applied).padStart(17)}  ${String(i.models).padStart(6)}`,
    ),
    '',
    'targets: <= 128 MB peak memory, <= 1000 ms CPU per invocation (Supabase: 256 MB, 2 s CPU)',
  ];
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { lists: { type: 'string' }, runs: { type: 'string', default: '3' } } });
  const figures = await measureEdgeFunction(values.lists ? resolve(values.lists) : defaultListsDir, Number(values.runs));
  if (typeof figures === 'string') {
    log(figures);
  } else {
    process.stdout.write(renderEdgeTable(figures));
    process.stdout.write(`${JSON.stringify({ edge_function: figures })}\n`);
  }
}
