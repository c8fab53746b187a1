// Reads the catalog data files (db/catalog/<provider>.json) into one flat list of entries for
// ai_model_sync.load_catalog(). The database does the real validation; this only reports what SQL
// cannot see: a file that is not JSON, or not of the {"provider", "entries": [...]} shape.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// (from import.meta.url, not import.meta.dirname: the Edge Function runs this module under Deno too)
export const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const defaultCatalogDir = resolve(projectRoot, 'db', 'catalog');

/** One entry as the loader passes it to SQL: the file's entry plus its provider and file name. */
export interface CatalogEntry {
  provider: string;
  model: string;
  match: 'exact' | 'family';
  config: Record<string, unknown>;
  /** Dated prices: [{from, until, config}] (docs/pricing-rules.md). */
  prices?: { from?: string; until?: string; config: Record<string, unknown>; notes?: string }[] | null;
  source_url?: string | null;
  checked_on?: string | null;
  notes?: string | null;
  /** The file the entry came from, named in error messages. */
  file: string;
}

export interface CatalogFiles {
  entries: CatalogEntry[];
  /** Every provider that has a data file, even an empty one: its built-in rows are replaced by the file's. */
  providers: string[];
  files: string[];
}

export class CatalogFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'CatalogFileError';
  }
}

/** Reads every *.json file of `dir` (sorted by name). */
export function readCatalogDir(dir = defaultCatalogDir): CatalogFiles {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const out: CatalogFiles = { entries: [], providers: [], files: [] };
  for (const name of names) {
    const path = join(dir, name);
    const shown = relative(projectRoot, path).startsWith('..') ? path : relative(projectRoot, path);
    const { provider, entries } = parseCatalogFile(readFileSync(path, 'utf8'), shown);
    if (out.providers.includes(provider)) throw new CatalogFileError(shown, `provider "${provider}" already has another data file`);
    if (basename(name, '.json') !== provider) throw new CatalogFileError(shown, `file name must be ${provider}.json for provider "${provider}"`);
    out.providers.push(provider);
    out.files.push(shown);
    out.entries.push(...entries);
  }
  return out;
}

/** Parses one data file's text; entries get the file's provider and the file name. */
export function parseCatalogFile(text: string, file: string): { provider: string; entries: CatalogEntry[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new CatalogFileError(file, `not valid JSON: ${(error as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CatalogFileError(file, 'must be an object {"provider": "...", "entries": [...]}');
  const { provider, entries, ...rest } = doc as Record<string, unknown>;
  const unknown = Object.keys(rest).filter((k) => k !== '$comment');
  if (unknown.length) throw new CatalogFileError(file, `unknown top-level field(s): ${unknown.join(', ')}`);
  if (typeof provider !== 'string' || provider.trim() === '') throw new CatalogFileError(file, 'missing "provider" (a non-empty string)');
  if (!Array.isArray(entries)) throw new CatalogFileError(file, 'missing "entries" (an array)');
  return {
    provider,
    entries: entries.map((e: unknown, i) => {
      // Non-objects are passed through as they are: SQL reports them with their position.
      if (typeof e !== 'object' || e === null || Array.isArray(e)) return e as CatalogEntry;
      const entry = e as Record<string, unknown>;
      if ('provider' in entry && entry.provider !== provider) {
        throw new CatalogFileError(file, `entry #${i + 1} (${String(entry.model)}) says provider ${JSON.stringify(entry.provider)} in the file of provider "${provider}"`);
      }
      return { provider, ...entry, file } as unknown as CatalogEntry;
    }),
  };
}
