// Helpers for tests of the sync: stage lists in each wire format, run the sync, read rows and reports.
import type { AppliedReport } from '../../fetcher/apply.ts';
import type { Sql } from '../../fetcher/db.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Config = Record<string, Json>;

export interface ModelRow {
  id: string;
  provider: string;
  api_identifier: string;
  name: string | null;
  description: string | null;
  is_active: boolean;
  is_listed: boolean | null;
  config: Config;
  defaults_snapshot: Config | null;
  updated_at: Date;
  version: string;
}

/** An applied batch's report (the type the fetcher reads), plus what a failed batch's report carries. */
export type Report = Omit<AppliedReport, 'status'> & { status: string; error?: string; sqlstate?: string };

/** OpenAI /v1/models objects. */
export const openaiModel = (id: string, extra: Record<string, Json> = {}) => ({ id, object: 'model', created: 1721172741, owned_by: 'system', ...extra });

/** Anthropic /v1/models objects. */
export const anthropicModel = (id: string, display_name: string, max_input_tokens: Json, max_tokens: Json, extra: Record<string, Json> = {}) => ({
  type: 'model',
  id,
  display_name,
  created_at: '2026-02-04T00:00:00Z',
  max_input_tokens,
  max_tokens,
  ...extra,
});

/** Google v1beta/models objects (name keeps the models/ prefix). */
export const googleModel = (id: string, displayName: string, inputTokenLimit: Json, outputTokenLimit: Json, extra: Record<string, Json> = {}) => ({
  name: `models/${id}`,
  baseModelId: id,
  version: '001',
  displayName,
  description: `${displayName} model`,
  inputTokenLimit,
  outputTokenLimit,
  supportedGenerationMethods: ['generateContent', 'countTokens'],
  ...extra,
});

export async function stage(sql: Sql, provider: string, payload: unknown): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into ai_model_fetches (provider, payload) values (${provider}, ${sql.json(payload as never)}) returning id`;
  return row!.id;
}

/** CALL sync_ai_models(): must run outside a transaction block. */
export async function sync(sql: Sql, options: { force?: boolean } = {}): Promise<void> {
  if (options.force) await sql`call sync_ai_models(force => true)`;
  else await sql`call sync_ai_models()`;
}

/** Stages one list and applies it; returns that batch's report. */
export async function stageAndSync(sql: Sql, provider: string, payload: unknown, options: { force?: boolean } = {}): Promise<Report> {
  const id = await stage(sql, provider, payload);
  await sync(sql, options);
  return report(sql, id);
}

export async function report(sql: Sql, batchId: number): Promise<Report> {
  const [row] = await sql<{ report: Report }[]>`select report from ai_model_fetches where id = ${batchId}`;
  if (!row) throw new Error(`no batch ${batchId}`);
  return row.report;
}

export async function batch(sql: Sql, batchId: number) {
  const [row] = await sql<{ status: string; error: string | null; report: Report | null }[]>`
    select status, error, report from ai_model_fetches where id = ${batchId}`;
  return row!;
}

export async function model(sql: Sql, provider: string, apiIdentifier: string): Promise<ModelRow> {
  const [row] = await sql<ModelRow[]>`
    select *, xmin::text || ':' || ctid::text as version
      from ai_providers where provider = ${provider} and api_identifier = ${apiIdentifier}`;
  if (!row) throw new Error(`no row for ${provider}/${apiIdentifier}`);
  return row;
}

export async function models(sql: Sql, provider: string): Promise<ModelRow[]> {
  return sql<ModelRow[]>`
    select *, xmin::text || ':' || ctid::text as version
      from ai_providers where provider = ${provider} order by api_identifier`;
}

/** Sets config keys of one row by hand, as an admin would (null removes nothing: it stores JSON null). */
export async function editConfig(sql: Sql, provider: string, apiIdentifier: string, patch: Config): Promise<void> {
  await sql`update ai_providers set config = config || ${sql.json(patch as never)}
             where provider = ${provider} and api_identifier = ${apiIdentifier}`;
}

export async function catalogEntry(
  sql: Sql,
  entry: { provider: string; model: string; match?: 'exact' | 'family'; tier?: 'builtin' | 'imported' | 'admin'; config: Config },
): Promise<void> {
  await sql`
    insert into ai_model_catalog (provider, model, match, tier, config, source_url, checked_on)
    values (${entry.provider}, ${entry.model}, ${entry.match ?? 'exact'}, ${entry.tier ?? 'builtin'}, ${sql.json(entry.config as never)},
            'https://example.test/pricing', '2026-11-25')
    on conflict (provider, model, tier) do update set config = excluded.config`;
}
