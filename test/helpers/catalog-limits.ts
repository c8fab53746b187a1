// Which catalog entries must carry limits, and the few that cannot yet: shared by the catalog data test and the
// real-lists test. Every exemption is explained per id in docs/catalog-coverage.md (the data test checks that).

/** Providers whose list reports no limits (shared/provider-apis.md): the catalog is the only source of them. */
export const noLimitListProviders = ['openai', 'deepseek', 'xai'];

/** Embedding models: a context window, no output. */
export const isEmbedding = (model: string): boolean => /(^|[-/_.])embed|embedding/.test(model);

export type LimitKey = 'context_window_tokens' | 'hard_cap_output_tokens';

const xaiNoCap =
  'xAI documents no maximum output apart from the context window (Grok 4.6 page: "No text output limit"; Grok 4.7: no fixed ' +
  'output limit); for Grok 2 / 3 LiteLLM (131,072) and models.dev (8,192) disagree';

/** provider/model -> the limit keys that stay unset, and why (no documented value that two sources agree on). */
export const limitExemptions: Record<string, { keys: LimitKey[]; why: string }> = {
  'openai/gpt-3.5-turbo-0613': { keys: ['context_window_tokens', 'hard_cap_output_tokens'], why: 'shut down; LiteLLM 4,097 vs OpenAI 4,096 context, no second source for the output' },
  'openai/gpt-3.5-turbo-16k': { keys: ['hard_cap_output_tokens'], why: 'only LiteLLM gives 4,096' },
  'openai/gpt-3.5-turbo-instruct': { keys: ['context_window_tokens', 'hard_cap_output_tokens'], why: 'LiteLLM 8,192 / 4,096, genai-prices 16,385: no two agree' },
  'openai/gpt-5-chat-latest': { keys: ['hard_cap_output_tokens'], why: 'LiteLLM 16,384 vs models.dev 128,000' },
  'openai/gpt-realtime': { keys: ['hard_cap_output_tokens'], why: 'only LiteLLM gives 4,096' },
  'openai/gpt-realtime-mini': { keys: ['context_window_tokens', 'hard_cap_output_tokens'], why: 'only LiteLLM (128,000 / 4,096; Maxim copies it)' },
  'xai/grok-2-1212': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-3': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-3-mini': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-3-mini-fast': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.20': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.20-0309-reasoning': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.20-reasoning': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.5': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.6': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-4.7': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
  'xai/grok-build-0.1': { keys: ['hard_cap_output_tokens'], why: xaiNoCap },
};

/** The limit keys an entry of a no-limit-list provider must carry. */
export const requiredLimits = (model: string): LimitKey[] =>
  isEmbedding(model) ? ['context_window_tokens'] : ['context_window_tokens', 'hard_cap_output_tokens'];

/** The id without one trailing version suffix: a copy of ai_model_sync.version_base(), checked against it. */
export const versionBase = (id: string): string => id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest)$/, '');
