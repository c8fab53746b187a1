// Hostile input, property-based (fast-check): random and malformed lists in the three wire formats (wrong types, huge
// strings, deep nesting, unicode and control characters in ids, SQL-looking ids, duplicate ids, 10 MB payloads) and
// manual edits with random JSON. Whatever comes in: every staged batch ends applied or failed with a message, a
// well-formed list is applied, the invariants hold, no row or manual edit is lost, nothing listed is deactivated, and
// the rows of every provider whose list did not apply never change.
//
// RELIABILITY_RUNS sets the number of rounds (each stages 10 lists and runs one CALL); RELIABILITY_SEED replays one.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Sql } from '../fetcher/db.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import {
  envCount,
  formatOf,
  listedButInactive,
  lostEdits,
  manualEdits,
  publish,
  rowsByKey,
  seedFromEnv,
  stage,
  violations,
  wireId,
  wireModel,
  type WireFormat,
} from './reliability-helpers.ts';

const RUNS = envCount('RELIABILITY_RUNS', 100);
const SEED = seedFromEnv();
const COMPAT = 8; // OpenAI-format providers per round: the sync applies one list per provider per CALL
const compatProviders = Array.from({ length: COMPAT }, (_, i) => `fuzz-${i}`);
const sentinels = ['openai', 'mistral']; // staged once, never again: their rows must never change
process.stderr.write(`property: RELIABILITY_SEED=${SEED}, RELIABILITY_RUNS=${RUNS}\n`);

// ---------------------------------------------------------------------------------------------------------------
// Arbitraries

const SQL_IDS = [
  `'; drop table ai_providers; --`,
  `x' or '1'='1`,
  `$$; select pg_sleep(10); $$`,
  `"; delete from ai_model_fetches; --`,
  `\\'`,
  `%s%s%n%x`,
  `null`,
  `NULL`,
  `' || (select current_user) || '`,
  `); truncate ai_providers cascade; --`,
  `{"id": "nested"}`,
  `models/`,
  `*/ select 1 /*`,
];
const UNICODE_IDS = [
  '模型-大-2026',
  'émoji-🚀-v2',
  'מודל-עברית',
  'a\u200db',
  'ｆｕｌｌｗｉｄｔｈ',
  'e\u0301', // e + combining acute: not normalised, distinct from é
  'é',
  'İstanbul',
  'ß-model',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u202eevil-rtl',
  '👩‍👩‍👧‍👦-family',
];
const POOL = Array.from({ length: 24 }, (_, i) => `pool-model-${i}`); // ids that come back round after round
const CONTROL = ['\u0001', '\n', '\t', '\r', '\u001f', '\u007f', '\u0085', '\u009f', '\u0000'];

/** Ids a well-formed list may carry: anything but control characters, non-empty, at most 255 code points. */
const goodId = (s: string) => s.length > 0 && [...s].length <= 255 && !/[\p{Cc}\p{Cs}\u2028\u2029]/u.test(s);
// Mostly ids that come back (so that lists merge into existing rows), some new ones of every kind: the table grows
// slowly enough that thousands of rounds stay quick.
const cleanId = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...POOL) },
  { weight: 4, arbitrary: fc.constantFrom(...SQL_IDS, ...UNICODE_IDS) },
  { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9.:/-]{0,40}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter(goodId) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 200, maxLength: 255 }).filter(goodId) },
);
const tokenLimit = fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined });
const decimalPrice = fc.oneof(
  fc.integer({ min: 0, max: 100_000 }).map((n) => String(n / 1e9)),
  fc.double({ min: 0, max: 1, noNaN: true, noDefaultInfinity: true }),
  fc.constant('-1'), // OpenRouter: the price varies
  fc.constant('0'),
);
const extras = fc.dictionary(
  fc.string({ maxLength: 12 }).map((k) => `x_${k}`),
  fc.jsonValue({ maxDepth: 3 }),
  { maxKeys: 3 },
);

interface Listed {
  /** what the list says */
  spec: { id: string; name?: string; maxIn?: number; maxOut?: number; description?: string };
  obj: Record<string, unknown>;
}

