// Counting the tokens of a text the way a model's config says to (`config.tokenization_strategy`, SPEC 3.2):
//   const strategy = row.config.tokenization_strategy;       // from ai_providers / ai_models_active
//   const n = await countTokens('some prompt', strategy);
// tiktoken encodings come from js-tiktoken, which ships OpenAI's published ranks; each encoding's ranks are
// loaded on first use and its encoder is cached for the life of the process.
import { getEncodingNameForModel, Tiktoken, type TiktokenBPE, type TiktokenEncoding, type TiktokenModel } from 'js-tiktoken/lite';

export type TokenizationStrategy =
  | {
      type: 'tiktoken';
      tiktoken_encoding_name?: string;
      /** Chat models frame each message with a few extra tokens; countTokens counts plain text only. */
      is_chatml_model?: boolean;
      /** Used to pick the encoding when tiktoken_encoding_name is absent (gpt-4o -> o200k_base). */
      api_identifier_for_tokenization?: string;
    }
  | { type: 'rough_char_count'; chars_per_token_ratio: number }
  | { type: 'anthropic_tokenizer'; model?: string }
  | { type: 'google_gemini_tokenizer' }
  | { type: 'none' };

/** The encodings whose ranks js-tiktoken ships. */
export const tiktokenEncodings = ['o200k_base', 'cl100k_base', 'p50k_base', 'p50k_edit', 'r50k_base', 'gpt2'] as const;

/**
 * Thrown when a strategy cannot be counted locally (anthropic_tokenizer, google_gemini_tokenizer, none) or is
 * malformed. `strategyType` says which strategy; the message says what to do instead.
 */
export class TokenCountError extends Error {
  override name = 'TokenCountError';
  constructor(
    message: string,
    readonly strategyType: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

const encoders = new Map<TiktokenEncoding, Promise<Tiktoken>>();

/** The cached encoder of a tiktoken encoding, loading its ranks on first use. */
export function tiktokenEncoder(encoding: string): Promise<Tiktoken> {
  if (!(tiktokenEncodings as readonly string[]).includes(encoding)) {
    return Promise.reject(
      new TokenCountError(
        `unknown tiktoken encoding "${encoding}"; known encodings: ${tiktokenEncodings.join(', ')}`,
        'tiktoken',
      ),
    );
  }
  const name = encoding as TiktokenEncoding;
  let encoder = encoders.get(name);
  if (!encoder) {
    encoder = import(`js-tiktoken/ranks/${name}`).then(
      (module: { default: TiktokenBPE }) => new Tiktoken(module.default),
      (cause: unknown) => {
        encoders.delete(name);
        throw new Error(`could not load the ranks of tiktoken encoding ${name} (js-tiktoken/ranks/${name})`, { cause });
      },
    );
    encoders.set(name, encoder);
  }
  return encoder;
}

function encodingFor(strategy: Extract<TokenizationStrategy, { type: 'tiktoken' }>): string {
  if (typeof strategy.tiktoken_encoding_name === 'string' && strategy.tiktoken_encoding_name !== '') {
    return strategy.tiktoken_encoding_name;
  }
  const model = strategy.api_identifier_for_tokenization;
  if (typeof model === 'string' && model !== '') {
    try {
      return getEncodingNameForModel(model as TiktokenModel);
    } catch (cause) {
      throw new TokenCountError(
        `tiktoken does not know the encoding of model "${model}"; set tiktoken_encoding_name (o200k_base, cl100k_base, ...)`,
        'tiktoken',
        { cause },
      );
    }
  }
  throw new TokenCountError(
    'a tiktoken strategy needs tiktoken_encoding_name (o200k_base, cl100k_base, ...) or api_identifier_for_tokenization',
    'tiktoken',
  );
}

/**
 * The number of tokens of `text` under a model's tokenization strategy.
 * - tiktoken: the BPE token count of the text as plain text (special-token strings such as <|endoftext|> count
 *   as ordinary text, like tiktoken's encode_ordinary); no chat-message framing is added.
 * - rough_char_count: ceil(characters / chars_per_token_ratio), characters being Unicode code points.
 * - anthropic_tokenizer, google_gemini_tokenizer: TokenCountError, these need the provider's count-tokens API.
 * - none: TokenCountError, the model has no known way to count tokens.
 */
export async function countTokens(text: string, strategy: TokenizationStrategy | null | undefined): Promise<number> {
  if (typeof text !== 'string') throw new TypeError(`countTokens needs a string, got ${typeof text}`);
  if (strategy === null || typeof strategy !== 'object' || typeof strategy.type !== 'string') {
    throw new TokenCountError(
      `not a tokenization strategy: ${JSON.stringify(strategy) ?? String(strategy)} (expected an object with a "type", see config.tokenization_strategy)`,
      'invalid',
    );
  }
  switch (strategy.type) {
    case 'tiktoken': {
      const encoder = await tiktokenEncoder(encodingFor(strategy));
      return encoder.encode(text, [], []).length;
    }
    case 'rough_char_count': {
      const ratio = strategy.chars_per_token_ratio;
      if (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio <= 0) {
        throw new TokenCountError(
          `rough_char_count needs a positive chars_per_token_ratio, got ${JSON.stringify(ratio)}`,
          'rough_char_count',
        );
      }
      let characters = 0;
      for (const _ of text) characters += 1;
      return Math.ceil(characters / ratio);
    }
    case 'anthropic_tokenizer':
      throw new TokenCountError(
        `tokens of ${strategy.model ?? 'Anthropic models'} can only be counted by Anthropic's API ` +
          '(POST /v1/messages/count_tokens, client.messages.countTokens in @anthropic-ai/sdk); no local tokenizer is published',
        'anthropic_tokenizer',
      );
    case 'google_gemini_tokenizer':
      throw new TokenCountError(
        "tokens of Gemini models can only be counted by Google's API (models.countTokens, ai.models.countTokens in " +
          '@google/genai); no local tokenizer is published',
        'google_gemini_tokenizer',
      );
    case 'none':
      throw new TokenCountError(
        'this model has no tokenization strategy (type none): set config.tokenization_strategy to count its tokens',
        'none',
      );
    default: {
      const type: string = (strategy as { type: string }).type;
      throw new TokenCountError(
        `unknown tokenization strategy type "${type}"; known: tiktoken, rough_char_count, anthropic_tokenizer, google_gemini_tokenizer, none`,
        type,
      );
    }
  }
}
