// Helpers for the price-source tests: the real snapshots (../shared/real-price-tables), edited copies, staging.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Sql } from '../../fetcher/db.ts';
import { projectRoot } from './db.ts';

export type { PriceSource } from '../../fetcher/prices.ts';
import type { PriceSource } from '../../fetcher/prices.ts';

/** Where the real tables are: AI_MODEL_SYNC_PRICE_TABLES, else /work/shared/real-price-tables, else ../shared. */
export const realTablesDir = [process.env.AI_MODEL_SYNC_PRICE_TABLES, '/work/shared/real-price-tables', resolve(projectRoot, '..', 'shared', 'real-price-tables')]
  .filter((d): d is string => !!d)
  .find((d) => existsSync(resolve(d, 'litellm.json'))) ?? '/work/shared/real-price-tables';

export const realFiles: Record<PriceSource, string> = {
  litellm: 'litellm.json',
  'models.dev': 'models-dev.json',
  'genai-prices': 'genai-prices.v2.json',
};

const cache = new Map<string, string>();
/** A real snapshot's bytes, as published. */
export function realText(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(resolve(realTablesDir, file), 'utf8');
    cache.set(file, text);
  }
  return text;
}

export const real = (source: PriceSource): string => realText(realFiles[source]);

/** A copy of a real table, parsed, edited by `edit`, serialised again. */
export function edited(source: PriceSource, edit: (doc: any) => void): string {
  const doc = JSON.parse(real(source));
  edit(doc);
  return JSON.stringify(doc);
}

export { sha256 } from '../../fetcher/prices.ts';
import { sha256 } from '../../fetcher/prices.ts';

/** Stages one copy of a price table as the fetcher does (text cast to jsonb); returns its id. */
export async function stagePrices(sql: Sql, source: PriceSource, text: string, location = `test:${source}`): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into ai_price_fetches (source, payload, location, digest)
    values (${source}, ${text}::text::jsonb, ${location}, ${sha256(text)}) returning id`;
  return row!.id;
}

export async function priceFetch(sql: Sql, id: number) {
  const [row] = await sql<{ status: string; error: string | null; report: any }[]>`
    select status, error, report from ai_price_fetches where id = ${id}`;
  return row!;
}

/** genai-prices' provider entry with this id, from a parsed document. */
export const genaiProvider = (doc: any[], id: string) => doc.find((p) => p.id === id);
/** One genai-prices model of a provider, by its id. */
export const genaiModel = (doc: any[], provider: string, id: string) => genaiProvider(doc, provider).models.find((m: any) => m.id === id);