function cleanModel(format: WireFormat): fc.Arbitrary<Listed> {
  return fc
    .record({
      id: cleanId,
      name: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: undefined }),
      maxIn: tokenLimit,
      maxOut: tokenLimit,
      description: fc.option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: undefined }),
      pricing: fc.option(
        fc.oneof(
          fc.record({ prompt: decimalPrice, completion: decimalPrice }), // OpenRouter: USD per token
          fc.record({ input: fc.integer({ min: 0, max: 100 }), output: fc.integer({ min: 0, max: 100 }) }), // Together: per 1M
        ),
        { nil: undefined },
      ),
      extras,
    })
    .map((r) => {
      const base = wireModel(format, { id: r.id, name: r.name, maxInput: r.maxIn, maxOutput: r.maxOut });
      const obj: Record<string, unknown> = { ...r.extras, ...base };
      if (r.description !== undefined) obj.description = r.description;
      if (format === 'openai' && r.pricing) obj.pricing = r.pricing;
      return { spec: r, obj };
    });
}

/** One malformed entry, or a well-formed one with one malformed field. */
function hostileModel(format: WireFormat): fc.Arbitrary<unknown> {
  const idField = format === 'google' ? 'name' : 'id';
  const withField = (field: string, value: fc.Arbitrary<unknown>) =>
    fc.tuple(cleanModel(format), value).map(([m, v]) => ({ ...m.obj, [field]: v }));
  const inField = format === 'anthropic' ? 'max_input_tokens' : format === 'google' ? 'inputTokenLimit' : 'context_length';
  const outField = format === 'anthropic' ? 'max_tokens' : format === 'google' ? 'outputTokenLimit' : 'max_completion_tokens';
  const nested = fc.integer({ min: 1, max: 400 }).map((depth) => {
    let v: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) v = i % 2 ? [v] : { deeper: v };
    return v;
  });
  return fc.oneof(
    // the id: wrong types, missing, empty, too long, control characters
    withField(idField, fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.object({ maxDepth: 1 }), fc.array(fc.string(), { maxLength: 2 }))),
    cleanModel(format).map((m) => Object.fromEntries(Object.entries(m.obj).filter(([k]) => k !== idField))),
    withField(idField, fc.constant(format === 'google' ? 'models/' : '')),
    withField(idField, fc.integer({ min: 256, max: 5000 }).map((n) => 'l'.repeat(n))),
    withField(
      idField,
      fc.tuple(cleanId, fc.constantFrom(...CONTROL), fc.nat()).map(([id, c, at]) => {
        const cut = at % (id.length + 1);
        return `${format === 'google' ? 'models/' : ''}${id.slice(0, cut)}${c}${id.slice(cut)}`;
      }),
    ),
    // limits: wrong types, negative, fractional, absurd
    withField(inField, fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.integer({ min: -1e9, max: -1 }), fc.constantFrom(1.5, 1e11, 1e300, -0), fc.boolean(), fc.object({ maxDepth: 1 }))),
    withField(outField, fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.constantFrom(-1, 0.5, 2e10), fc.array(fc.integer(), { maxLength: 2 }))),
    // prices: wrong types, garbage, numbers numeric cannot hold
    withField('pricing', fc.oneof(
      fc.record({ prompt: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('1e999999', '-', '1,5', ' 1'), fc.boolean(), fc.object({ maxDepth: 1 })), completion: decimalPrice }),
      fc.string({ maxLength: 6 }),
      fc.array(fc.integer(), { maxLength: 2 }),
    )),
    // huge strings and deep nesting in fields the sync stores or ignores
    withField('description', fc.integer({ min: 10_000, max: 200_000 }).map((n) => `🦄${'d'.repeat(n)}`)),
    withField(format === 'google' ? 'displayName' : format === 'anthropic' ? 'display_name' : 'name', fc.oneof(fc.integer(), fc.array(fc.string()), fc.integer({ min: 5_000, max: 50_000 }).map((n) => 'n'.repeat(n)))),
    withField('x_nested', nested),
    // strings the database cannot store: NUL, lone surrogates (rejected when staged)
    withField('description', fc.string({ unit: 'binary', maxLength: 12 })),
    // not an object at all
    fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.boolean()),
  );
}

interface Payload {
  provider: string;
  clean: boolean;
  payload: unknown;
}

