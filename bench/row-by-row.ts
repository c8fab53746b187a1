// The baseline: the sync written the way a typical edge function does it. It reads the provider's rows
// and the catalog, diffs in the application with the same rules as the database (a port of
// ai_model_sync.staged_models, model_defaults and merge_config and of apply_batch's insert, update and
// deactivate steps), then sends one INSERT or UPDATE per changed row, each its own round trip and its
// own transaction (autocommit, like supabase-js calls from an edge function).
import { isDeepStrictEqual } from 'node:util';
import type { Sql } from '../fetcher/db.ts';
import type { RawModel } from './generate.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** One listed model, normalised like ai_model_sync.staged_models(). */
export interface Normalised {
  api_identifier: string;
  name: string;
  description: string | null;
  max_input_tokens: number | null;
  max_output_tokens: number | null;
  reported: JsonObject;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** jsonb equality: numbers compare by value, objects key by key (JSON.parse already gives both). */
const jsonEqual = (a: Json | undefined, b: Json | undefined) => isDeepStrictEqual(a ?? null, b ?? null);
const nullish = (v: Json | undefined) => v === undefined || v === null;

function format(provider: string): 'openai' | 'anthropic' | 'google' {
  return provider === 'anthropic' ? 'anthropic' : provider === 'google' ? 'google' : 'openai';
}

function firstPresent(obj: JsonObject, ...paths: string[][]): Json | undefined {
  for (const path of paths) {
    let v: Json | undefined = obj;
    for (const k of path) v = isObject(v) ? v[k] : undefined;
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

const tokenCount = (v: Json | undefined) => (typeof v === 'number' && v > 0 ? Math.trunc(v) : null);

function price(v: Json | undefined, perTokens: number): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return n >= 0 ? n / perTokens : null;
}

/** Port of ai_model_sync.staged_models() for one entry (entries the database would reject throw). */
export function normalise(provider: string, obj: RawModel): Normalised {
  const o = obj as JsonObject;
  const fmt = format(provider);
  const rawId = fmt === 'google' ? o.name : o.id;
  if (typeof rawId !== 'string' || rawId === '') throw new Error(`${provider}: model without an id: ${JSON.stringify(obj).slice(0, 200)}`);
  const api_identifier = fmt === 'google' ? rawId.replace(/^models\//, '') : rawId;
  const rawName = fmt === 'anthropic' ? o.display_name : fmt === 'google' ? o.displayName : (o.display_name ?? o.name);
  const maxIn =
    fmt === 'anthropic' ? o.max_input_tokens
    : fmt === 'google' ? o.inputTokenLimit
    : firstPresent(o, ['context_length'], ['max_context_length'], ['context_window'], ['max_model_len'], ['top_provider', 'context_length']);
  const maxOut =
    fmt === 'anthropic' ? o.max_tokens
    : fmt === 'google' ? o.outputTokenLimit
    : firstPresent(o, ['max_completion_tokens'], ['max_output_tokens'], ['top_provider', 'max_completion_tokens']);
  const pricing = isObject(o.pricing) ? o.pricing : {};
  const unit = pricing.prompt !== undefined ? 1 : 1_000_000;
  const deprecated = firstPresent(o, ['deprecated_at'], ['deprecation']);
  const reported: JsonObject = {};
  const put = (k: string, v: Json | undefined) => {
    if (v !== undefined && v !== null) reported[k] = v;
  };
  put('input_token_cost_rate', price(pricing.prompt ?? pricing.input, unit));
  put('output_token_cost_rate', price(pricing.completion ?? pricing.output, unit));
  put('cache_read_input_token_cost_rate', price(pricing.input_cache_read, unit));
  put('cache_write_input_token_cost_rate', price(pricing.input_cache_write, unit));
  put('provider_deprecated_at', typeof deprecated === 'string' ? deprecated : null);
  put('provider_retires_at', typeof o.retires_at === 'string' ? o.retires_at : null);
  // issue 15: what the entry reports the model is; the reported prices win on a shared key (apply_batch)
  const reportedCaps = capabilities(fmt, o);
  for (const k of Object.keys(reportedCaps)) if (!(k in reported)) reported[k] = reportedCaps[k]!;
  return {
    api_identifier,
    name: typeof rawName === 'string' ? rawName : api_identifier,
    description: typeof o.description === 'string' ? o.description : null,
    max_input_tokens: tokenCount(maxIn),
    max_output_tokens: tokenCount(maxOut),
    reported,
  };
}

/** Port of ai_model_sync.reported_capabilities() (issue 15): kind, modalities and supports_* flags an entry reports. */
export function capabilities(fmt: 'openai' | 'anthropic' | 'google', o: JsonObject): JsonObject {
  const out: JsonObject = {};
  const put = (k: string, v: Json | undefined) => {
    if (v !== undefined && v !== null) out[k] = v;
  };
  const has = (a: Json | undefined, x: string) => Array.isArray(a) && a.includes(x);
  const bool = (v: Json | undefined) => (typeof v === 'boolean' ? v : undefined);
  const sorted = (a: Json | undefined) => {
    const m = ['audio', 'file', 'image', 'text', 'video'].filter((x) => has(a, x));
    return m.length ? m : undefined;
  };
  const caps = isObject(o.capabilities) ? o.capabilities : undefined;
  const sup = (k: string) => (caps && isObject(caps[k]) ? bool((caps[k] as JsonObject).supported) : undefined);
  const methods = Array.isArray(o.supportedGenerationMethods) ? o.supportedGenerationMethods : undefined;
  const arch = isObject(o.architecture) ? o.architecture : undefined;
  const params = Array.isArray(o.supported_parameters) ? o.supported_parameters : undefined;
  const mistral = fmt === 'openai' && caps && typeof caps.completion_chat === 'boolean' ? caps : undefined;
  const mistralChat = fmt === 'openai' && caps?.completion_chat === true;
  if (fmt === 'google' && methods) {
    put('kind', has(methods, 'generateContent') ? 'chat' : has(methods, 'embedContent') ? 'embedding' : has(methods, 'bidiGenerateContent') ? 'realtime'
      : has(methods, 'predictLongRunning') ? 'video' : has(methods, 'predict') ? 'image' : undefined);
  } else if (fmt === 'openai' && arch && Array.isArray(arch.output_modalities)) {
    const out_ = arch.output_modalities;
    put('kind', has(out_, 'embeddings') ? 'embedding' : has(out_, 'text') ? 'chat' : has(out_, 'image') ? 'image' : has(out_, 'audio') ? 'speech' : undefined);
  } else if (mistral) {
    put('kind', mistral.completion_chat === true ? 'chat' : undefined);
  } else if (fmt === 'openai' && typeof o.type === 'string') {
    const types: Record<string, string> = { chat: 'chat', language: 'completion', image: 'image', embedding: 'embedding', moderation: 'moderation', rerank: 'rerank', audio: 'speech', transcribe: 'transcription' };
    put('kind', types[o.type]);
  } else if (fmt === 'openai' && o.supports_chat === true) {
    put('kind', 'chat');
  }
  if (fmt === 'anthropic' && caps) {
    put('input_modalities', [...(sup('pdf_input') === true ? ['file'] : []), ...(sup('image_input') === true ? ['image'] : []), 'text']);
    put('output_modalities', ['text']);
  } else if (fmt === 'openai' && arch && Array.isArray(arch.input_modalities)) put('input_modalities', sorted(arch.input_modalities));
  else if (mistralChat) put('input_modalities', caps!.vision === true ? ['image', 'text'] : ['text']);
  if (fmt === 'openai' && arch && Array.isArray(arch.output_modalities)) put('output_modalities', sorted(arch.output_modalities));
  else if (mistralChat) put('output_modalities', ['text']);
  if (fmt === 'openai') {
    put('supports_tools', params ? params.includes('tools') : (caps && bool(caps.function_calling)) ?? bool(o.supports_tools));
  }
  put('supports_vision',
    fmt === 'anthropic' ? sup('image_input')
    : fmt === 'openai' ? (arch && Array.isArray(arch.input_modalities) ? arch.input_modalities.includes('image') : (caps && bool(caps.vision)) ?? bool(o.supports_image_input))
    : undefined);
  put('supports_reasoning',
    fmt === 'anthropic' ? sup('thinking') : fmt === 'google' ? (o.thinking === true ? true : undefined) : params ? params.includes('reasoning') : undefined);
  put('supports_structured_output', fmt === 'anthropic' ? sup('structured_outputs') : fmt === 'openai' && params ? params.includes('structured_outputs') : undefined);
  put('supports_batch',
    fmt === 'anthropic' ? sup('batch') : fmt === 'google' && methods ? has(methods, 'batchGenerateContent') || has(methods, 'asyncBatchEmbedContent') : undefined);
  put('supports_caching', fmt === 'google' && methods ? has(methods, 'createCachedContent') : undefined);
  if (fmt === 'anthropic') {
    put('supports_citations', sup('citations'));
    put('supports_code_execution', sup('code_execution'));
  }
  if (fmt === 'openai' && caps) put('supports_fim', bool(caps.completion_fim));
  return out;
}

/** Port of ai_model_sync.version_base(). */
export const versionBase = (id: string) => id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$/, '');

export interface CatalogRow {
  model: string;
  match: 'exact' | 'family';
  tier: 'builtin' | 'imported' | 'admin';
  config: JsonObject;
}
const TIERS = ['builtin', 'imported', 'admin'] as const;

/** What the catalog says about one id: builtin and imported tiers merged, and the admin tier apart. */
export interface CatalogHit {
  catalog: JsonObject | null;
  admin: JsonObject | null;
}

/** Per tier the exact entry, else the family entry; builtin < imported merged key by key, admin kept apart. */
export function catalogConfig(byTier: Map<string, Map<string, CatalogRow>>, id: string): CatalogHit {
  const base = versionBase(id);
  const hit: CatalogHit = { catalog: null, admin: null };
  for (const tier of TIERS) {
    const entries = byTier.get(tier);
    if (!entries) continue;
    let entry = entries.get(id);
    if (!entry && base !== id) {
      const family = entries.get(base);
      if (family?.match === 'family') entry = family;
    }
    if (!entry) continue;
    if (tier === 'admin') hit.admin = { ...entry.config };
    else hit.catalog = { ...(hit.catalog ?? {}), ...entry.config };
  }
  return hit;
}

/** Port of jsonb_strip_nulls(): drops null object fields at every depth. */
function stripNulls(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (!isObject(v)) return v;
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = stripNulls(x);
  return out;
}

/** Port of ai_model_sync.model_defaults(): strategy < catalog < reported prices < admin tier, then the limits. */
export function modelDefaults(provider: string, m: Normalised, hit: CatalogHit): JsonObject {
  const fmt = format(provider);
  const { catalog, admin } = hit;
  const strategy: Json =
    fmt === 'anthropic' ? { type: 'anthropic_tokenizer', model: m.api_identifier }
    : fmt === 'google' ? { type: 'google_gemini_tokenizer' }
    : { type: 'rough_char_count', chars_per_token_ratio: 4 };
  const present = (o: JsonObject | null, k: string) => (o && o[k] !== undefined && o[k] !== null ? o[k] : undefined);
  const catCap = present(admin, 'hard_cap_output_tokens') ?? present(catalog, 'hard_cap_output_tokens');
  const caps = [catCap === undefined ? null : Number(catCap), m.max_output_tokens].filter((x): x is number => x !== null);
  const window =
    admin && admin.context_window_tokens !== undefined ? admin.context_window_tokens
    : catalog && catalog.context_window_tokens !== undefined ? catalog.context_window_tokens
    : m.max_input_tokens;
  const out: JsonObject = {
    tokenization_strategy: strategy,
    ...(catalog ?? {}),
    ...m.reported,
    ...(admin ?? {}),
    provider_max_input_tokens: m.max_input_tokens,
    provider_max_output_tokens: m.max_output_tokens,
    context_window_tokens: window,
    hard_cap_output_tokens: caps.length ? Math.min(...caps) : null,
  };
  return stripNulls(out) as JsonObject;
}

export interface MergeResult {
  config: JsonObject;
}

/** Port of ai_model_sync.merge_config(): the three-way merge with provider-max facts and the hard cap. */
export function mergeConfig(current: JsonObject, snapshot: JsonObject | null, defaults: JsonObject): MergeResult {
  const snap = snapshot ?? {};
  const keys = new Set([...Object.keys(current), ...Object.keys(snap), ...Object.keys(defaults)]);
  const merged = new Map<string, Json | undefined>();
  for (const k of keys) {
    const c = current[k];
    const s = snap[k];
    const d = defaults[k];
    let value: Json | undefined;
    if ((k === 'provider_max_input_tokens' || k === 'provider_max_output_tokens') && d !== undefined) value = d;
    else if (nullish(c)) value = d;
    else if (s !== undefined && jsonEqual(c, s)) value = d;
    else value = c;
    merged.set(k, value);
  }
  if (merged.has('hard_cap_output_tokens')) {
    const cap = merged.get('hard_cap_output_tokens');
    const capCurrent = current.hard_cap_output_tokens;
    const capSnapshot = snap.hard_cap_output_tokens;
    const maxNew = merged.get('provider_max_output_tokens');
    const maxOld = snap.provider_max_output_tokens;
    let capped = cap;
    if (maxNew === undefined || maxNew === null || cap === undefined || cap === null) capped = cap;
    else if (
      capCurrent !== undefined && jsonEqual(cap, capCurrent) && !jsonEqual(capCurrent, capSnapshot) &&
      maxOld !== undefined && jsonEqual(capCurrent, maxOld) && !jsonEqual(maxNew, maxOld)
    ) capped = maxNew;
    else if (Number(cap) > Number(maxNew)) capped = maxNew;
    merged.set('hard_cap_output_tokens', capped);
  }
  const config: JsonObject = {};
  for (const [k, v] of merged) if (v !== undefined && v !== null) config[k] = v;
  return { config };
}

interface Row {
  id: string;
  api_identifier: string;
  name: string | null;
  description: string | null;
  is_active: boolean;
  config: JsonObject;
  defaults_snapshot: JsonObject | null;
  name_snapshot: string | null;
  description_snapshot: string | null;
  is_listed: boolean | null;
}

export interface RowByRowResult {
  inserted: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  /** round trips to the database: reads and writes */
  statements: number;
}

/** Applies one provider's complete list the edge-function way. `force` as in sync_ai_models(force). */
export async function syncRowByRow(sql: Sql, provider: string, list: RawModel[], force = false): Promise<RowByRowResult> {
  const result: RowByRowResult = { inserted: 0, updated: 0, deactivated: 0, unchanged: 0, statements: 0 };
  const rows = (await sql`
    select id, api_identifier, name, description, is_active, config, defaults_snapshot, name_snapshot, description_snapshot, is_listed
      from public.ai_providers where provider = ${provider}`) as unknown as Row[];
  const catalogRows = (await sql`
    select model, match, tier::text as tier, config from public.ai_model_catalog where provider = ${provider}`) as unknown as CatalogRow[];
  result.statements += 2;
  const byTier = new Map<string, Map<string, CatalogRow>>();
  for (const c of catalogRows) {
    if (!byTier.has(c.tier)) byTier.set(c.tier, new Map());
    byTier.get(c.tier)!.set(c.model, c);
  }
  const existing = new Map(rows.map((r) => [r.api_identifier, r]));
  const listed = new Set<string>();

  for (const obj of list) {
    const m = normalise(provider, obj);
    if (listed.has(m.api_identifier)) throw new Error(`${provider}: duplicate model id ${m.api_identifier}`);
    listed.add(m.api_identifier);
    const defaults = modelDefaults(provider, m, catalogConfig(byTier, m.api_identifier));
    const t = existing.get(m.api_identifier);
    if (!t) {
      await sql`
        insert into public.ai_providers
          (provider, api_identifier, name, description, config, defaults_snapshot, name_snapshot, description_snapshot, is_active, is_listed)
        values (${provider}, ${m.api_identifier}, ${m.name}, ${m.description}, ${sql.json(defaults)}, ${sql.json(defaults)},
                ${m.name}, ${m.description}, true, true)
        on conflict (provider, api_identifier) do nothing`;
      result.statements++;
      result.inserted++;
      continue;
    }
    if (t.defaults_snapshot === null) continue; // a row created by hand: never written by the sync
    const config =
      jsonEqual(t.config, t.defaults_snapshot) ? defaults : mergeConfig(t.config, t.defaults_snapshot, defaults).config;
    const name = t.name === null || t.name === t.name_snapshot ? m.name : t.name;
    const description = t.description === null || t.description === t.description_snapshot ? m.description : t.description;
    const isActive = t.is_active === t.is_listed ? true : t.is_active;
    const changed =
      !jsonEqual(t.config, config) || !jsonEqual(t.defaults_snapshot, defaults) || t.name !== name || t.name_snapshot !== m.name ||
      t.description !== description || t.description_snapshot !== m.description || t.is_active !== isActive || t.is_listed !== true;
    if (!changed) {
      result.unchanged++;
      continue;
    }
    await sql`
      update public.ai_providers
         set config = ${sql.json(config)}, defaults_snapshot = ${sql.json(defaults)}, name = ${name}, name_snapshot = ${m.name},
             description = ${description}, description_snapshot = ${m.description}, is_active = ${isActive}, is_listed = true,
             updated_at = now()
       where id = ${t.id}`;
    result.statements++;
    result.updated++;
  }

  const gone = rows.filter((r) => r.defaults_snapshot !== null && r.is_listed === true && !listed.has(r.api_identifier));
  const deactivating = gone.filter((r) => r.is_active).length;
  const active = rows.filter((r) => r.defaults_snapshot !== null && r.is_active).length;
  const guardHolds = !force && deactivating > 0 && (listed.size === 0 || deactivating * 2 > active);
  if (!guardHolds) {
    for (const r of gone) {
      await sql`
        update public.ai_providers set is_listed = false, is_active = ${r.is_active ? false : r.is_active}, updated_at = now()
         where id = ${r.id}`;
      result.statements++;
      if (r.is_active) result.deactivated++;
    }
  }
  return result;
}
