// The end of a run: one outcome per provider, printed as a table with the details that need a human (conflicts
// naming model and field, deactivations, unpriced models, warnings, failures) or as one JSON document.
import type { BatchReport, Mode } from './apply.ts';
import type { PriceOutcome } from './prices.ts';

export type OutcomeStatus = 'skipped' | 'fetch_failed' | 'staged' | 'pending' | 'applied' | 'superseded' | 'failed';

export interface ProviderOutcome {
  provider: string;
  status: OutcomeStatus;
  /** Why a provider was skipped (no key). */
  reason?: string;
  /** Why it failed: the fetch error (with the provider's message) or the batch's error from the database. */
  error?: string;
  /** Fetched: pages and models (for a failed fetch, how far it got). */
  pages?: number;
  models?: number;
  batch?: number;
  report?: BatchReport;
}

export interface RunSummary {
  mode: Mode;
  force: boolean;
  exit_code: number;
  providers: ProviderOutcome[];
  /** The price tables of the run (fetcher/prices.ts). */
  prices?: PriceOutcome[];
}

/** 1 when any provider's fetch or batch failed, else 0 (skipped providers and superseded batches are fine). */
export function outcomeExitCode(outcomes: readonly ProviderOutcome[]): 0 | 1 {
  return outcomes.some((o) => o.status === 'fetch_failed' || o.status === 'failed') ? 1 : 0;
}

/** The report's width: the terminal's columns, or 100 when stdout is not a terminal (a pipe, a file, CI). */
export function outputWidth(stream: NodeJS.WritableStream): number {
  const tty = stream as Partial<NodeJS.WriteStream>;
  return tty.isTTY && typeof tty.columns === 'number' && tty.columns > 0 ? Math.max(40, tty.columns) : 100;
}

/**
 * Wraps one line to `width` columns at spaces; continuation lines get `indent` spaces more than the first line's own
 * indentation. A word longer than the width (a model id) is never cut: it gets a line of its own.
 */
export function wrapLine(line: string, width: number, indent = 2): string[] {
  if (line.length <= width) return [line];
  const lead = /^ */.exec(line)![0];
  const pad = `${lead}${' '.repeat(indent)}`;
  const words = line.slice(lead.length).split(' ');
  const out: string[] = [];
  let current = lead;
  for (const word of words) {
    const start = current === lead || current === pad;
    if (!start && current.length + 1 + word.length > width) {
      out.push(current);
      current = pad + word;
    } else {
      current = start ? current + word : `${current} ${word}`;
    }
  }
  out.push(current);
  return out;
}

const COLUMNS = ['models', 'inserted', 'updated', 'unchanged', 'deactivated', 'reactivated', 'conflicts', 'unpriced'] as const;
const MAX_LISTED = 20;

function cells(o: ProviderOutcome): string[] {
  const r = o.report;
  if (o.status === 'applied' && r) {
    return [
      String(r.models ?? 0),
      String(r.inserted ?? 0),
      String(r.updated ?? 0),
      String(r.unchanged ?? 0),
      String(r.deactivated ?? 0),
      String(r.reactivated ?? 0),
      String(r.conflicts?.length ?? 0),
      String(r.unpriced?.length ?? 0),
    ];
  }
  return [o.models !== undefined && o.status !== 'fetch_failed' ? String(o.models) : '-', ...COLUMNS.slice(1).map(() => '-')];
}

function statusLabel(o: ProviderOutcome, mode: Mode): string {
  switch (o.status) {
    case 'applied':
      return mode === 'dry-run' ? 'would apply' : 'applied';
    case 'fetch_failed':
      return 'FETCH FAILED';
    case 'failed':
      return 'BATCH FAILED';
    default:
      return o.status;
  }
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(header), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)];
}

function value(v: unknown): string {
  return v === undefined || v === null ? 'none' : typeof v === 'string' ? v : JSON.stringify(v);
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, MAX_LISTED).join(', ');
  return names.length > MAX_LISTED ? `${shown}, … and ${names.length - MAX_LISTED} more (--json lists all)` : shown;
}

function headline(s: RunSummary): string {
  const force = s.force ? ' (force: the deactivation guard is off)' : '';
  switch (s.mode) {
    case 'dry-run':
      return `Dry run: what the sync would do${force}. Nothing was changed (computed in the database, then rolled back).`;
    case 'stage-only':
      return 'Staged only: the lists wait in ai_model_fetches for CALL sync_ai_models() (pg_cron or a later run).';
    default:
      return `Sync report${force}`;
  }
}

/**
 * The human report (stdout), `width` columns wide: the sections that list model ids (rows created by hand,
 * deactivated, unpriced) and the skipped providers wrap; the table and the one-line-per-item sections (conflicts,
 * adjustments, failures: one line each, so that grep finds them whole) do not.
 */
