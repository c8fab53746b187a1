// Deterministic, realistic model lists for the benchmark: the three wire formats of
// /work/shared/provider-apis.md, a share of ids priced by catalog entries (family and exact) and a
// share of unknown ids, plus the churn of a later fetch (1% gone, 1% new, 1% manual overrides,
// the prices of 1% moved in the catalog).

export type Provider = 'openai' | 'anthropic' | 'google';
export const PROVIDERS: readonly Provider[] = ['openai', 'anthropic', 'google'];

/** A catalog row as the benchmark inserts it into public.ai_model_catalog. */
export interface CatalogEntry {
  provider: Provider;
  model: string;
  match: 'exact' | 'family';
  tier: 'builtin' | 'imported' | 'admin';
  config: Record<string, unknown>;
}

/** A raw model object exactly as a provider's list API returns it. */
export type RawModel = Record<string, unknown>;

const M = 1_000_000;
const tiktoken = (encoding: string, id: string) => ({
  type: 'tiktoken',
  tiktoken_encoding_name: encoding,
  is_chatml_model: true,
  api_identifier_for_tokenization: id,
});

interface Family {
  base: string;
  /** USD per 1M tokens, input and output. */
  price: [number, number];
  context: number;
  cap: number;
  extra?: Record<string, unknown>;
}

// The first family of each provider is the "churn family": it holds 1% of that provider's models and
// its catalog price moves before the churn sync.
const FAMILIES: Record<Provider, Family[]> = {
  openai: [
    { base: 'gpt-4.1-nano', price: [0.1, 0.4], context: 1_047_576, cap: 32_768 },
    { base: 'gpt-4o', price: [2.5, 10], context: 128_000, cap: 16_384 },
    { base: 'gpt-4o-mini', price: [0.15, 0.6], context: 128_000, cap: 16_384 },
    { base: 'gpt-4.1', price: [2, 8], context: 1_047_576, cap: 32_768 },
    { base: 'gpt-4.1-mini', price: [0.4, 1.6], context: 1_047_576, cap: 32_768 },
    { base: 'o3', price: [2, 8], context: 200_000, cap: 100_000 },
    { base: 'o4-mini', price: [1.1, 4.4], context: 200_000, cap: 100_000 },
    { base: 'gpt-5', price: [1.25, 10], context: 400_000, cap: 128_000 },
    { base: 'gpt-5-mini', price: [0.25, 2], context: 400_000, cap: 128_000 },
    { base: 'gpt-5-nano', price: [0.05, 0.4], context: 400_000, cap: 128_000 },
  ],
  anthropic: [
    { base: 'claude-3-5-haiku', price: [0.8, 4], context: 200_000, cap: 8_192 },
    { base: 'claude-opus-4-1', price: [15, 75], context: 200_000, cap: 32_000 },
    { base: 'claude-sonnet-4-5', price: [3, 15], context: 200_000, cap: 64_000 },
    { base: 'claude-haiku-4-5', price: [1, 5], context: 200_000, cap: 64_000 },
    { base: 'claude-sonnet-4', price: [3, 15], context: 200_000, cap: 64_000 },
    { base: 'claude-opus-4', price: [15, 75], context: 200_000, cap: 32_000 },
    { base: 'claude-3-7-sonnet', price: [3, 15], context: 200_000, cap: 64_000 },
  ],
  google: [
    { base: 'gemini-2.0-flash-lite', price: [0.075, 0.3], context: 1_048_576, cap: 8_192 },
    { base: 'gemini-2.5-pro', price: [1.25, 10], context: 1_048_576, cap: 65_536 },
    { base: 'gemini-2.5-flash', price: [0.3, 2.5], context: 1_048_576, cap: 65_536 },
    { base: 'gemini-2.5-flash-lite', price: [0.1, 0.4], context: 1_048_576, cap: 65_536 },
    { base: 'gemini-2.0-flash', price: [0.1, 0.4], context: 1_048_576, cap: 8_192 },
    { base: 'gemini-1.5-pro', price: [1.25, 5], context: 2_097_152, cap: 8_192 },
    { base: 'gemini-1.5-flash', price: [0.075, 0.3], context: 1_048_576, cap: 8_192 },
  ],
};

