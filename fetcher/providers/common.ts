// What the three wire-format modules share: the fetch context and the checks that make a list "complete".
import { ProviderError, type ProviderHttp } from '../http.ts';
import type { ProviderConfig } from '../config.ts';

export interface FetchContext {
  config: ProviderConfig;
  http: ProviderHttp;
  /** More pages than this is an error (a pagination that never ends), not a truncated list. */
  maxPages: number;
  /** Page size asked for (Anthropic limit, Google pageSize); servers may send fewer. */
  pageSize: number;
  /** The SDKs' own timeout: only a backstop, the transport's per-attempt timeout is the real one. */
  sdkTimeoutMs: number;
  onPage(page: number, modelsSoFar: number): void;
}

export interface FetchedList {
  /** The model objects exactly as the provider returned them, every page concatenated. */
  models: unknown[];
  pages: number;
}

/** "null", "a string", "an array", "an object with keys a, b" — for messages about unexpected bodies. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value as object);
    if (keys.length === 0) return 'an empty object';
    const shown = keys.slice(0, 6).join(', ');
    return `an object with keys ${shown}${keys.length > 6 ? ', …' : ''}`;
  }
  return `a ${typeof value}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The list field of a page: present and an array, else a ProviderError naming what came instead.
 * `nullIsEmpty`: `{"field": null}` counts as an empty list (Ollama) instead of an error.
 */
export function listField(body: unknown, field: string, what: string, nullIsEmpty = false): unknown[] {
  if (!isObject(body)) throw new ProviderError(`${what}: expected an object with a "${field}" list, got ${describeJson(body)}`);
  if (!(field in body)) {
    throw new ProviderError(`${what}: the body has no "${field}" list (got ${describeJson(body)}); refusing to treat it as an empty list`);
  }
  const list = body[field];
  if (list === null && nullIsEmpty) return [];
  if (!Array.isArray(list)) throw new ProviderError(`${what}: "${field}" is ${describeJson(list)}, not a list`);
  return list;
}

/** Every entry an object with a non-empty string id, each id once: else the list is not a usable complete list. */
export function checkEntries(models: readonly unknown[], idField: string): void {
  const seen = new Map<string, number>();
  models.forEach((m, i) => {
    const id = isObject(m) ? m[idField] : undefined;
    if (typeof id !== 'string' || id === '') {
      throw new ProviderError(`model ${i + 1} of ${models.length} has no "${idField}" (got ${describeJson(m)})`);
    }
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ProviderError(`duplicate model id "${id}" (entries ${first + 1} and ${i + 1}): pages overlapped or the list is corrupt`);
    }
    seen.set(id, i);
  });
}

export function tooManyPages(maxPages: number): ProviderError {
  return new ProviderError(`the list did not end after ${maxPages} pages (pagination that never ends?); raise --max-pages if it is real`);
}