function payloadFor(provider: string): fc.Arbitrary<Payload> {
  const format = formatOf(provider);
  const apiId = (m: Listed) => wireId(format, m.obj)!;
  const cleanList = fc.uniqueArray(cleanModel(format), { selector: apiId, maxLength: 20 });
  const hostileList = fc
    .tuple(cleanList, fc.array(fc.tuple(hostileModel(format), fc.nat()), { minLength: 1, maxLength: 3 }))
    .map(([good, bad]) => {
      const list: unknown[] = good.map((m) => m.obj);
      for (const [entry, at] of bad) list.splice(at % (list.length + 1), 0, entry);
      return list;
    });
  const duplicated = fc
    .tuple(fc.uniqueArray(cleanModel(format), { selector: apiId, minLength: 1, maxLength: 10 }), fc.nat(), fc.boolean())
    .map(([good, at, samePrefix]) => {
      const list: unknown[] = good.map((m) => m.obj);
      const twin = { ...good[at % good.length]!.obj };
      // Google: models/x and x are the same model once the prefix is dropped
      if (format === 'google' && !samePrefix) twin.name = String(twin.name).replace(/^models\//, '');
      list.push(twin);
      return list;
    });
  const notAList = fc.oneof(
    fc.record({ object: fc.constant('list'), data: cleanList.map((l) => l.map((m) => m.obj)) }), // the envelope, not the list
    fc.jsonValue({ maxDepth: 2 }).filter((v) => !Array.isArray(v)),
    fc.constantFrom({}, null, 'models', 0, true),
  );
  return fc.oneof(
    { weight: 6, arbitrary: cleanList.map((l) => ({ provider, clean: true, payload: l.map((m) => m.obj) })) },
    { weight: 6, arbitrary: hostileList.map((payload) => ({ provider, clean: false, payload })) },
    { weight: 2, arbitrary: duplicated.map((payload) => ({ provider, clean: false, payload })) },
    { weight: 1, arbitrary: notAList.map((payload) => ({ provider, clean: false, payload })) },
  );
}

const KNOWN_KEYS = [
  'input_token_cost_rate',
  'output_token_cost_rate',
  'cache_read_input_token_cost_rate',
  'context_window_tokens',
  'hard_cap_output_tokens',
  'tokenization_strategy',
  'provider_max_input_tokens',
  'provider_max_output_tokens',
  'x_custom_note',
  'x_tokens',
  'y_cost_rate',
];
type ManualEdit =
  | { target: number; kind: 'patch'; key: string; value: unknown }
  | { target: number; kind: 'replace'; value: unknown }
  | { target: number; kind: 'name' | 'description'; value: string | null };
const editValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1.5, 1e-7, 2 ** 53, 1e300, '0.000001', { type: 'tiktoken' }, { type: 'none' }, { type: 'tiktoken', tiktoken_encoding_name: 'o200k_base' }),
  fc.integer({ min: 1, max: 10_000_000 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const manualEdit: fc.Arbitrary<ManualEdit> = fc.oneof(
  fc.record({ target: fc.nat(), kind: fc.constant('patch' as const), key: fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.string({ maxLength: 10 })), value: editValue }),
  fc.record({ target: fc.nat(), kind: fc.constant('replace' as const), value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.constantFrom(...KNOWN_KEYS), editValue, { maxKeys: 4 })) }),
  fc.record({ target: fc.nat(), kind: fc.constantFrom('name' as const, 'description' as const), value: fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: null }) }),
);

