// `make bench`: the sync against the database floor and the row-by-row approach, plus the fetcher's
// concurrency and memory. Progress on stderr; a table on stdout, then one line of JSON with every figure.
//   node --import tsx bench/run.ts [--sizes 1000,10000,100000] [--row-by-row 1000,10000] [--repeat 3]
//                                  [--rss-models 100000] [--rtt-ms 1] [--no-fetch]
// DATABASE_URL selects the server (make bench starts the embedded one when it is unset); every size runs in
// throwaway databases cloned from the migrated template, dropped afterwards.
import { cpus, loadavg, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { connect, databaseUrl } from '../fetcher/db.ts';
import { createTestDatabase } from '../test/helpers/db.ts';
import { measureFetch, measureRss, type FetchFigures, type RssFigures } from './fetch.ts';
import { measureSizeRepeated, type SizeResult } from './scenario.ts';

export interface BenchOptions {
  sizes: number[];
  rowByRow: number[];
  rssModels: number;
  /** runs per size; durations are their medians */
  repeat: number;
  /** round-trip time used for the modelled row-by-row figure (the measured one runs on this machine's loopback) */
  rttMs: number;
  fetch: boolean;
  /** fetch figure: models per provider, page size, latency per page */
  fetchModels: number;
  fetchPageSize: number;
  fetchLatencyMs: number;
}

export const defaultOptions: BenchOptions = {
  sizes: [1_000, 10_000, 100_000],
  rowByRow: [1_000, 10_000],
  rssModels: 100_000,
  repeat: 3,
  rttMs: 1,
  fetch: true,
  fetchModels: 2_000,
  fetchPageSize: 250,
  fetchLatencyMs: 100,
};

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memory_gb: number;
  load_average: number[];
  postgres: string;
  node: string;
}

export interface RowByRowSummary {
  n: number;
  set_based_ms: { first: number; noop: number; churn: number; total: number };
  row_by_row_ms: { first: number; noop: number; churn: number; total: number };
  statements: number;
  speedup: { first: number; noop: number; churn: number; total: number };
  /** the same with `rtt_ms` added to every round trip of both sides (modelled, not measured) */
  rtt_ms: number;
  speedup_at_rtt: number;
  final_tables_equal: boolean;
  rows_differing: number;
}

export interface BenchResult {
  machine: Machine;
  repeat: number;
  sizes: SizeResult[];
  row_by_row: RowByRowSummary[];
  fetch: FetchFigures | string;
  rss: RssFigures | string;
  first_sync_vs_floor: number | null;
  noop_rows_written: number | null;
  noop_vs_first: number | null;
  speedup_vs_row_by_row_10k: number | null;
  fetch_vs_slowest: number | null;
  peak_rss_mb_100k: number | null;
}

const log = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function machine(): Promise<Machine> {
  const sql = connect(databaseUrl(), { max: 1, applicationName: 'ai-model-sync bench' });
  try {
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    return {
      date: new Date().toISOString(),
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memory_gb: round(totalmem() / 2 ** 30, 1),
      load_average: loadavg().map((x) => round(x)),
      postgres: row!.version,
      node: process.versions.node,
    };
  } finally {
    await sql.end();
  }
}

/** Round trips of the set-based side per run: three staging INSERTs and the CALL. */
const SET_BASED_ROUND_TRIPS_PER_RUN = 4;

