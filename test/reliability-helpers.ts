// Shared by the reliability suite (reliability, concurrency, crash and property tests): model lists in the three
// wire formats, snapshots of ai_providers, the "nothing lost" measures and the results line each scenario prints.
import { appendFileSync } from 'node:fs';
import type { Sql } from '../fetcher/db.ts';

export type WireFormat = 'openai' | 'anthropic' | 'google';

/** The wire format the database reads a provider's list in (mirrors ai_model_sync.payload_format). */
export function formatOf(provider: string): WireFormat {
  return provider === 'anthropic' ? 'anthropic' : provider === 'google' ? 'google' : 'openai';
}

export interface ModelSpec {
  id: string;
  name?: string;
  maxInput?: number;
  maxOutput?: number;
}

/** One model object exactly as the provider's list API returns it. */
export function wireModel(format: WireFormat, m: ModelSpec): Record<string, unknown> {
  switch (format) {
    case 'anthropic':
      return {
        type: 'model',
        id: m.id,
        display_name: m.name ?? m.id,
        created_at: '2026-01-01T00:00:00Z',
        ...(m.maxInput !== undefined && { max_input_tokens: m.maxInput }),
        ...(m.maxOutput !== undefined && { max_tokens: m.maxOutput }),
      };
    case 'google':
      return {
        name: `models/${m.id}`,
        version: '001',
        displayName: m.name ?? m.id,
        description: `${m.id} for tests`,
        ...(m.maxInput !== undefined && { inputTokenLimit: m.maxInput }),
        ...(m.maxOutput !== undefined && { outputTokenLimit: m.maxOutput }),
        supportedGenerationMethods: ['generateContent', 'countTokens'],
      };
    default:
      return {
        id: m.id,
        object: 'model',
        created: 1_750_000_000,
        owned_by: 'system',
        ...(m.maxInput !== undefined && { context_length: m.maxInput }),
        ...(m.maxOutput !== undefined && { max_completion_tokens: m.maxOutput }),
      };
  }
}

/** The api_identifier the sync stores for a wire object's id (Google's models/ prefix dropped), or undefined. */
export function wireId(format: WireFormat, obj: unknown): string | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const raw = (obj as Record<string, unknown>)[format === 'google' ? 'name' : 'id'];
  if (typeof raw !== 'string') return undefined;
  return format === 'google' ? raw.replace(/^models\//, '') : raw;
}