export function renderReport(s: RunSummary, width = 100): string {
  const shown = s.providers.filter((o) => o.status !== 'skipped');
  const out: string[] = [headline(s), ''];
  if (shown.length === 0) {
    out.push('No provider was fetched: set the API key variables of the providers to sync (see README.md, "Providers and their environment").');
  } else {
    out.push(...table(['provider', 'status', ...COLUMNS], shown.map((o) => [o.provider, statusLabel(o, s.mode), ...cells(o)])));
  }

  const section = (title: string, lines: string[]) => {
    if (lines.length) out.push('', title, ...lines.map((l) => `  ${l}`));
  };
  const wrapped = (title: string, lines: string[]) => {
    if (lines.length) out.push('', title, ...lines.flatMap((l) => wrapLine(`  ${l}`, width)));
  };
  const reports = shown.filter((o) => o.report && o.status === 'applied').map((o) => [o.provider, o.report!] as const);

  section(
    'Conflicts (your value kept; the default changed under it):',
    reports.flatMap(([p, r]) =>
      (r.conflicts ?? []).map(
        (c) => `${p}/${c.api_identifier}  ${c.key}: kept ${value(c.value)}; default ${value(c.old_default)} -> ${value(c.new_default)}`,
      ),
    ),
  );
  section(
    'Manual values kept (the default differs, but it did not move):',
    reports.flatMap(([p, r]) => {
      const conflicting = new Set((r.conflicts ?? []).map((c) => `${c.api_identifier}\0${c.key}`));
      const kept = (r.overrides ?? []).filter((o) => !conflicting.has(`${o.api_identifier}\0${o.key}`));
      const lines = kept.slice(0, MAX_LISTED).map((o) => `${p}/${o.api_identifier}  ${o.key}: ${value(o.value)} (default ${value(o.default)})`);
      if (kept.length > MAX_LISTED) lines.push(`${p}: … and ${kept.length - MAX_LISTED} more (--json lists all)`);
      return lines;
    }),
  );
  wrapped(
    'Rows created by hand (listed by the provider, left alone):',
    reports.filter(([, r]) => r.manual_rows?.length).map(([p, r]) => `${p}: ${listed(r.manual_rows!)}`),
  );
  section(
    'Adjusted:',
    reports.flatMap(([p, r]) =>
      (r.adjusted ?? []).map((a) => `${p}/${a.api_identifier}  ${a.key}: ${value(a.from)} -> ${value(a.to)}${a.reason ? ` (${a.reason})` : ''}`),
    ),
  );
  // issue 15: a model the filters removed is reported apart from one the provider stopped listing
  const byFilter = (r: BatchReport) => new Set((r.deactivated_reasons ?? []).filter((d) => d.reason.startsWith('filtered')).map((d) => d.api_identifier));
  wrapped(
    'Deactivated (no longer listed):',
    reports
      .map(([p, r]) => [p, (r.deactivated_models ?? []).filter((m) => !byFilter(r).has(m))] as const)
      .filter(([, ms]) => ms.length)
      .map(([p, ms]) => `${p}: ${listed(ms)}`),
  );
  section(
    'Deactivated by the model filters (a configuration change, not counted by the guard):',
    reports.flatMap(([p, r]) =>
      (r.deactivated_reasons ?? []).filter((d) => byFilter(r).has(d.api_identifier)).slice(0, MAX_LISTED).map((d) => `${p}/${d.api_identifier}: ${d.reason}`),
    ),
  );
  wrapped(
    'Not synced (removed by the model filters, ai_model_sync.model_filters):',
    reports.filter(([, r]) => r.filtered?.length).map(([p, r]) => `${p} (${r.filtered!.length}): ${listed(r.filtered!.map((f) => `${f.api_identifier} (${f.reason})`))}`),
  );
  wrapped(
    'Unclassified (no list field, catalog entry or kind rule says what the model is; kind is null):',
    reports.filter(([, r]) => r.unclassified?.length).map(([p, r]) => `${p} (${r.unclassified!.length}): ${listed(r.unclassified!)}`),
  );
  wrapped(
    'Unpriced (no catalog entry, no provider price):',
    reports.filter(([, r]) => r.unpriced?.length).map(([p, r]) => `${p} (${r.unpriced!.length}): ${listed(r.unpriced!)}`),
  );
  section(
    'Stale prices (kept, but no default has them any more: edit or remove the key, or price it in the catalog):',
    reports.flatMap(([p, r]) => (r.stale_prices ?? []).map((s) => `${p}/${s.api_identifier}  ${s.key}: ${value(s.value)}`)),
  );
  section(
    'Not billed per token (the provider lists no token price; left unpriced, never $0):',
    reports.filter(([, r]) => r.not_token_priced?.length).map(([p, r]) => `${p} (${r.not_token_priced!.length}): ${listed(r.not_token_priced!)}`),
  );
  section('Warnings:', reports.flatMap(([p, r]) => (r.warnings ?? []).map((w) => `${p}: ${w}`)));
  section(
    'Superseded:',
    shown
      .filter((o) => o.status === 'superseded')
      .map((o) => `${o.provider}: batch ${o.batch} was not applied: ${o.report?.superseded_by ? `a newer batch (${o.report.superseded_by}) was` : (o.report?.warnings ?? []).join('; ') || 'a newer list was applied'}`),
  );
  section(
    'Failures:',
    shown
      .filter((o) => o.status === 'fetch_failed' || o.status === 'failed')
      .map((o) =>
        o.status === 'fetch_failed'
          ? `${o.provider}: fetch failed, nothing staged: ${o.error}`
          : `${o.provider}: batch ${o.batch} failed, none of its rows changed: ${(o.error ?? o.report?.error ?? 'unknown error').replace(/\n/g, ' | ')}`,
      ),
  );
  const skipped = s.providers.filter((o) => o.status === 'skipped');
  if (skipped.length) out.push('', ...wrapLine(`Skipped (no key): ${skipped.map((o) => o.provider).join(', ')}`, width));
  return `${out.join('\n')}\n`;
}
