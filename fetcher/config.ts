// Which providers a run fetches, with which key and base URL: built from the environment (SPEC §6).
//
// - openai, anthropic, google and the keyed OpenAI-compatible presets (mistral, groq, deepseek, xai, together,
//   fireworks) are on by default: each is fetched when its key variable is set and skipped with a notice otherwise.
// - openrouter and ollama need no key, so they are fetched only when named (AI_MODEL_SYNC_PROVIDERS or --provider):
//   a plain `make sync` never calls a service the user did not ask for.
// - Any other name is a custom OpenAI-compatible provider: NAME_BASE_URL is required, NAME_API_KEY is sent when set.
// - AI_MODEL_SYNC_PROVIDERS (comma or space separated) replaces the default set; the word `default` stands for it,
//   e.g. AI_MODEL_SYNC_PROVIDERS=default,openrouter. --provider NAME (repeatable) replaces both for one run.

export type WireFormat = 'openai' | 'anthropic' | 'google';

export interface Preset {
  name: string;
  format: WireFormat;
  /** Key variables, first set one wins. */
  keyVars: string[];
  baseUrlVar: string;
  defaultBaseUrl: string;
  /** Without a key the provider is skipped. */
  keyRequired: boolean;
  /** Part of the default set (keyless presets are not: they would be fetched on every run). */
  byDefault: boolean;
  /** `{"data": null}` is a legal empty list (Ollama with no model pulled); elsewhere it is an error. */
  nullListIsEmpty?: boolean;
}

export interface ProviderConfig {
  name: string;
  format: WireFormat;
  baseUrl: string;
  apiKey: string | undefined;
  /** The variable the key came from (for messages), or undefined for keyless providers. */
  keyVar: string | undefined;
  nullListIsEmpty: boolean;
}

export interface Skipped {
  name: string;
  reason: string;
}

export interface Plan {
  providers: ProviderConfig[];
  skipped: Skipped[];
}

/** A usage or configuration mistake: exit code 2. */
export class ConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

const openaiCompatible = (name: string, defaultBaseUrl: string, extra: Partial<Preset> = {}): Preset => ({
  name,
  format: 'openai',
  keyVars: [`${envPrefix(name)}_API_KEY`],
  baseUrlVar: `${envPrefix(name)}_BASE_URL`,
  defaultBaseUrl,
  keyRequired: true,
  byDefault: true,
  ...extra,
});

export const presets: readonly Preset[] = [
  {
    name: 'openai',
    format: 'openai',
    keyVars: ['OPENAI_API_KEY'],
    baseUrlVar: 'OPENAI_BASE_URL',
    defaultBaseUrl: 'https://api.openai.com/v1',
    keyRequired: true,
    byDefault: true,
  },
  {
    name: 'anthropic',
    format: 'anthropic',
    keyVars: ['ANTHROPIC_API_KEY'],
    baseUrlVar: 'ANTHROPIC_BASE_URL',
    defaultBaseUrl: 'https://api.anthropic.com',
    keyRequired: true,
    byDefault: true,
  },
  {
    name: 'google',
    format: 'google',
    keyVars: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
    baseUrlVar: 'GOOGLE_GEMINI_BASE_URL',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    keyRequired: true,
    byDefault: true,
  },
  openaiCompatible('mistral', 'https://api.mistral.ai/v1'),
  openaiCompatible('groq', 'https://api.groq.com/openai/v1'),
  openaiCompatible('deepseek', 'https://api.deepseek.com'),
  openaiCompatible('xai', 'https://api.x.ai/v1'),
  openaiCompatible('together', 'https://api.together.xyz/v1'),
  openaiCompatible('fireworks', 'https://api.fireworks.ai/inference/v1'),
  openaiCompatible('openrouter', 'https://openrouter.ai/api/v1', { keyRequired: false, byDefault: false }),
  openaiCompatible('ollama', 'http://localhost:11434/v1', { keyRequired: false, byDefault: false, nullListIsEmpty: true }),
];

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** The variable prefix of a provider name: `my-vllm` -> `MY_VLLM` (MY_VLLM_API_KEY, MY_VLLM_BASE_URL). */
export function envPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

function env(vars: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = vars[name]?.trim();
  return v ? v : undefined;
}

/** Splits "a, b c" lists; lower-cases; keeps the first occurrence of each name. */
export function parseNames(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const n of v.split(/[\s,]+/)) {
      const name = n.trim().toLowerCase();
      if (name && !out.includes(name)) out.push(name);
    }
  }
  return out;
}