function summariseRowByRow(r: SizeResult, rttMs: number): RowByRowSummary | undefined {
  const b = r.rowByRow;
  if (!b) return undefined;
  const s = r.sync;
  const set = {
    first: s.stage_ms + s.first_sync_ms,
    noop: s.noop_stage_ms + s.noop_sync_ms,
    churn: s.churn_stage_ms + s.churn_sync_ms,
    total: 0,
  };
  set.total = set.first + set.noop + set.churn;
  const rbr = { first: b.first_ms, noop: b.noop_ms, churn: b.churn_ms, total: b.first_ms + b.noop_ms + b.churn_ms };
  return {
    n: s.n,
    set_based_ms: { first: round(set.first, 1), noop: round(set.noop, 1), churn: round(set.churn, 1), total: round(set.total, 1) },
    row_by_row_ms: { first: round(rbr.first, 1), noop: round(rbr.noop, 1), churn: round(rbr.churn, 1), total: round(rbr.total, 1) },
    statements: b.statements,
    speedup: {
      first: round(rbr.first / set.first),
      noop: round(rbr.noop / set.noop),
      churn: round(rbr.churn / set.churn),
      total: round(rbr.total / set.total),
    },
    rtt_ms: rttMs,
    speedup_at_rtt: round((rbr.total + b.statements * rttMs) / (set.total + 3 * SET_BASED_ROUND_TRIPS_PER_RUN * rttMs)),
    final_tables_equal: b.differences === 0,
    rows_differing: b.differences,
  };
}

/** Runs every measurement. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const m = await machine();
  log(`${m.cores} cores, ${m.memory_gb} GB, PostgreSQL ${m.postgres}, load average ${m.load_average.join(' ')}`);
  const sizes: SizeResult[] = [];
  for (const n of options.sizes) sizes.push(await measureSizeRepeated(n, options.rowByRow.includes(n), options.repeat));
  const rowByRow = sizes.map((r) => summariseRowByRow(r, options.rttMs)).filter((x): x is RowByRowSummary => !!x);

  let fetch: FetchFigures | string = 'not measured: --no-fetch';
  let rss: RssFigures | string = 'not measured: --no-fetch';
  if (options.fetch) {
    log('fetch: three mocks, concurrently and one by one...');
    fetch = await measureFetch(options.fetchModels, options.fetchPageSize, options.fetchLatencyMs);
    if (typeof fetch === 'string') log(fetch);
    const db = await createTestDatabase();
    try {
      log(`fetcher peak RSS with ${options.rssModels} models...`);
      rss = await measureRss(db.url, options.rssModels);
      if (typeof rss === 'string') log(rss);
    } finally {
      await db.drop();
    }
  }

  const largest = sizes.at(-1)?.sync;
  const at10k = rowByRow.find((r) => r.n === 10_000);
  return {
    machine: m,
    repeat: options.repeat,
    sizes,
    row_by_row: rowByRow,
    fetch,
    rss,
    first_sync_vs_floor: largest ? round(largest.first_sync_ms / largest.floor_ms) : null,
    noop_rows_written: sizes.length ? sizes.reduce((s, r) => s + r.sync.noop_rows_written, 0) : null,
    noop_vs_first: largest ? round(largest.noop_sync_ms / largest.first_sync_ms) : null,
    speedup_vs_row_by_row_10k: at10k ? at10k.speedup.total : null,
    fetch_vs_slowest: typeof fetch === 'string' ? null : round(fetch.fetch_vs_slowest),
    peak_rss_mb_100k: typeof rss === 'string' || rss.models !== 100_000 ? null : round(rss.peak_rss_mb, 0),
  };
}

const fmt = (x: number | undefined, digits = 0) =>
  x === undefined ? '' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The human-readable table. */
