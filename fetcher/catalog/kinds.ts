// Reads the kind rules (db/catalog/kinds/<provider>.json) into one flat, ordered list for
// ai_model_sync.load_kind_rules(). The database validates the rules; this checks the file shape only.
// File: {"provider": "openai", "source_url": "...", "checked_on": "YYYY-MM-DD", "rules": [{"pattern", "config", "notes"?}]}
// The first rule whose glob matches an id applies (docs/capabilities.md).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { CatalogFileError, defaultCatalogDir, projectRoot } from './files.ts';

export interface KindRule {
  provider: string;
  pattern: string;
  config: Record<string, unknown>;
  source_url?: string | null;
  notes?: string | null;
  file: string;
}

export interface KindRules {
  rules: KindRule[];
  /** Every provider with a rules file: its stored rules are replaced by the file's. */
  providers: string[];
}

/** The rules of `<catalogDir>/kinds/*.json`, in file order (sorted by file name); none when the folder is absent. */
export function readKindRules(catalogDir = defaultCatalogDir): KindRules {
  const dir = join(catalogDir, 'kinds');
  const out: KindRules = { rules: [], providers: [] };
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, name);
    const shown = relative(projectRoot, path).startsWith('..') ? path : relative(projectRoot, path);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new CatalogFileError(shown, `not valid JSON: ${(error as Error).message}`);
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new CatalogFileError(shown, 'must be an object {"provider": "...", "rules": [...]}');
    const { provider, rules, source_url, checked_on, ...rest } = doc as Record<string, unknown>;
    const unknown = Object.keys(rest).filter((k) => k !== '$comment');
    if (unknown.length) throw new CatalogFileError(shown, `unknown top-level field(s): ${unknown.join(', ')}`);
    if (typeof provider !== 'string' || provider.trim() === '') throw new CatalogFileError(shown, 'missing "provider" (a non-empty string)');
    if (basename(name, '.json') !== provider) throw new CatalogFileError(shown, `file name must be ${provider}.json for provider "${provider}"`);
    if (!Array.isArray(rules)) throw new CatalogFileError(shown, 'missing "rules" (an array)');
    if (typeof checked_on !== 'undefined' && (typeof checked_on !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(checked_on))) {
      throw new CatalogFileError(shown, '"checked_on" must be a date (YYYY-MM-DD)');
    }
    out.providers.push(provider);
    for (const r of rules as unknown[]) {
      // Non-objects go to SQL as they are: it reports them with their position.
      if (typeof r !== 'object' || r === null || Array.isArray(r)) {
        out.rules.push(r as KindRule);
        continue;
      }
      const rule = r as Record<string, unknown>;
      out.rules.push({ provider, ...(typeof source_url === 'string' ? { source_url } : {}), ...rule, file: shown } as unknown as KindRule);
    }
  }
  return out;
}