// Exact-id entries: ids that no family prices, and one dated snapshot whose exact entry beats its family's.
const EXACT: Record<Provider, { model: string; price: [number, number]; context: number; cap: number }[]> = {
  openai: [
    { model: 'chatgpt-4o-latest', price: [5, 15], context: 128_000, cap: 16_384 },
    { model: 'gpt-4o-2024-05-13', price: [5, 15], context: 128_000, cap: 4_096 },
    { model: 'gpt-4-turbo', price: [10, 30], context: 128_000, cap: 4_096 },
    { model: 'gpt-3.5-turbo', price: [0.5, 1.5], context: 16_385, cap: 4_096 },
  ],
  anthropic: [
    { model: 'claude-opus-4-6', price: [5, 25], context: 1_000_000, cap: 128_000 },
    { model: 'claude-3-haiku-20240307', price: [0.25, 1.25], context: 200_000, cap: 4_096 },
  ],
  google: [
    { model: 'gemini-embedding-001', price: [0.15, 0], context: 2_048, cap: 1 },
    { model: 'gemini-2.5-flash-image', price: [0.3, 30], context: 32_768, cap: 32_768 },
  ],
};

function strategy(provider: Provider, id: string): Record<string, unknown> {
  if (provider === 'openai') return tiktoken(id.startsWith('gpt-3.5') || id.startsWith('gpt-4-') ? 'cl100k_base' : 'o200k_base', id);
  if (provider === 'anthropic') return { type: 'anthropic_tokenizer', model: id };
  return { type: 'google_gemini_tokenizer' };
}

function priceConfig(provider: Provider, id: string, price: [number, number], context: number, cap: number) {
  return {
    input_token_cost_rate: price[0] / M,
    output_token_cost_rate: price[1] / M,
    context_window_tokens: context,
    hard_cap_output_tokens: cap,
    tokenization_strategy: strategy(provider, id),
  };
}

/** The benchmark's catalog: one family entry per family, the exact entries, and two admin-tier entries. */
export function catalogEntries(): CatalogEntry[] {
  const entries: CatalogEntry[] = [];
  for (const provider of PROVIDERS) {
    for (const f of FAMILIES[provider]) {
      entries.push({ provider, model: f.base, match: 'family', tier: 'builtin', config: priceConfig(provider, f.base, f.price, f.context, f.cap) });
    }
    for (const e of EXACT[provider]) {
      entries.push({ provider, model: e.model, match: 'exact', tier: 'builtin', config: priceConfig(provider, e.model, e.price, e.context, e.cap) });
    }
  }
  // Negotiated prices: admin entries outrank the built-in ones key by key.
  entries.push({ provider: 'openai', model: 'gpt-4o', match: 'family', tier: 'admin', config: { input_token_cost_rate: 2 / M } });
  entries.push({ provider: 'anthropic', model: 'claude-sonnet-4-5', match: 'family', tier: 'admin', config: { output_token_cost_rate: 12 / M } });
  return entries;
}

/** The catalog change of the churn run: the churn family of each provider gets new prices. */
export function catalogPriceMoves(): { provider: Provider; model: string; config: Record<string, unknown> }[] {
  return PROVIDERS.map((provider) => {
    const f = FAMILIES[provider][0]!;
    return { provider, model: f.base, config: priceConfig(provider, f.base, [f.price[0] * 0.8, f.price[1] * 0.8], f.context, f.cap) };
  });
}

/** How many models of the N each provider lists (a third each; the remainder goes to OpenAI). */
export function split(n: number): Record<Provider, number> {
  const third = Math.floor(n / 3);
  return { openai: n - 2 * third, anthropic: third, google: third };
}