export function renderTable(r: BenchResult): string {
  const ns = r.sizes.map((s) => s.sync.n);
  const col = (label: string, values: (string | undefined)[]) =>
    `${label.padEnd(52)}${values.map((v) => (v ?? '').padStart(16)).join('')}`;
  const bySize = (f: (s: SizeResult) => string | undefined) => r.sizes.map(f);
  const rbr = (n: number) => r.row_by_row.find((x) => x.n === n);
  const lines = [
    `ai-model-sync benchmark — ${r.machine.date.slice(0, 10)}, ${r.machine.cores} cores, ${r.machine.memory_gb} GB, ` +
      `PostgreSQL ${r.machine.postgres}, Node ${r.machine.node}, load average ${r.machine.load_average.join(' ')}`,
    `durations: median of ${r.repeat} runs per size, each in fresh databases`,
    '',
    col('models (a third per provider)', ns.map((n) => fmt(n))),
    col('stage the three lists (INSERT ai_model_fetches), ms', bySize((s) => fmt(s.sync.stage_ms))),
    col('floor: normalise + INSERT ... SELECT, ms', bySize((s) => fmt(s.sync.floor_ms))),
    col('floor: write only (finished rows), ms', bySize((s) => fmt(s.sync.floor_write_only_ms))),
    col('first sync: CALL sync_ai_models(), ms', bySize((s) => fmt(s.sync.first_sync_ms))),
    col('  first sync / floor', bySize((s) => fmt(s.sync.first_sync_ms / s.sync.floor_ms, 2))),
    col('no-op re-sync, ms', bySize((s) => fmt(s.sync.noop_sync_ms))),
    col('  rows written (pg_stat_user_tables)', bySize((s) => fmt(s.sync.noop_rows_written))),
    col('  row versions changed (xmin, ctid)', bySize((s) => fmt(s.sync.noop_row_versions_changed))),
    col('  no-op / first sync', bySize((s) => fmt(s.sync.noop_sync_ms / s.sync.first_sync_ms, 2))),
    col('  settled without a merge (fingerprints)', bySize((s) => (s.sync.noop_fast_path ? 'yes' : 'no'))),
    col('no-op through the full merge (force => true), ms', bySize((s) => fmt(s.sync.noop_full_sync_ms))),
    col('  rows written (pg_stat_user_tables)', bySize((s) => fmt(s.sync.noop_full_rows_written))),
    col('  its reports equal the shortcut\'s', bySize((s) => (s.sync.noop_reports_differing.length ? `NO: ${s.sync.noop_reports_differing.join(',')}` : 'yes'))),
    col('churn sync (1% gone, new, repriced, overridden), ms', bySize((s) => fmt(s.sync.churn_sync_ms))),
    col('  inserted / updated / deactivated', bySize((s) => `${s.sync.churn.inserted}/${s.sync.churn.updated}/${s.sync.churn.deactivated}`)),
    col('  rows written (pg_stat_user_tables)', bySize((s) => fmt(s.sync.churn.rows_written))),
    col('row-by-row: first, ms', ns.map((n) => fmt(rbr(n)?.row_by_row_ms.first))),
    col('row-by-row: no-op, ms', ns.map((n) => fmt(rbr(n)?.row_by_row_ms.noop))),
    col('row-by-row: churn, ms', ns.map((n) => fmt(rbr(n)?.row_by_row_ms.churn))),
    col('row-by-row: round trips', ns.map((n) => fmt(rbr(n)?.statements))),
    col('  final table equal to the sync\'s', ns.map((n) => (rbr(n) ? (rbr(n)!.final_tables_equal ? 'yes' : `NO (${rbr(n)!.rows_differing})`) : undefined))),
    col('  speedup: first / no-op / churn', ns.map((n) => (rbr(n) ? `${rbr(n)!.speedup.first}/${rbr(n)!.speedup.noop}/${rbr(n)!.speedup.churn}` : undefined))),
    col('  speedup, three runs (stage + sync vs row-by-row)', ns.map((n) => fmt(rbr(n)?.speedup.total, 2))),
    col(`  same with ${r.row_by_row[0]?.rtt_ms ?? 1} ms per round trip (modelled)`, ns.map((n) => fmt(rbr(n)?.speedup_at_rtt, 1))),
    '',
  ];
  if (typeof r.fetch === 'string') lines.push(`fetch: ${r.fetch}`);
  else {
    const f = r.fetch;
    lines.push(
      `fetch: ${fmt(f.models)} models per provider, ${f.latency_ms} ms per page; pages openai ${f.pages.openai}, anthropic ${f.pages.anthropic}, google ${f.pages.google}`,
      `  alone: openai ${fmt(f.single_ms.openai)} ms, anthropic ${fmt(f.single_ms.anthropic)} ms, google ${fmt(f.single_ms.google)} ms; ` +
        `all three at once ${fmt(f.all_ms)} ms = ${fmt(f.fetch_vs_slowest, 2)} x the slowest`,
    );
  }
  if (typeof r.rss === 'string') lines.push(`fetcher peak RSS: ${r.rss}`);
  else {
    lines.push(
      `fetcher peak RSS: ${fmt(r.rss.peak_rss_mb)} MB fetching and staging ${fmt(r.rss.models)} models ` +
        `(${fmt(r.rss.baseline_rss_mb)} MB for a list of 30; ${fmt(r.rss.wall_ms / 1000, 1)} s)`,
    );
  }
  const target = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'MISSED');
  lines.push(
    '',
    'targets:',
    `  first sync within 2x the floor at the largest size: ${fmt(r.first_sync_vs_floor ?? undefined, 2)} — ${target(r.first_sync_vs_floor === null ? null : r.first_sync_vs_floor <= 2)}`,
    `  no-op writes 0 rows: ${r.noop_rows_written} — ${target(r.noop_rows_written === null ? null : r.noop_rows_written === 0)}`,
    `  no-op at most 1/4 of the first sync: ${fmt(r.noop_vs_first ?? undefined, 2)} — ${target(r.noop_vs_first === null ? null : r.noop_vs_first <= 0.25)}`,
    `  at least 50x faster than row-by-row at 10k: ${fmt(r.speedup_vs_row_by_row_10k ?? undefined, 2)} — ${target(r.speedup_vs_row_by_row_10k === null ? null : r.speedup_vs_row_by_row_10k >= 50)}`,
    `  fetch within 1.2x the slowest provider: ${fmt(r.fetch_vs_slowest ?? undefined, 2)} — ${target(r.fetch_vs_slowest === null ? null : r.fetch_vs_slowest <= 1.2)}`,
    `  fetcher peak RSS under 200 MB at 100k: ${fmt(r.peak_rss_mb_100k ?? undefined)} — ${target(r.peak_rss_mb_100k === null ? null : r.peak_rss_mb_100k < 200)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The last line: the ratios first, then every figure. */
export function renderJson(r: BenchResult): string {
  const { first_sync_vs_floor, noop_rows_written, noop_vs_first, speedup_vs_row_by_row_10k, fetch_vs_slowest, peak_rss_mb_100k, ...rest } = r;
  return `${JSON.stringify({ first_sync_vs_floor, noop_rows_written, noop_vs_first, speedup_vs_row_by_row_10k, fetch_vs_slowest, peak_rss_mb_100k, ...rest })}\n`;
}

const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const n = Number(s.replaceAll('_', ''));
      if (!Number.isInteger(n) || n < 30) throw new Error(`a size must be a whole number of at least 30, got "${s}"`);
      return n;
    });

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sizes: { type: 'string' },
      'row-by-row': { type: 'string' },
      'rss-models': { type: 'string' },
      repeat: { type: 'string' },
      'rtt-ms': { type: 'string' },
      'no-fetch': { type: 'boolean', default: false },
    },
  });
  return {
    ...defaultOptions,
    ...(values.sizes ? { sizes: list(values.sizes) } : {}),
    ...(values['row-by-row'] !== undefined ? { rowByRow: values['row-by-row'] === '' ? [] : list(values['row-by-row']) } : {}),
    ...(values['rss-models'] ? { rssModels: list(values['rss-models'])[0]! } : {}),
    ...(values['rtt-ms'] ? { rttMs: Number(values['rtt-ms']) } : {}),
    ...(values.repeat ? { repeat: Math.max(1, Math.trunc(Number(values.repeat)) || 1) } : {}),
    fetch: !values['no-fetch'],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const result = await runBench(parseOptions(process.argv.slice(2)));
    process.stdout.write(renderTable(result));
    process.stdout.write(renderJson(result));
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${error.cause instanceof Error ? error.cause.message : String(error.cause)}\n`);
    process.exitCode = 1;
  }
}
