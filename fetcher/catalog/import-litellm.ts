// Imports a LiteLLM cost map (model_prices_and_context_window.json) as the `litellm` price source (issue 13):
// a local file instead of the URL `make sync` fetches, mapped and checked in SQL like every other copy
// (ai_model_sync.litellm_prices, apply_price_source), so it counts as ONE source of the consensus and never
// outranks the built-in catalog. Duplicate keys are reported, entries out of the sanity bounds are skipped and
// reported by the file's own key.
//   ai-model-sync catalog-import FILE (make catalog-import FILE=…): fetcher/cli.ts runs it.
// The rows an earlier version of this command wrote as the catalog's `imported` tier (which outranked the
// built-in entries) are removed by the first import.
import type { Sql } from '../db.ts';
import { sha256, shapeProblem, type PriceOutcome } from '../prices.ts';
import type { LoadReport } from './report.ts';

/** Every provider an import of the old kind wrote to: their `imported` catalog rows are removed. */
export const IMPORT_PROVIDERS = ['anthropic', 'deepseek', 'fireworks', 'google', 'groq', 'mistral', 'ollama', 'openai', 'openrouter', 'together', 'xai'];

export interface ImportReport {
  file: string;
  /** ai_price_fetches.id of the staged copy. */
  fetch: number;
  status: 'applied' | 'failed' | 'superseded';
  error?: string;
  report: NonNullable<PriceOutcome['report']> & { removed?: number };
  /** The old `imported` catalog rows removed by this import. */
  legacy_removed: number;
}

/** The file is not a LiteLLM cost map (not JSON, or not an object keyed by model): the caller's mistake (exit 2). */
export class ImportFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ImportFileError';
  }
}

/** Stages `text` (the file's content) as a copy of the litellm source and applies it, in one transaction. */
export async function importLiteLLM(sql: Sql, text: string, file: string): Promise<ImportReport> {
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch (error) {
    throw new ImportFileError(`${file}: not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const problem = shapeProblem('litellm', map);
  map = undefined;
  if (problem) throw new ImportFileError(`${file}: ${problem}`);
  const digest = sha256(text);
  return (await sql.begin(async (tx) => {
    const [staged] = await tx<{ id: number }[]>`
      insert into public.ai_price_fetches (source, payload, location, digest)
      values ('litellm', ${text}::text::jsonb, ${file}, ${digest}) returning id`;
    await tx`select ai_model_sync.apply_price_source('litellm')`;
    const [row] = await tx<{ status: ImportReport['status']; error: string | null; report: ImportReport['report'] }[]>`
      select status, error, report from public.ai_price_fetches where id = ${staged!.id}`;
    // a failed copy changes nothing, not even the old tier
    const [legacy] = row!.status !== 'applied' ? [{ report: { deleted: 0 } }] : await tx<{ report: Pick<LoadReport, 'deleted'> }[]>`
      select ai_model_sync.load_catalog('imported', '[]'::jsonb, ${file}, ${IMPORT_PROVIDERS}::text[]) as report`;
    return {
      file,
      fetch: staged!.id,
      status: row!.status,
      ...(row!.error ? { error: row!.error } : {}),
      report: row!.report,
      legacy_removed: legacy!.report.deleted,
    };
  })) as ImportReport;
}

/** What the import prints. */
export function formatImport(r: ImportReport, { verbose = true } = {}): string {
  if (r.status === 'failed') return `${r.file}: not imported: ${r.error}`;
  const rep = r.report;
  const lines = [
    `price source litellm <- ${r.file} (copy ${r.fetch}): ${rep.models ?? 0} entries, ${rep.prices ?? 0} prices ` +
      `(${rep.changed ?? 0} changed, ${rep.removed ?? 0} removed), ${rep.skipped ?? 0} skipped, ${rep.duplicates?.length ?? 0} duplicate ids`,
    '  one source of the consensus: its prices count where another table agrees (AI_MODEL_SYNC_PRICE_QUORUM), at the next make sync',
  ];
  if (r.legacy_removed) lines.push(`  removed ${r.legacy_removed} rows of the old imported catalog tier (they outranked the built-in catalog)`);
  for (const s of rep.skipped_entries ?? []) lines.push(`  skipped "${s.entry}": ${s.problem}`);
  for (const d of rep.duplicates ?? []) {
    if (!verbose && d.conflicting_keys.length === 0) continue;
    const keys = d.entries.map((e) => `"${e}"`).join(', ');
    lines.push(
      d.conflicting_keys.length
        ? `  duplicate ${d.provider}/${d.api_identifier}: keys ${keys} price ${d.conflicting_keys.join(', ')} differently: counted for none`
        : `  duplicate ${d.provider}/${d.api_identifier}: keys ${keys} agree`,
    );
  }
  return lines.join('\n');
}
