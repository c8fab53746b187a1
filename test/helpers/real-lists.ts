// The captured list answers of ../shared/real-provider-lists/ (see its SOURCES.md), as the fetcher stages them:
// the provider's model array, in its own wire format (Google keeps its models/ names; the sync drops the prefix).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { projectRoot } from './db.ts';

/** REAL_PROVIDER_LISTS, else ../shared/real-provider-lists of the main checkout or of a worktree under wt/. */
export const realListsDir =
  process.env.REAL_PROVIDER_LISTS ??
  [resolve(projectRoot, '..', 'shared', 'real-provider-lists'), resolve(projectRoot, '..', '..', 'shared', 'real-provider-lists')].find((d) =>
    existsSync(resolve(d, 'SOURCES.md')),
  ) ??
  resolve(projectRoot, '..', 'shared', 'real-provider-lists');

export interface RealList {
  provider: string;
  payload: Record<string, unknown>[];
}

/** Every real list: the array itself (Together, OpenRouter), or the response's `data` / `models` array. */
export function realLists(dir = realListsDir): RealList[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as unknown;
      const payload = Array.isArray(doc) ? doc : ((doc as { data?: unknown; models?: unknown }).data ?? (doc as { models?: unknown }).models);
      if (!Array.isArray(payload)) throw new Error(`${f}: no model array (bare array, data or models)`);
      return { provider: basename(f, '.json'), payload: payload as Record<string, unknown>[] };
    });
}