/** A base URL must be http(s), carry no credentials and no query: keys go in their variables, never in URLs. */
export function checkBaseUrl(raw: string, variable: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch (cause) {
    throw new ConfigError(`${variable} is not a URL`, { cause });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${variable} must be an http(s) URL, got ${u.protocol}`);
  if (u.username || u.password) throw new ConfigError(`${variable} must not contain credentials; put the key in its _API_KEY variable`);
  if (u.search || u.hash) throw new ConfigError(`${variable} must not contain a query or fragment; put the key in its _API_KEY variable`);
  return u.href.replace(/\/+$/, '');
}

/**
 * The providers to fetch and the ones skipped (no key), from the environment and --provider names.
 * Throws ConfigError for unknown names without a base URL, bad names and bad base URLs.
 */
export function planProviders(vars: NodeJS.ProcessEnv, selected: readonly string[] = []): Plan {
  const byName = new Map(presets.map((p) => [p.name, p]));
  const defaults = presets.filter((p) => p.byDefault).map((p) => p.name);
  let names: string[];
  if (selected.length > 0) {
    names = parseNames(selected);
  } else if (env(vars, 'AI_MODEL_SYNC_PROVIDERS')) {
    names = parseNames([env(vars, 'AI_MODEL_SYNC_PROVIDERS')!]);
  } else {
    names = defaults;
  }
  names = [...new Set(names.flatMap((n) => (n === 'default' ? defaults : [n])))];

  const plan: Plan = { providers: [], skipped: [] };
  for (const name of names) {
    if (!NAME.test(name)) {
      throw new ConfigError(`"${name}" is not a valid provider name (lower-case letters, digits, - and _, starting with a letter)`);
    }
    const preset = byName.get(name) ?? customPreset(vars, name);
    const keyVar = preset.keyVars.find((v) => env(vars, v));
    const apiKey = keyVar ? env(vars, keyVar) : undefined;
    const rawBase = env(vars, preset.baseUrlVar);
    const baseUrl = checkBaseUrl(rawBase ?? preset.defaultBaseUrl, rawBase ? preset.baseUrlVar : `the ${name} preset`);
    if (!apiKey && preset.keyRequired) {
      plan.skipped.push({ name, reason: `${preset.keyVars.join(' or ')} ${preset.keyVars.length > 1 ? 'are' : 'is'} not set` });
      continue;
    }
    plan.providers.push({
      name,
      format: preset.format,
      baseUrl,
      apiKey,
      keyVar,
      nullListIsEmpty: preset.nullListIsEmpty ?? false,
    });
  }
  return plan;
}

function customPreset(vars: NodeJS.ProcessEnv, name: string): Preset {
  const prefix = envPrefix(name);
  const baseUrlVar = `${prefix}_BASE_URL`;
  if (!env(vars, baseUrlVar)) {
    throw new ConfigError(
      `unknown provider "${name}": set ${baseUrlVar} (and ${prefix}_API_KEY if it needs one) to add it as an OpenAI-compatible provider`,
      { cause: `known providers: ${presets.map((p) => p.name).join(', ')}` },
    );
  }
  return {
    name,
    format: 'openai',
    keyVars: [`${prefix}_API_KEY`],
    baseUrlVar,
    defaultBaseUrl: '',
    keyRequired: false,
    byDefault: false,
  };
}

/** Every configured key (for the redactor), whether or not its provider runs. */
export function configuredKeys(vars: NodeJS.ProcessEnv, plan: Plan): string[] {
  const keys = presets.flatMap((p) => p.keyVars.map((v) => env(vars, v)));
  return [...keys, ...plan.providers.map((p) => p.apiKey)].filter((k): k is string => !!k);
}

// ── Model filters (issue 15, docs/capabilities.md) ──
// AI_MODEL_SYNC_<PROVIDER>_INCLUDE / _EXCLUDE: globs on the id (* and ?), comma or space separated;
// AI_MODEL_SYNC_KINDS (every provider) or AI_MODEL_SYNC_<PROVIDER>_KINDS: the kinds to keep.
// The fetcher stores them in ai_model_sync.model_filters before applying, so CALL sync_ai_models() obeys them too.

/** The documented kinds (docs/capabilities.md); `unclassified` in a kinds filter keeps models of unknown kind. */
export const KINDS = ['chat', 'completion', 'embedding', 'image', 'moderation', 'realtime', 'rerank', 'speech', 'transcription', 'video'] as const;

/** One row of ai_model_sync.model_filters: a provider's filters, or the defaults of every provider (provider '*'). */
export interface ModelFilter {
  provider: string;
  include: string[] | null;
  exclude: string[] | null;
  kinds: string[] | null;
}

function globs(vars: NodeJS.ProcessEnv, name: string): string[] | null {
  const raw = env(vars, name);
  if (!raw) return null;
  const list = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  return list.length ? list : null;
}

function kinds(vars: NodeJS.ProcessEnv, name: string): string[] | null {
  const list = globs(vars, name)?.map((k) => k.toLowerCase()) ?? null;
  const bad = list?.filter((k) => k !== 'unclassified' && !(KINDS as readonly string[]).includes(k)) ?? [];
  if (bad.length) throw new ConfigError(`${name}: unknown kind ${bad.join(', ')} (known: ${KINDS.join(', ')}, unclassified)`);
  return list;
}

/**
 * The filters the environment sets for these providers, plus the row of every provider ('*', AI_MODEL_SYNC_KINDS).
 * A provider without any variable gets a row of nulls: storing it clears what an earlier run stored, so the stored
 * settings are always those of the last run's environment. Throws ConfigError for an unknown kind.
 */
export function modelFilters(vars: NodeJS.ProcessEnv, providers: readonly string[]): ModelFilter[] {
  const rows: ModelFilter[] = [{ provider: '*', include: null, exclude: null, kinds: kinds(vars, 'AI_MODEL_SYNC_KINDS') }];
  for (const provider of providers) {
    const prefix = `AI_MODEL_SYNC_${envPrefix(provider)}`;
    rows.push({
      provider,
      include: globs(vars, `${prefix}_INCLUDE`),
      exclude: globs(vars, `${prefix}_EXCLUDE`),
      kinds: kinds(vars, `${prefix}_KINDS`),
    });
  }
  return rows;
}
