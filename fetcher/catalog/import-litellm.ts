// Imports a LiteLLM cost map (model_prices_and_context_window.json) as the catalog's 'imported' tier,
// which sits between the built-in entries and the admin's own.
//   node --import tsx fetcher/catalog/import-litellm.ts FILE [--quiet]
// The import replaces the previous one: imported rows of the supported providers that the new file no
// longer has are deleted. Built-in and admin rows are never touched.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { connect, type Sql } from '../db.ts';
import { formatLoadError, formatReport, type LoadReport } from './report.ts';

/** LiteLLM's `litellm_provider` -> our provider name. Everything else is skipped (and counted). */
export const LITELLM_PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  'text-completion-openai': 'openai',
  anthropic: 'anthropic',
  gemini: 'google', // the Gemini Developer API; vertex_ai-* are Google Cloud prices and ids, not ours
  mistral: 'mistral',
  codestral: 'mistral',
  groq: 'groq',
  deepseek: 'deepseek',
  xai: 'xai',
  together_ai: 'together',
  fireworks_ai: 'fireworks',
  openrouter: 'openrouter',
  ollama: 'ollama',
};

/** Every provider an import may write to: an import replaces all imported rows of these providers. */
export const IMPORT_PROVIDERS = [...new Set(Object.values(LITELLM_PROVIDERS))].sort();

/** LiteLLM modes that price text tokens of the kinds the catalog covers. */
export const LITELLM_MODES = new Set(['chat', 'responses', 'completion', 'embedding']);

/** Plain per-token keys: LiteLLM name -> config key. */
const RATE_KEYS: Readonly<Record<string, string>> = {
  input_cost_per_token: 'input_token_cost_rate',
  output_cost_per_token: 'output_token_cost_rate',
  cache_read_input_token_cost: 'cache_read_input_token_cost_rate',
  cache_creation_input_token_cost: 'cache_write_input_token_cost_rate',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h_input_token_cost_rate',
  input_cost_per_audio_token: 'input_audio_token_cost_rate',
  output_cost_per_audio_token: 'output_audio_token_cost_rate',
};

/** Tiered keys, e.g. input_cost_per_token_above_200k_tokens -> long_context_input_token_cost_rate at 200000. */
const TIERED = /^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$/;
const TIERED_KEYS: Readonly<Record<string, string>> = {
  input_cost_per_token: 'long_context_input_token_cost_rate',
  output_cost_per_token: 'long_context_output_token_cost_rate',
  cache_read_input_token_cost: 'long_context_cache_read_input_token_cost_rate',
  cache_creation_input_token_cost: 'long_context_cache_write_input_token_cost_rate',
};

export interface ImportedEntry {
  provider: string;
  model: string;
  match: 'exact';
  config: Record<string, unknown>;
  source_url: string | null;
  checked_on: null;
  notes: string;
  file: string;
}

export interface Conversion {
  entries: ImportedEntry[];
  /** Keys of the file that were not imported, by reason. */
  skipped: { unsupported_provider: number; unsupported_mode: number; no_price: number; sample_spec: number };
  skippedProviders: Record<string, number>;
}

/** Converts a parsed LiteLLM cost map into catalog entries (match 'exact'). Values are passed on as they
 * are: a negative, non-numeric or per-1M price is rejected by the database with the key named. */
