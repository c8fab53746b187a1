// Loads the built-in catalog (db/catalog/*.json) into ai_model_catalog as tier 'builtin'.
//   node --import tsx fetcher/catalog/load.ts [--dir db/catalog] [--quiet]
// Idempotent: unchanged entries are not written; entries gone from the files are deleted; admin rows
// are never touched. One transaction: a bad file changes nothing.
import { pathToFileURL } from 'node:url';
import { connect, type Sql } from '../db.ts';
import { readCatalogDir, defaultCatalogDir } from './files.ts';
import { readKindRules } from './kinds.ts';
import { formatLoadError, formatReport, type LoadReport } from './report.ts';

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

async function main(argv: string[]): Promise<number> {
  const dirFlag = argv.indexOf('--dir');
  const dir = dirFlag >= 0 && argv[dirFlag + 1] ? argv[dirFlag + 1]! : defaultCatalogDir;
  const sql = connect(undefined, { max: 1, applicationName: 'ai-model-sync catalog' });
  try {
    const report = await loadBuiltinCatalog(sql, dir);
    process.stdout.write(formatReport(report, { verbose: !argv.includes('--quiet') }) + '\n');
    return 0;
  } catch (error) {
    process.stderr.write(`catalog: ${formatLoadError(error)}\n`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