const round = fc.record({
  payloads: fc.tuple(payloadFor('anthropic'), payloadFor('google'), ...compatProviders.map(payloadFor)),
  edits: fc.array(manualEdit, { maxLength: 5 }),
  force: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

// ---------------------------------------------------------------------------------------------------------------
// The checks shared by the random rounds and the 10 MB payloads

interface Tally {
  rounds: number;
  payloads: number;
  hostile: number;
  applied: number;
  failed: number;
  rejectedAtStaging: number;
  edits: number;
  editsRejected: number;
  rowsLost: number;
  editsLost: number;
  wrongful: number;
  errors: Map<string, number>; // kinds of failure messages seen, for the docs
}
const tally: Tally = {
  rounds: 0, payloads: 0, hostile: 0, applied: 0, failed: 0, rejectedAtStaging: 0, edits: 0, editsRejected: 0,
  rowsLost: 0, editsLost: 0, wrongful: 0, errors: new Map(),
};

type PgError = Error & { code?: string; detail?: string };

/** A manual edit with random JSON: the database accepts it, or refuses it with a data or integrity error and a message. */
async function applyEdit(sql: Sql, e: ManualEdit): Promise<void> {
  const rows = await sql<{ id: string }[]>`
    select id::text from ai_providers where provider = any(${['anthropic', 'google', ...compatProviders]}) order by id`;
  if (rows.length === 0) return;
  const id = rows[e.target % rows.length]!.id;
  tally.edits += 1;
  try {
    if (e.kind === 'patch') await sql`update ai_providers set config = config || jsonb_build_object(${e.key}::text, ${sql.json(e.value as never)}::jsonb) where id = ${id}`;
    else if (e.kind === 'replace') await sql`update ai_providers set config = ${sql.json(e.value as never)} where id = ${id}`;
    else if (e.kind === 'name') await sql`update ai_providers set name = ${e.value} where id = ${id}`;
    else await sql`update ai_providers set description = ${e.value} where id = ${id}`;
  } catch (error) {
    const err = error as PgError;
    tally.editsRejected += 1;
    assert.ok(err.code && /^(22|23)/.test(err.code), `a refused edit is a data or integrity error, got ${err.code}: ${err.message}`);
    assert.ok(err.message.trim().length > 0);
    if (err.code === '23514') assert.ok(err.message.includes('invalid config for model'), err.message);
  }
}

/** Stages a payload; the only refusals allowed are the database's own, for text it cannot store (NUL, lone
 * surrogates) or nesting deeper than its parser goes, and for a missing payload. */
async function stageOrRefuse(sql: Sql, p: Payload): Promise<number | undefined> {
  try {
    return await stage(sql, p.provider, p.payload);
  } catch (error) {
    const err = error as PgError;
    assert.ok(!p.clean, `a well-formed list must stage: ${err.message}`);
    // postgres.js sends a JSON null as SQL NULL: the NOT NULL constraint refuses it
    const expected = p.payload === null ? ['23502'] : ['22P05', '22P02', '22021', '54001'];
    assert.ok(expected.includes(err.code ?? ''), `refused at staging with ${err.code}: ${err.message}`);
    tally.rejectedAtStaging += 1;
    return undefined;
  }
}

const errorKind = (message: string) =>
  message
    .split('\n')[0]!
    .replace(/^\S+ batch \d+: model \d+ of \d+ (\(.*?\) )?/s, '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 90);

/** Stages the payloads, runs one CALL and checks every property. */
async function syncAndCheck(sql: Sql, payloads: Payload[], force: boolean): Promise<void> {
  const before = await rowsByKey(sql);
  const editsBefore = await manualEdits(sql);
  const staged: { p: Payload; id: number }[] = [];
  for (const p of payloads) {
    tally.payloads += 1;
    if (!p.clean) tally.hostile += 1;
    const id = await stageOrRefuse(sql, p);
    if (id !== undefined) staged.push({ p, id });
  }
  await sql`call sync_ai_models(force => ${force})`;

  const settled = new Map(
    (await sql<{ id: number; provider: string; status: string; error: string | null; report: Record<string, unknown> | null }[]>`
      select id, provider, status, error, report from ai_model_fetches where id = any(${staged.map((s) => s.id)})`).map((b) => [b.id, b]),
  );
  const appliedProviders = new Set<string>();
  for (const { p, id } of staged) {
    const b = settled.get(id)!;
    assert.ok(b.status === 'applied' || b.status === 'failed', `batch ${id} of ${p.provider} ended ${b.status}`);
    assert.equal(b.report?.provider, p.provider);
    if (b.status === 'failed') {
      tally.failed += 1;
      assert.ok(!p.clean, `a well-formed list of ${p.provider} failed: ${b.error}`);
      assert.ok((b.error ?? '').trim().length > 0 && String(b.report?.error ?? '').trim().length > 0, 'a failed batch says why');
      const kind = errorKind(b.error!);
      tally.errors.set(kind, (tally.errors.get(kind) ?? 0) + 1);
    } else {
      tally.applied += 1;
      appliedProviders.add(p.provider);
      assert.equal(b.report?.models, (p.payload as unknown[]).length, 'the report counts every listed model');
    }
  }

  const now = await rowsByKey(sql);
  // the sync deletes nothing
  const lostRows = [...before.keys()].filter((k) => !now.has(k));
  tally.rowsLost += lostRows.length;
  assert.deepEqual(lostRows, [], 'no row disappears');
  // a provider whose list did not apply keeps its rows exactly (ids, timestamps and all)
  const touched = [...now].filter(([k, r]) => !appliedProviders.has(r.provider) && before.get(k)?.text !== r.text).map(([k]) => k);
  assert.deepEqual(touched, [], 'rows of providers without an applied list are unchanged');
  // every model of an applied list is there, active, under exactly the id the provider sent
  for (const { p, id } of staged) {
    if (settled.get(id)!.status !== 'applied') continue;
    for (const obj of p.payload as unknown[]) {
      const apiId = wireId(formatOf(p.provider), obj)!;
      assert.ok(now.has(`${p.provider}/${apiId}`), `${p.provider}/${JSON.stringify(apiId)} is stored under its exact id`);
    }
  }
  const { missing, inactive } = await listedButInactive(sql);
  tally.rowsLost += missing.length;
  tally.wrongful += inactive.length;
  assert.deepEqual([...missing, ...inactive], [], 'nothing listed is missing or inactive');
  const lost = await lostEdits(sql, editsBefore);
  tally.editsLost += lost.length;
  assert.deepEqual(lost, [], 'no manual edit lost');
  assert.deepEqual(await violations(sql), []);
}

// ---------------------------------------------------------------------------------------------------------------

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  for (const p of sentinels) {
    await stage(db.sql, p, Array.from({ length: 30 }, (_, i) => wireModel('openai', { id: `${p}-steady-${i}`, maxInput: 128_000, maxOutput: 16_384 })));
  }
  await db.sql`call sync_ai_models()`;
});
after(() => db.drop());

describe('hostile input', () => {
  test(`${RUNS} rounds of random lists (10 per CALL, three wire formats) and random manual edits`, async () => {
    const sentinelRows = await rowsByKey(db.sql, 'openai');
    await fc.assert(
      fc.asyncProperty(round, async (r) => {
        for (const e of r.edits) await applyEdit(db.sql, e);
        await syncAndCheck(db.sql, r.payloads, r.force);
        tally.rounds += 1;
        if (tally.rounds % 50 === 0) {
          const [n] = await db.sql<{ rows: number }[]>`select count(*)::int as rows from ai_providers`;
          process.stderr.write(`property: ${tally.rounds} rounds, ${n!.rows} rows\n`);
        }
      }),
      // the database carries state from run to run, so shrinking would replay against another state: report as is
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    assert.deepEqual(await rowsByKey(db.sql, 'openai'), sentinelRows, 'a provider never staged again never changes');
  });

  test('10 MB payloads: a huge description, a huge list, a huge id, a huge ignored field; deep nesting', async () => {
    const tenMB = 10 * 1024 * 1024;
    const big: Payload[] = [
      { provider: 'google', clean: true, payload: [{ ...wireModel('google', { id: 'gemini-huge', maxInput: 1_000_000 }), description: `📜${'g'.repeat(tenMB)}` }] },
      {
        provider: 'fuzz-0',
        clean: true,
        payload: Array.from({ length: 5_000 }, (_, i) => ({ ...wireModel('openai', { id: `bulk-${i}`, maxInput: 4_096 + i }), description: `ü${'b'.repeat(2_100)}` })),
      },
      { provider: 'anthropic', clean: false, payload: [wireModel('anthropic', { id: `claude-${'x'.repeat(tenMB)}` })] },
      { provider: 'fuzz-1', clean: true, payload: [{ ...wireModel('openai', { id: 'wide' }), x_blob: Array.from({ length: 1_200_000 }, (_, i) => `v${i}`) }] },
    ];
    for (const p of big) assert.ok(JSON.stringify(p.payload).length >= tenMB, `${p.provider}'s payload is 10 MB or more`);
    await syncAndCheck(db.sql, big, false);
    const [row] = await db.sql<{ n: number }[]>`select length(description) as n from ai_providers where provider = 'google' and api_identifier = 'gemini-huge'`;
    assert.equal(row?.n, tenMB + 1, 'the 10 MB description is stored whole');
    const [failed] = await db.sql<{ error: string }[]>`select error from ai_model_fetches where provider = 'anthropic' order by id desc limit 1`;
    assert.match(failed!.error, /longer than 255 characters/);
    assert.ok(failed!.error.length < 2_000, 'the error quotes the culprit, not 10 MB of it');

    // nesting as deep as the JSON parser allows: refused when staged (stack depth) or staged and ignored
    for (const depth of [1_000, 100_000]) {
      const raw = `[{"id": "deep-${depth}", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}]`;
      try {
        await db.sql`insert into ai_model_fetches (provider, payload) values ('fuzz-2', ${raw}::jsonb)`;
      } catch (error) {
        assert.equal((error as PgError).code, '54001', String(error));
        tally.rejectedAtStaging += 1;
      }
      tally.payloads += 1;
      tally.hostile += 1;
    }
    await db.sql`call sync_ai_models()`;
    const states = await db.sql<{ status: string }[]>`select status from ai_model_fetches where provider = 'fuzz-2' and status = 'pending'`;
    assert.equal(states.length, 0);
    assert.deepEqual(await violations(db.sql), []);
  });

  test('numbers and text JSON allows but PostgreSQL numerics or the sync may not: each batch applies or fails with a message', async () => {
    // raw JSON text: values JavaScript cannot even represent
    const raws = [
      `[{"id": "big-number", "context_length": 1e400}]`,
      `[{"id": "tiny-price", "pricing": {"prompt": 1e-400, "completion": "0"}}]`,
      `[{"id": "huge-price", "pricing": {"prompt": "1e999999", "completion": "0"}}]`,
      `[{"id": "neg-zero", "context_length": -0, "max_completion_tokens": 0}]`,
      `[{"id": "exp", "context_length": 1E+5}]`,
    ];
    const provider = (i: number) => compatProviders[i % compatProviders.length]!;
    const ids: number[] = [];
    for (const [i, raw] of raws.entries()) {
      const [r] = await db.sql<{ id: number }[]>`insert into ai_model_fetches (provider, payload) values (${provider(i)}, ${raw}::jsonb) returning id`;
      ids.push(r!.id);
    }
    await db.sql`call sync_ai_models()`;
    const rows = await db.sql<{ id: number; status: string; error: string | null }[]>`
      select id, status, error from ai_model_fetches where id = any(${ids}) order by id`;
    for (const r of rows) {
      assert.ok(r.status === 'applied' || (r.status === 'failed' && (r.error ?? '').length > 0), `batch ${r.id}: ${r.status} ${r.error}`);
      if (r.status === 'failed') tally.errors.set(errorKind(r.error!), (tally.errors.get(errorKind(r.error!)) ?? 0) + 1);
    }
    tally.payloads += raws.length;
    tally.hostile += raws.length;
    tally.failed += rows.filter((r) => r.status === 'failed').length;
    tally.applied += rows.filter((r) => r.status === 'applied').length;
    assert.deepEqual(await violations(db.sql), []);
  });

  after(() => {
    process.stderr.write(
      `property: ${tally.payloads} payloads (${tally.hostile} hostile): ${tally.applied} applied, ${tally.failed} failed, ` +
        `${tally.rejectedAtStaging} refused at staging; ${tally.edits} random manual edits, ${tally.editsRejected} refused\n`,
    );
    for (const [kind, n] of [...tally.errors].sort((a, b) => b[1] - a[1]).slice(0, 15)) process.stderr.write(`property:   ${n} x ${kind}\n`);
    publish({
      scenario: `hostile input: ${tally.payloads} random/malformed lists in 3 wire formats + 10 MB payloads, ${tally.edits} random manual edits`,
      runs: tally.rounds,
      faults: tally.hostile + tally.edits,
      rowsLost: tally.rowsLost,
      editsLost: tally.editsLost,
      wrongfulDeactivations: tally.wrongful,
    });
  });
});
