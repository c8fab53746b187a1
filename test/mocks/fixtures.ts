// Model lists in each provider's real wire format (shapes from ../shared/provider-apis.md), for the mocks,
// plus generators of long synthetic lists for pagination tests and benchmarks.

export const openaiModels = (): Record<string, unknown>[] => [
  { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
  { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
  { id: 'gpt-4o-2024-08-06', object: 'model', created: 1722814719, owned_by: 'system' },
  { id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system' },
  { id: 'gpt-5', object: 'model', created: 1754425777, owned_by: 'system' },
  { id: 'o3', object: 'model', created: 1744225308, owned_by: 'system' },
  { id: 'text-embedding-3-small', object: 'model', created: 1705948997, owned_by: 'system' },
  { id: 'ft:gpt-4o-mini-2024-07-18:acme::AbC123', object: 'model', created: 1730000000, owned_by: 'org-acme' },
];

export const anthropicModels = (): Record<string, unknown>[] => [
  { type: 'model', id: 'claude-opus-4-6', display_name: 'Claude Opus 4.6', created_at: '2026-02-04T00:00:00Z', max_input_tokens: 1000000, max_tokens: 128000, lifecycle: 'active', deprecated_at: null, retires_at: null, line: 'opus', capabilities: {} },
  { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z', max_input_tokens: 200000, max_tokens: 64000, lifecycle: 'active', deprecated_at: null, retires_at: null, line: 'sonnet' },
  { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z', max_input_tokens: 200000, max_tokens: 64000, lifecycle: 'active', deprecated_at: null, retires_at: null, line: 'haiku' },
  { type: 'model', id: 'claude-opus-4-1-20250805', display_name: 'Claude Opus 4.1', created_at: '2025-08-05T00:00:00Z', max_input_tokens: 200000, max_tokens: 32000 },
  { type: 'model', id: 'claude-3-5-haiku-20241022', display_name: 'Claude Haiku 3.5', created_at: '2024-10-22T00:00:00Z', lifecycle: 'deprecated', deprecated_at: '2025-10-01T00:00:00Z', retires_at: '2026-02-19T00:00:00Z' },
];

const gemini = (id: string, displayName: string, input: number, output: number, extra: Record<string, unknown> = {}) => ({
  name: `models/${id}`,
  baseModelId: id,
  version: '001',
  displayName,
  description: `${displayName} (mock)`,
  inputTokenLimit: input,
  outputTokenLimit: output,
  supportedGenerationMethods: ['generateContent', 'countTokens'],
  temperature: 1,
  topP: 0.95,
  topK: 64,
  maxTemperature: 2,
  ...extra,
});

export const googleModels = (): Record<string, unknown>[] => [
  gemini('gemini-2.5-pro', 'Gemini 2.5 Pro', 1048576, 65536, { thinking: true }),
  gemini('gemini-2.5-flash', 'Gemini 2.5 Flash', 1048576, 65536, { thinking: true }),
  gemini('gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 1048576, 65536),
  gemini('gemini-2.0-flash', 'Gemini 2.0 Flash', 1048576, 8192),
  gemini('gemini-2.0-flash-lite', 'Gemini 2.0 Flash-Lite', 1048576, 8192),
  { name: 'models/gemini-embedding-001', version: '001', displayName: 'Gemini Embedding 001', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent', 'countTextTokens'] },
  { name: 'models/text-embedding-004', version: '004', displayName: 'Text Embedding 004', inputTokenLimit: 2048, outputTokenLimit: 1, supportedGenerationMethods: ['embedContent'] },
];

/** Together: a bare array, prices per 1M tokens. */
export const togetherModels = (): Record<string, unknown>[] => [
  { id: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', object: 'model', created: 1733443200, type: 'chat', display_name: 'Llama 3.3 70B Instruct Turbo', organization: 'Meta', context_length: 131072, pricing: { input: 0.88, output: 0.88, hourly: 0, base: 0, finetune: 0 } },
  { id: 'Qwen/Qwen2.5-72B-Instruct-Turbo', object: 'model', created: 1726617600, type: 'chat', display_name: 'Qwen2.5 72B Instruct Turbo', organization: 'Qwen', context_length: 32768, pricing: { input: 1.2, output: 1.2, hourly: 0, base: 0, finetune: 0 } },
];

/** OpenRouter: prices as decimal strings per token, limits in top_provider. */
export const openrouterModels = (): Record<string, unknown>[] => [
  { id: 'openai/gpt-4o-mini', name: 'OpenAI: GPT-4o-mini', created: 1721260800, description: 'GPT-4o mini.', context_length: 128000, pricing: { prompt: '0.00000015', completion: '0.0000006', input_cache_read: '0.000000075' }, top_provider: { context_length: 128000, max_completion_tokens: 16384, is_moderated: true } },
  { id: 'anthropic/claude-sonnet-4.5', name: 'Anthropic: Claude Sonnet 4.5', created: 1759104000, description: 'Claude Sonnet 4.5.', context_length: 1000000, pricing: { prompt: '0.000003', completion: '0.000015', input_cache_read: '0.0000003', input_cache_write: '0.00000375' }, top_provider: { context_length: 1000000, max_completion_tokens: 64000, is_moderated: false } },
];

export const groqModels = (): Record<string, unknown>[] => [
  { id: 'llama-3.3-70b-versatile', object: 'model', created: 1733447754, owned_by: 'Meta', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 32768 },
  { id: 'openai/gpt-oss-120b', object: 'model', created: 1754408224, owned_by: 'OpenAI', active: true, context_window: 131072, public_apps: null, max_completion_tokens: 65536 },
];

/** n synthetic models of a wire format, for long paginated lists. */
export function syntheticModels(format: 'openai' | 'anthropic' | 'google', n: number, prefix = 'synthetic'): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `${prefix}-${String(i + 1).padStart(4, '0')}`;
    if (format === 'anthropic') return { type: 'model', id: `claude-${id}`, display_name: `Claude ${id}`, created_at: '2026-01-01T00:00:00Z', max_input_tokens: 200000, max_tokens: 64000 };
    if (format === 'google') return { name: `models/gemini-${id}`, baseModelId: `gemini-${id}`, version: '001', displayName: `Gemini ${id}`, inputTokenLimit: 1048576, outputTokenLimit: 65536, supportedGenerationMethods: ['generateContent'] };
    return { id: `gpt-${id}`, object: 'model', created: 1700000000 + i, owned_by: 'system' };
  });
}
