// Loads the built-in catalog (db/catalog/*.json) into ai_model_catalog as tier 'builtin'.
//   ai-model-sync catalog (make catalog): fetcher/cli.ts runs it.
// Idempotent: unchanged entries are not written; entries gone from the files are deleted; admin rows
// are never touched. One transaction: a bad file changes nothing.
import type { Sql } from '../db.ts';
import { readCatalogDir, defaultCatalogDir } from './files.ts';
import { readKindRules } from './kinds.ts';
import type { LoadReport } from './report.ts';

/**
 * Loads the data files of `dir` as tier 'builtin' and returns the report. It is one statement (one call of
 * ai_model_sync.load_catalog), hence atomic on its own: a bad file changes nothing, and inside a caller's
 * transaction (the CLI's dry run) it simply joins it.
 */
export async function loadBuiltinCatalog(sql: Sql, dir = defaultCatalogDir): Promise<LoadReport> {
  const { entries, providers } = readCatalogDir(dir);
  const kinds = readKindRules(dir); // issue 15: the kind rules of db/catalog/kinds, in the same statement
  const [row] = await sql<{ report: LoadReport }[]>`
    select ai_model_sync.load_catalog('builtin', ${sql.json(entries as never)}::jsonb, 'db/catalog', ${providers}::text[]) as report,
           ai_model_sync.load_kind_rules(${sql.json(kinds.rules as never)}::jsonb, ${kinds.providers}::text[]) as kinds`;
  return row!.report;
}
