// countTokens: known token counts for known strings. The tiktoken counts below are the ones OpenAI publishes in its
// cookbook ("How to count tokens with tiktoken", which prints each example's tokens per encoding); the rest follow
// from how BPE vocabularies treat common English words (" hello" and " world" are single tokens).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countTokens, TokenCountError, type TokenizationStrategy } from '../fetcher/tokens.ts';

const tiktoken = (name: string): TokenizationStrategy => ({ type: 'tiktoken', tiktoken_encoding_name: name, is_chatml_model: true });

describe('tiktoken', () => {
  test('"hello world" is 2 tokens in cl100k_base and o200k_base', async () => {
    assert.equal(await countTokens('hello world', tiktoken('cl100k_base')), 2);
    assert.equal(await countTokens('hello world', tiktoken('o200k_base')), 2);
  });

  test("the cookbook's examples: counts differ by encoding", async () => {
    // "tiktoken is great!" -> t|ik|token| is| great|!  (cl100k_base [83, 1609, 5963, 374, 2294, 0])
    assert.equal(await countTokens('tiktoken is great!', tiktoken('cl100k_base')), 6);
    // antidisestablishmentarianism: r50k_base 5 tokens, cl100k_base 6, o200k_base 6
    assert.equal(await countTokens('antidisestablishmentarianism', tiktoken('r50k_base')), 5);
    assert.equal(await countTokens('antidisestablishmentarianism', tiktoken('cl100k_base')), 6);
    assert.equal(await countTokens('antidisestablishmentarianism', tiktoken('o200k_base')), 6);
    // "2 + 2 = 4": r50k_base 5 tokens, cl100k_base 7 (digits and spaces split: 2| +| |2| =| |4)
    assert.equal(await countTokens('2 + 2 = 4', tiktoken('r50k_base')), 5);
    assert.equal(await countTokens('2 + 2 = 4', tiktoken('cl100k_base')), 7);
    // "お誕生日おめでとう": r50k_base 14 tokens, cl100k_base 9, o200k_base 8
    assert.equal(await countTokens('お誕生日おめでとう', tiktoken('r50k_base')), 14);
    assert.equal(await countTokens('お誕生日おめでとう', tiktoken('cl100k_base')), 9);
    assert.equal(await countTokens('お誕生日おめでとう', tiktoken('o200k_base')), 8);
  });

  test('repeating a phrase adds its tokens: hello| world| hello| world| hello| world', async () => {
    const text = 'hello world hello world hello world';
    assert.equal(await countTokens(text, tiktoken('cl100k_base')), 6);
    assert.equal(await countTokens(text, tiktoken('o200k_base')), 6);
  });

  test('the empty string is 0 tokens', async () => {
    assert.equal(await countTokens('', tiktoken('o200k_base')), 0);
  });

  test('special-token strings count as ordinary text instead of throwing', async () => {
    // "<|endoftext|>" is one special token, but a user's text containing it is text: more than one token
    const n = await countTokens('<|endoftext|>', tiktoken('cl100k_base'));
    assert.ok(n > 1, `expected the literal text to be split into several tokens, got ${n}`);
  });

  test('the encoding follows api_identifier_for_tokenization when no encoding name is given', async () => {
    // gpt-4o uses o200k_base, gpt-4 cl100k_base: the cookbook's Japanese example tells them apart (8 vs 9)
    assert.equal(await countTokens('お誕生日おめでとう', { type: 'tiktoken', api_identifier_for_tokenization: 'gpt-4o' }), 8);
    assert.equal(await countTokens('お誕生日おめでとう', { type: 'tiktoken', api_identifier_for_tokenization: 'gpt-4' }), 9);
  });

  test('an unknown encoding or model is a clear error', async () => {
    await assert.rejects(countTokens('x', tiktoken('o300k_base')), (e: unknown) => {
      assert.ok(e instanceof TokenCountError);
      assert.match(e.message, /unknown tiktoken encoding "o300k_base".*o200k_base/);
      return true;
    });
    await assert.rejects(countTokens('x', { type: 'tiktoken', api_identifier_for_tokenization: 'not-a-model' }), /does not know the encoding of model "not-a-model"/);
    await assert.rejects(countTokens('x', { type: 'tiktoken' }), /needs tiktoken_encoding_name/);
  });
});

describe('rough_char_count', () => {
  test('ceil(characters / ratio)', async () => {
    assert.equal(await countTokens('hello world', { type: 'rough_char_count', chars_per_token_ratio: 4 }), 3); // 11/4
    assert.equal(await countTokens('abcdefgh', { type: 'rough_char_count', chars_per_token_ratio: 4 }), 2); // 8/4
    assert.equal(await countTokens('abcdefghi', { type: 'rough_char_count', chars_per_token_ratio: 3.5 }), 3); // 9/3.5
    assert.equal(await countTokens('', { type: 'rough_char_count', chars_per_token_ratio: 4 }), 0);
  });

  test('characters are code points, not UTF-16 units', async () => {
    // two emoji are four UTF-16 code units but two characters
    assert.equal(await countTokens('👍👍', { type: 'rough_char_count', chars_per_token_ratio: 1 }), 2);
  });

  test('a missing or non-positive ratio is a clear error', async () => {
    for (const ratio of [0, -2, Number.NaN, undefined]) {
      await assert.rejects(
        countTokens('x', { type: 'rough_char_count', chars_per_token_ratio: ratio as number }),
        /rough_char_count needs a positive chars_per_token_ratio/,
      );
    }
  });
});

describe('strategies that cannot count locally', () => {
  test("anthropic_tokenizer points to Anthropic's count-tokens API", async () => {
    await assert.rejects(countTokens('x', { type: 'anthropic_tokenizer', model: 'claude-sonnet-4-5' }), (e: unknown) => {
      assert.ok(e instanceof TokenCountError);
      assert.equal(e.strategyType, 'anthropic_tokenizer');
      assert.match(e.message, /claude-sonnet-4-5.*Anthropic's API.*count_tokens/);
      return true;
    });
  });

  test("google_gemini_tokenizer points to Google's countTokens", async () => {
    await assert.rejects(countTokens('x', { type: 'google_gemini_tokenizer' }), (e: unknown) => {
      assert.ok(e instanceof TokenCountError);
      assert.equal(e.strategyType, 'google_gemini_tokenizer');
      assert.match(e.message, /Google's API \(models\.countTokens/);
      return true;
    });
  });

  test('none says the model has no strategy', async () => {
    await assert.rejects(countTokens('x', { type: 'none' }), /no tokenization strategy \(type none\)/);
  });

  test('a missing or unknown strategy is a clear error', async () => {
    await assert.rejects(countTokens('x', null), /not a tokenization strategy: null/);
    await assert.rejects(countTokens('x', { type: 'sentencepiece' } as unknown as TokenizationStrategy), /unknown tokenization strategy type "sentencepiece"/);
  });
});