export function convertLiteLLM(map: unknown, file: string): Conversion {
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new Error(`${file}: a LiteLLM cost map is a JSON object keyed by model name`);
  }
  const out: Conversion = {
    entries: [],
    skipped: { unsupported_provider: 0, unsupported_mode: 0, no_price: 0, sample_spec: 0 },
    skippedProviders: {},
  };
  const seen = new Map<string, string>();
  for (const [key, raw] of Object.entries(map as Record<string, unknown>)) {
    if (key === 'sample_spec') {
      out.skipped.sample_spec++;
      continue;
    }
    const spec = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const litellmProvider = typeof spec.litellm_provider === 'string' ? spec.litellm_provider : '';
    const provider = LITELLM_PROVIDERS[litellmProvider];
    if (!provider) {
      out.skipped.unsupported_provider++;
      out.skippedProviders[litellmProvider || '(none)'] = (out.skippedProviders[litellmProvider || '(none)'] ?? 0) + 1;
      continue;
    }
    const mode = typeof spec.mode === 'string' ? spec.mode : 'chat';
    if (!LITELLM_MODES.has(mode)) {
      out.skipped.unsupported_mode++;
      continue;
    }
    const config: Record<string, unknown> = {};
    let threshold: number | undefined;
    for (const [k, v] of Object.entries(spec)) {
      if (v === null || v === undefined) continue;
      const plain = RATE_KEYS[k];
      if (plain) {
        config[plain] = v;
        continue;
      }
      const tier = TIERED.exec(k);
      if (tier) {
        const t = Number(tier[2]) * 1000;
        // Several thresholds on one model cannot be expressed with one long-context tier: keep the lowest.
        if (threshold === undefined || t < threshold) {
          for (const key of Object.keys(config)) if (key.startsWith('long_context_')) delete config[key];
          threshold = t;
        }
        if (t === threshold) config[TIERED_KEYS[tier[1]!]!] = v;
      }
    }
    if (threshold !== undefined) config.long_context_threshold_tokens = threshold;
    if (!Object.keys(config).some((k) => k.endsWith('_cost_rate'))) {
      out.skipped.no_price++;
      continue;
    }
    if (spec.max_input_tokens != null) config.context_window_tokens = spec.max_input_tokens;
    if (spec.max_output_tokens != null) config.hard_cap_output_tokens = spec.max_output_tokens;
    const model = stripPrefix(key, litellmProvider, provider);
    // Keys like "gpt-4o" and "openai/gpt-4o" can both exist: the first one wins, the other is noted.
    if (seen.has(`${provider}/${model}`)) continue;
    seen.set(`${provider}/${model}`, key);
    out.entries.push({
      provider,
      model,
      match: 'exact',
      config,
      source_url: typeof spec.source === 'string' && /^https?:\/\//.test(spec.source) ? spec.source : null,
      checked_on: null,
      notes: `imported from a LiteLLM cost map (key "${key}", mode ${mode})`,
      file,
    });
  }
  return out;
}

/** "gemini/gemini-2.5-pro" -> "gemini-2.5-pro"; "together_ai/meta-llama/X" -> "meta-llama/X". */
function stripPrefix(key: string, litellmProvider: string, provider: string): string {
  for (const prefix of [`${litellmProvider}/`, `${provider}/`]) {
    if (key.startsWith(prefix)) return key.slice(prefix.length);
  }
  return key;
}

export interface ImportReport extends LoadReport {
  skipped: Conversion['skipped'];
  skipped_providers: Record<string, number>;
}

/** Converts and loads `text` (the file's content) as tier 'imported', in one transaction. */
export async function importLiteLLM(sql: Sql, text: string, file: string): Promise<ImportReport> {
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const conversion = convertLiteLLM(map, file);
  const report = (await sql.begin(async (tx) => {
    const [row] = await tx`
      select ai_model_sync.load_catalog('imported', ${tx.json(conversion.entries as never)}::jsonb, ${file}, ${IMPORT_PROVIDERS}::text[]) as report`;
    return row!.report;
  })) as LoadReport;
  return { ...report, skipped: conversion.skipped, skipped_providers: conversion.skippedProviders };
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('usage: import-litellm.ts FILE   (a LiteLLM model_prices_and_context_window.json)\n');
    return 2;
  }
  const sql = connect(undefined, { max: 1, applicationName: 'ai-model-sync catalog-import' });
  try {
    const report = await importLiteLLM(sql, readFileSync(file, 'utf8'), file);
    process.stdout.write(formatReport(report, { verbose: !argv.includes('--quiet') }) + '\n');
    const s = report.skipped;
    process.stdout.write(
      `  skipped: ${s.unsupported_provider} of unsupported providers, ${s.unsupported_mode} of unsupported modes ` +
        `(images, speech, rerank...), ${s.no_price} without a token price\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`catalog-import: ${formatLoadError(error)}\n`);
    return 1;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
