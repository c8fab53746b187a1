// Migration 20261125060000 (found by make bench): staged_models() computes each field once and its helpers are
// inlined. Its results must be exactly those of the original definition, for well-formed and malformed entries.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createTestDatabase, projectRoot, type TestDatabase } from './helpers/db.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  // The definition of the core migration, installed under another name as the reference.
  const core = readFileSync(resolve(projectRoot, 'db/migrations/20261125010300_create_sync_ai_models.sql'), 'utf8');
  const start = core.indexOf('create function ai_model_sync.staged_models(');
  const end = core.indexOf('$$;', start) + 3;
  assert.ok(start >= 0 && end > start, 'the original staged_models() definition is in the core migration');
  await db.sql.unsafe(core.slice(start, end).replace('ai_model_sync.staged_models(', 'ai_model_sync.staged_models_reference('));
});
after(() => db.drop());

/** Rows of one function that the other lacks, both ways (multiset difference), and the row count. */
async function compare(provider: string, payload: unknown[]): Promise<{ differing: number; rows: number }> {
  const [row] = await db.sql<{ differing: number; rows: number }[]>`
    with a as (select * from ai_model_sync.staged_models(${provider}, ${db.sql.json(payload as never)})),
         b as (select * from ai_model_sync.staged_models_reference(${provider}, ${db.sql.json(payload as never)}))
    select (select count(*) from (select * from a except all select * from b) x)
         + (select count(*) from (select * from b except all select * from a) y) as differing,
           (select count(*) from a) as rows`;
  return row!;
}

const token = fc.oneof(
  fc.integer({ min: 0, max: 3_000_000 }),
  fc.constantFrom(0, -1, 1.5, 2e10, 10_000_000_001, null),
  fc.constantFrom('128000', 'many', true),
);
const price = fc.oneof(
  fc.double({ min: -2, max: 100, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('0.000003', '-1', '1e-6', '2.5', 'free', '', null, false),
);
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', 'a\u0001b', 'x'.repeat(300), 'models/gemini-x'), fc.integer(), fc.constant(null));
const id = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9.-]{0,20}$/), text);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Model objects of every shape the normaliser reads, well-formed or not, and a few that are not objects. */
const entry = fc.oneof(
  { weight: 8, arbitrary: fc.record(
    {
      id: optional(id),
      name: optional(id),
      display_name: optional(text),
      displayName: optional(text),
      description: optional(text),
      max_input_tokens: optional(token),
      max_tokens: optional(token),
      inputTokenLimit: optional(token),
      outputTokenLimit: optional(token),
      context_length: optional(token),
      max_context_length: optional(token),
      context_window: optional(token),
      max_model_len: optional(token),
      max_completion_tokens: optional(token),
      max_output_tokens: optional(token),
      top_provider: optional(fc.record({ context_length: optional(token), max_completion_tokens: optional(token) }, { requiredKeys: [] })),
      pricing: optional(fc.record(
        { prompt: optional(price), completion: optional(price), input: optional(price), output: optional(price), input_cache_read: optional(price), input_cache_write: optional(price) },
        { requiredKeys: [] },
      )),
      deprecated_at: optional(fc.oneof(text, fc.constant('2026-01-01T00:00:00Z'))),
      deprecation: optional(text),
      retires_at: optional(text),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 })) },
);

test('staged_models() returns exactly what the original definition returns, for any entry of any wire format', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('openai', 'anthropic', 'google', 'together', 'openrouter'), fc.array(entry, { maxLength: 12 }), async (provider, payload) => {
      // JSON has no undefined: drop absent keys the way the fetcher's JSON would
      const json = JSON.parse(JSON.stringify(payload)) as unknown[];
      const { differing, rows } = await compare(provider, json);
      assert.equal(rows, json.length, 'one row per entry');
      assert.equal(differing, 0, `results differ for ${provider}: ${JSON.stringify(json).slice(0, 500)}`);
    }),
    { numRuns: 300 },
  );
});

test('the reference comparison notices a difference (the check itself can fail)', async () => {
  const payload = [{ id: 'gpt-4o', context_length: 128000 }];
  const [row] = await db.sql<{ differing: number }[]>`
    with a as (select * from ai_model_sync.staged_models('openai', ${db.sql.json(payload)})),
         b as (select ord, api_identifier, name, description, max_input_tokens + 1 as max_input_tokens, max_output_tokens,
                      reported, entry, problem
                 from ai_model_sync.staged_models_reference('openai', ${db.sql.json(payload)}))
    select (select count(*) from (select * from a except all select * from b) x) as differing`;
  assert.equal(row!.differing, 1);
});

/** The SQL functions that a plan still calls (not inlined) among the hot-path helpers. */
async function calledHelpers(query: string): Promise<string[]> {
  const plan = await db.sql.unsafe<{ 'QUERY PLAN': string }[]>(`explain (verbose, costs off) ${query}`);
  const text = plan.map((r) => r['QUERY PLAN']).join('\n');
  return [...new Set(text.match(/ai_model_sync\.(token_field_problem|price_problem|token_count|price|model_defaults|payload_format|staged_models)\(/g) ?? [])];
}

test('the normaliser and the defaults are inlined into the merge: no per-entry SQL function call is left', async () => {
  // provider and payload as columns, the way apply_batch passes them (a literal would be constant-folded)
  const from = (fn: string) => `
    from (select 'openrouter'::text as provider,
                 '[{"id": "gpt-4o", "context_length": 128000, "pricing": {"prompt": "0.000003"}}]'::jsonb as payload offset 0) as b,
         ai_model_sync.${fn}(b.provider, b.payload) as s`;
  assert.deepEqual(await calledHelpers(`select s.* ${from('staged_models')}`), []);
  assert.deepEqual(
    await calledHelpers(
      `select ai_model_sync.model_defaults(b.provider, s.api_identifier, s.max_input_tokens, s.max_output_tokens, s.reported,
                                           '{"hard_cap_output_tokens": 100}'::jsonb) ${from('staged_models')}`,
    ),
    [],
  );
  // The original definition, by contrast, leaves the checks as calls: what the migration fixed.
  assert.notDeepEqual(await calledHelpers(`select s.* ${from('staged_models_reference')}`), []);
});
