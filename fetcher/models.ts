// `ai-model-sync models`: the active models with their kind, prices (USD per 1M tokens) and limits, as a table or as
// JSON ({provider, api_identifier, name, config} with config exactly as stored in ai_providers).
import type { Sql } from './db.ts';
import { wrapLine } from './report.ts';

export interface ModelRow {
  provider: string;
  api_identifier: string;
  name: string | null;
  config: Record<string, unknown>;
}

/** The active rows of ai_providers (all providers when `providers` is empty), ordered by provider and id. */
export function activeModels(sql: Sql, providers: readonly string[] = []): Promise<ModelRow[]> {
  return sql<ModelRow[]>`
    select provider, api_identifier, name, config
      from public.ai_providers
     where is_active and (cardinality(${providers as string[]}::text[]) = 0 or provider = any(${providers as string[]}::text[]))
     order by provider, api_identifier`;
}

/** A per-token rate as USD per 1M tokens: "2.5", "0.075"; "-" when absent. */
export function perMillion(rate: unknown): string {
  const n = typeof rate === 'number' ? rate : typeof rate === 'string' && rate.trim() !== '' ? Number(rate) : NaN;
  if (!Number.isFinite(n)) return '-';
  return String(Number((n * 1e6).toPrecision(6)));
}

/** A token count as "200k", "1.05M", "8192" -> "8.2k"; "-" when absent. */
export function tokens(value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n <= 0) return '-';
  if (n >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (n >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(n);
}

const HEADER = ['provider', 'model', 'kind', 'input $/1M', 'output $/1M', 'cached $/1M', 'context', 'max output'];

/** The table: one line per model; ids longer than the width allows are not cut (a table of ids must stay exact). */
export function renderModels(rows: readonly ModelRow[], width = 100): string {
  if (rows.length === 0) return 'No active model (run `ai-model-sync sync` first, or check --provider).\n';
  const body = rows.map((r) => [
    r.provider,
    r.api_identifier,
    // what the model is (docs/capabilities.md); "?" when nothing says
    typeof r.config.kind === 'string' ? r.config.kind : '?',
    perMillion(r.config.input_token_cost_rate),
    perMillion(r.config.output_token_cost_rate),
    perMillion(r.config.cache_read_input_token_cost_rate),
    tokens(r.config.context_window_tokens),
    tokens(r.config.hard_cap_output_tokens ?? r.config.provider_max_output_tokens),
  ]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((c) => c[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const unpriced = rows.filter((r) => r.config.input_token_cost_rate === undefined).length;
  const lines = [fmt(HEADER), fmt(widths.map((w) => '-'.repeat(w))), ...body.map(fmt), ''];
  lines.push(...wrapLine(`${rows.length} active model(s)${unpriced ? `, ${unpriced} without an input price (-)` : ''}; prices in USD per 1M tokens; --json for every field.`, width));
  return `${lines.join('\n')}\n`;
}