/** One model of a list before it is rendered in a wire format. */
export interface ModelSpec {
  id: string;
  /** index of the family (in FAMILIES[provider]) whose limits it reports; -1 for unknown models */
  family: number;
  seq: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A version suffix that ai_model_sync.version_base() strips, unique per k, in the provider's style. */
function suffix(provider: Provider, k: number): string {
  if (provider === 'google' && k < 900) return pad(k + 100, 3); // gemini-2.0-flash-001 style
  // dated snapshots from 2027 on, clear of the catalog's exact dated ids
  const ymd = new Date(Date.UTC(2027, 0, 1) + k * 86_400_000).toISOString().slice(0, 10);
  return provider === 'openai' ? ymd : ymd.replaceAll('-', ''); // gpt-4o-2027-01-01, claude-...-20270101
}

function unknownId(provider: Provider, k: number): string {
  const tag = (k * 2_654_435_761 >>> 0).toString(36);
  if (provider === 'openai') return `ft:gpt-4o-mini-2024-07-18:acme-${k % 97}::${tag}`;
  if (provider === 'anthropic') return `claude-private-${tag}-preview`;
  return `gemma-3-${k}b-it-${tag}`;
}

/**
 * The ids of one provider's list of `size` models, in list order: the catalog's exact ids and family base ids
 * first, then generated ids: 1% in the churn family, 40% unknown to the catalog, the rest spread over the
 * other families. `offset` shifts the generated ids (the churn run's new models use fresh ones).
 */
export function modelSpecs(provider: Provider, size: number, offset = 0): ModelSpec[] {
  const families = FAMILIES[provider];
  const specs: ModelSpec[] = [];
  if (offset === 0) {
    for (const [i, f] of families.entries()) if (specs.length < size) specs.push({ id: f.base, family: i, seq: specs.length });
    for (const e of EXACT[provider]) {
      if (specs.length < size) specs.push({ id: e.model, family: families.findIndex((f) => e.model.startsWith(`${f.base}-`)), seq: specs.length });
    }
  }
  // the churn family: its base id and enough dated snapshots to make 1% of the list
  const churnMembers = offset === 0 ? Math.max(0, Math.round(size / 100) - 1) : 0;
  const generated0 = specs.length;
  const perFamily = new Map<number, number>();
  for (let i = specs.length; i < size; i++) {
    const k = i + offset;
    let family: number;
    if (i - generated0 < churnMembers) family = 0;
    else if (k % 5 < 2) family = -1;
    else family = 1 + (k % (families.length - 1));
    if (family < 0) {
      specs.push({ id: unknownId(provider, k), family, seq: i });
      continue;
    }
    const j = perFamily.get(family) ?? 0;
    perFamily.set(family, j + 1);
    // the churn run's new models take suffixes after every suffix the first list used
    specs.push({ id: `${families[family]!.base}-${suffix(provider, j + offset)}`, family, seq: i });
  }
  return specs;
}

/** A model object in the provider's wire format. */
export function render(provider: Provider, spec: ModelSpec): RawModel {
  const f = spec.family >= 0 ? FAMILIES[provider][spec.family] : undefined;
  const created = 1_700_000_000 + spec.seq * 3_600;
  const display = spec.id
    .split(/[-:]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
  if (provider === 'openai') {
    return { id: spec.id, object: 'model', created, owned_by: spec.id.startsWith('ft:') ? 'org-acme' : 'system' };
  }
  if (provider === 'anthropic') {
    return {
      type: 'model',
      id: spec.id,
      display_name: display,
      created_at: new Date(created * 1000).toISOString().replace('.000Z', 'Z'),
      max_input_tokens: f?.context ?? 200_000,
      max_tokens: f?.cap ?? 8_192,
    };
  }
  return {
    name: `models/${spec.id}`,
    version: '001',
    displayName: display,
    description: `${display}: a benchmark model of the ${f?.base ?? 'unknown'} family.`,
    inputTokenLimit: f?.context ?? 32_768,
    outputTokenLimit: f?.cap ?? 8_192,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: spec.family >= 0,
  };
}

/** `count` indices spread evenly over [0, size), shifted by `phase` (0..1) of a step. */
function spread(size: number, count: number, phase: number): number[] {
  const step = size / count;
  return Array.from({ length: count }, (_, j) => Math.min(size - 1, Math.floor((j + phase) * step)));
}

export interface ProviderLists {
  provider: Provider;
  first: RawModel[];
  /** The churn run's list: the first list minus 1% gone, plus 1% new models. */
  churn: RawModel[];
  gone: string[];
  added: string[];
  /** Ids of rows that get a manual edit before the churn sync (1%). */
  overridden: string[];
}

/** The lists of one provider for a benchmark of N models in all. */
export function providerLists(provider: Provider, n: number): ProviderLists {
  const size = split(n)[provider];
  const specs = modelSpecs(provider, size);
  const onePercent = Math.max(1, Math.round(size / 100));
  const goneIdx = new Set(spread(size, onePercent, 0.5));
  const overriddenIdx = spread(size, onePercent, 0.25).filter((i) => !goneIdx.has(i));
  const addedSpecs = modelSpecs(provider, onePercent, size).map((s, j) => ({ ...s, seq: size + j }));
  const kept = specs.filter((_, i) => !goneIdx.has(i));
  return {
    provider,
    first: specs.map((s) => render(provider, s)),
    churn: [...kept, ...addedSpecs].map((s) => render(provider, s)),
    gone: specs.filter((_, i) => goneIdx.has(i)).map((s) => s.id),
    added: addedSpecs.map((s) => s.id),
    overridden: overriddenIdx.map((i) => specs[i]!.id),
  };
}

export function allLists(n: number): ProviderLists[] {
  return PROVIDERS.map((p) => providerLists(p, n));
}
