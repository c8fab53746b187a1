// The report that ai_model_sync.load_catalog() returns, and how the CLIs print it.
export interface LoadReport {
  label: string;
  tier: 'builtin' | 'imported';
  providers: string[];
  entries: number;
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  changes: { action: 'inserted' | 'updated' | 'deleted'; provider: string; model: string }[];
}

export function formatReport(report: LoadReport, { verbose = true } = {}): string {
  const lines = [
    `catalog ${report.tier} <- ${report.label}: ${report.entries} entries for ${report.providers.join(', ') || 'no provider'}; ` +
      `${report.inserted} inserted, ${report.updated} updated, ${report.deleted} deleted, ${report.unchanged} unchanged`,
  ];
  if (verbose) for (const c of report.changes) lines.push(`  ${c.action.padEnd(8)} ${c.provider}/${c.model}`);
  return lines.join('\n');
}

/** A postgres.js error of the loader as a readable block: message, detail (one line per bad entry), hint. */
export function formatLoadError(error: unknown): string {
  const e = error as { message?: string; detail?: string; hint?: string };
  return [e.message ?? String(error), e.detail, e.hint && `hint: ${e.hint}`].filter(Boolean).join('\n');
}