/** Stages a complete list, the way the fetcher does; returns the batch id. */
export async function stage(sql: Sql, provider: string, payload: unknown): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into ai_model_fetches (provider, payload) values (${provider}, ${sql.json(payload as never)}) returning id`;
  return row!.id;
}

export interface Violation {
  invariant: string;
  provider: string | null;
  api_identifier: string | null;
  detail: string;
}

/** The violations ai_models_check() reports (none when every invariant holds). */
export async function violations(sql: Sql): Promise<Violation[]> {
  return [...(await sql<Violation[]>`select * from ai_models_check()`)];
}

/** Every row of ai_providers: key `provider/api_identifier` -> the whole row as text (id and timestamps included). */
export async function rowsByKey(sql: Sql, provider?: string): Promise<Map<string, { id: string; provider: string; text: string }>> {
  const rows = await sql<{ key: string; id: string; provider: string; text: string }[]>`
    select t.provider || '/' || t.api_identifier as key, t.id::text as id, t.provider, t::text as text
      from ai_providers t
     where ${provider ?? null}::text is null or t.provider = ${provider ?? null}`;
  return new Map(rows.map((r) => [r.key, { id: r.id, provider: r.provider, text: r.text }]));
}

/**
 * Hashes of the table: `full` covers every column (ids and timestamps too: "exactly as before"), `content` only what
 * the sync decides (so that two runs that applied the same lists agree, whatever their uuids and clocks).
 */
export async function tableHashes(sql: Sql, provider?: string): Promise<{ rows: number; full: string; content: string }> {
  const [h] = await sql<{ rows: number; full: string; content: string }[]>`
    select count(*)::int as rows,
           coalesce(md5(string_agg(t::text, E'\n' order by t.provider, t.api_identifier)), '') as full,
           coalesce(md5(string_agg(jsonb_build_array(t.provider, t.api_identifier, t.name, t.description, t.is_active,
                                                     t.config, t.defaults_snapshot, t.name_snapshot,
                                                     t.description_snapshot, t.is_listed)::text,
                                   E'\n' order by t.provider, t.api_identifier)), '') as content
      from ai_providers t
     where ${provider ?? null}::text is null or t.provider = ${provider ?? null}`;
  return h!;
}

export interface Edit {
  provider: string;
  api_identifier: string;
  /** config (a key of it), name, description, or row (the whole of a row created by hand) */
  column: 'config' | 'name' | 'description' | 'row';
  key: string;
  value: string;
}

/**
 * What admins changed by hand, as the sync must keep it: for synced rows every config key whose value differs from
 * the snapshot (minus provider_max_* and hard_cap_output_tokens, which SPEC 4.2 lets the sync move), and a name or
 * description that differs from its snapshot; for rows created by hand, the whole row.
 */
export async function manualEdits(sql: Sql): Promise<Edit[]> {
  return [
    ...(await sql<Edit[]>`
      select t.provider, t.api_identifier, 'config' as "column", c.key, c.value::text as value
        from ai_providers t, jsonb_each(t.config) as c
       where t.defaults_snapshot is not null and c.value <> 'null'
         and c.value is distinct from t.defaults_snapshot->c.key
         and c.key not in ('provider_max_input_tokens', 'provider_max_output_tokens', 'hard_cap_output_tokens')
      union all
      select t.provider, t.api_identifier, f.key, '', f.value
        from ai_providers t,
             lateral (values ('name', t.name, t.name_snapshot), ('description', t.description, t.description_snapshot))
               as f(key, value, snap)
       where t.defaults_snapshot is not null and f.value is not null and f.value is distinct from f.snap
      union all
      select t.provider, t.api_identifier, 'row', '', jsonb_build_array(t.id, t.name, t.description, t.is_active, t.config)::text
        from ai_providers t
       where t.defaults_snapshot is null`),
  ];
}

/**
 * The edits whose value is no longer in the table (set-based: one query whatever the count). A key that now equals
 * the new default still counts as kept: the value the admin chose is there.
 */
export async function lostEdits(sql: Sql, edits: Edit[]): Promise<string[]> {
  if (edits.length === 0) return [];
  const rows = await sql<{ what: string }[]>`
    select e.provider || '/' || e.api_identifier || ' ' || e."column" || ' ' || e.key || ': ' || e.value || ' -> '
           || coalesce(v.now, 'gone') as what
      from jsonb_to_recordset(${sql.json(edits as never)}) as e(provider text, api_identifier text, "column" text, key text, value text)
      left join ai_providers t on t.provider = e.provider and t.api_identifier = e.api_identifier
     cross join lateral (
       select case e."column"
                when 'name' then t.name
                when 'description' then t.description
                when 'row' then case when t.defaults_snapshot is null
                                             then jsonb_build_array(t.id, t.name, t.description, t.is_active, t.config)::text end
                else (t.config->e.key)::text
              end as now
     ) as v
     where t.id is null or v.now is distinct from e.value`;
  return rows.map((r) => r.what);
}

/**
 * Models that the newest applied list of their provider contains but that are inactive or have no row: wrongful
 * deactivations and lost rows as the user sees them (the tests never disable a model by hand).
 */
export async function listedButInactive(sql: Sql): Promise<{ missing: string[]; inactive: string[] }> {
  const rows = await sql<{ key: string; has_row: boolean }[]>`
    select n.provider || '/' || s.api_identifier as key, p.id is not null as has_row
      from (select distinct on (f.provider) f.provider, f.payload
              from ai_model_fetches f where f.status = 'applied'
             order by f.provider, f.fetched_at desc, f.id desc) as n
     cross join lateral ai_model_sync.staged_models(n.provider, n.payload) as s
      left join ai_providers p on p.provider = n.provider and p.api_identifier = s.api_identifier
     where p.id is null or not p.is_active`;
  return { missing: rows.filter((r) => !r.has_row).map((r) => r.key), inactive: rows.filter((r) => r.has_row).map((r) => r.key) };
}

export interface Figures {
  scenario: string;
  runs: number;
  faults: number;
  rowsLost: number;
  editsLost: number;
  wrongfulDeactivations: number;
}

/**
 * Prints the scenario's measured figures as a row of docs/reliability.md's table (stderr, prefixed "reliability:"),
 * and appends them as JSON to $RELIABILITY_RESULTS when set (make soak collects them there).
 */
export function publish(f: Figures): void {
  const row = `| ${f.scenario} | ${f.runs} | ${f.faults} | ${f.rowsLost} | ${f.editsLost} | ${f.wrongfulDeactivations} |`;
  process.stderr.write(`reliability: ${row}\n`);
  const file = process.env.RELIABILITY_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify({ ...f, at: new Date().toISOString() })}\n`);
}

/** A positive integer from the environment (the soak target raises the counts), else the CI default. */
export function envCount(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** A small seeded PRNG (mulberry32) so that the concurrency and crash scenarios replay with RELIABILITY_SEED. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnv(): number {
  const v = Number(process.env.RELIABILITY_SEED);
  return Number.isInteger(v) ? v : Math.floor(Math.random() * 2 ** 31);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Polls `probe` until it returns a truthy value. The deadline only keeps a broken scenario from hanging the suite;
 * nothing is asserted about how long the wait took.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false>, deadlineMs = 60_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

/** True once backend `pid` waits for a lock held by backend `holder` (or by anyone when holder is omitted). */
export async function isBlocked(sql: Sql, pid: number, holder?: number): Promise<boolean> {
  const [r] = await sql<{ blocked: boolean }[]>`
    select case when ${holder ?? null}::int is null then cardinality(pg_blocking_pids(${pid})) > 0
                else ${holder ?? null}::int = any (pg_blocking_pids(${pid})) end as blocked`;
  return r!.blocked;
}

/** The backend pid of a single-connection client. */
export async function backendPid(sql: Sql): Promise<number> {
  const [r] = await sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
  return r!.pid;
}

/** A promise that the test resolves by hand: holds a transaction open, or marks that a step was reached. */
export interface Latch {
  promise: Promise<void>;
  open(): void;
}
export function latch(): Latch {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/** Rejects when `promise` has not settled after `ms` (a hang guard, not a timing assertion); clears its timer. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
