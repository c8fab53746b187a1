// Catalog entries used by the sync tests: real prices, checked against the providers' pricing pages on 2026-11-25.
import type { Config } from './sync.ts';

export const gpt4o: Config = {
  input_token_cost_rate: 0.0000025, // 2.50 USD / 1M input tokens
  output_token_cost_rate: 0.00001, // 10.00 USD / 1M output tokens
  cache_read_input_token_cost_rate: 0.00000125,
  context_window_tokens: 128000,
  hard_cap_output_tokens: 16384,
  tokenization_strategy: { type: 'tiktoken', tiktoken_encoding_name: 'o200k_base', is_chatml_model: true, api_identifier_for_tokenization: 'gpt-4o' },
};

export const gpt4oMini: Config = {
  input_token_cost_rate: 0.00000015, // 0.15 USD / 1M
  output_token_cost_rate: 0.0000006, // 0.60 USD / 1M
  context_window_tokens: 128000,
  hard_cap_output_tokens: 16384,
  tokenization_strategy: { type: 'tiktoken', tiktoken_encoding_name: 'o200k_base', is_chatml_model: true, api_identifier_for_tokenization: 'gpt-4o-mini' },
};

export const claudeSonnet45: Config = {
  input_token_cost_rate: 0.000003, // 3 USD / 1M
  output_token_cost_rate: 0.000015, // 15 USD / 1M
  context_window_tokens: 200000,
  hard_cap_output_tokens: 64000,
};

export const gemini25Flash: Config = {
  input_token_cost_rate: 0.0000003, // 0.30 USD / 1M (text)
  output_token_cost_rate: 0.0000025, // 2.50 USD / 1M
  context_window_tokens: 1048576,
  hard_cap_output_tokens: 65536,
  tokenization_strategy: { type: 'google_gemini_tokenizer' },
};
