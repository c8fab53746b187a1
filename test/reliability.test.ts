// ai_models_check(): each invariant is reported when broken (so that the other reliability tests, which expect it
// empty after every scenario, would notice), and it is empty on a healthy catalog.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';
import { stage, violations, wireModel, type Violation } from './reliability-helpers.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
  await stage(db.sql, 'openai', ['gpt-a', 'gpt-b', 'gpt-c'].map((id) => wireModel('openai', { id, maxInput: 8000, maxOutput: 4000 })));
  await stage(db.sql, 'google', ['gemini-a', 'gemini-b'].map((id) => wireModel('google', { id, maxInput: 100000, maxOutput: 8192 })));
  await db.sql`call sync_ai_models()`;
});
after(() => db.drop());

class Rollback extends Error {}

/** Breaks the catalog inside a transaction, returns what ai_models_check() says, and rolls everything back. */
async function checkAfter(breakIt: (tx: TestDatabase['sql']) => Promise<unknown>): Promise<Violation[]> {
  let found: Violation[] = [];
  await db.sql
    .begin(async (tx) => {
      await breakIt(tx as unknown as TestDatabase['sql']);
      found = await violations(tx as unknown as TestDatabase['sql']);
      throw new Rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Rollback)) throw e;
    });
  return found;
}

const names = (v: Violation[]) => v.map((x) => `${x.invariant} ${x.provider}/${x.api_identifier ?? ''}`);

describe('ai_models_check()', () => {
  test('is empty on a catalog the sync just wrote', async () => {
    assert.deepEqual(await violations(db.sql), []);
  });

  test('duplicate_model: two rows for one provider and id (the unique constraint dropped)', async () => {
    const v = await checkAfter(async (tx) => {
      await tx`alter table ai_providers drop constraint ai_providers_provider_api_identifier_key`;
      await tx`insert into ai_providers (provider, api_identifier) values ('openai', 'gpt-a')`;
    });
    assert.deepEqual(names(v), ['duplicate_model openai/gpt-a']);
  });

  test('snapshot_missing: a synced row without its defaults_snapshot', async () => {
    const v = await checkAfter((tx) => tx`update ai_providers set defaults_snapshot = null where api_identifier = 'gpt-b'`);
    assert.deepEqual(names(v), ['snapshot_missing openai/gpt-b']);
    assert.match(v[0]!.detail, /defaults_snapshot NULL/);
  });

  test('config_invalid: invalid defaults, which the trigger lets through because config = defaults_snapshot', async () => {
    const v = await checkAfter(
      (tx) => tx`update ai_providers set config = '{"input_token_cost_rate": -1}', defaults_snapshot = '{"input_token_cost_rate": -1}'
                  where api_identifier = 'gemini-a'`,
    );
    assert.deepEqual(names(v), ['config_invalid google/gemini-a', 'config_invalid google/gemini-a']);
    assert.deepEqual(v.map((x) => x.detail.split(':')[0]).sort(), ['config', 'defaults_snapshot']);
    assert.match(v[0]!.detail, /input_token_cost_rate must be a non-negative number/);
  });

  test('config_invalid: an unknown tokenization strategy', async () => {
    const v = await checkAfter(
      (tx) => tx`update ai_providers set defaults_snapshot = defaults_snapshot || '{"tokenization_strategy": {"type": "magic"}}'
                  where api_identifier = 'gpt-c'`,
    );
    assert.deepEqual(names(v), ['config_invalid openai/gpt-c']);
    assert.match(v[0]!.detail, /^defaults_snapshot: tokenization_strategy.type must be one of/);
  });

  test('cap_above_max: hard_cap_output_tokens above provider_max_output_tokens', async () => {
    const v = await checkAfter(async (tx) => {
      // triggers off: what a bug in the sync's own writes could leave behind (a manual edit is rejected, see below)
      await tx`set local session_replication_role = replica`;
      await tx`update ai_providers set config = config || '{"hard_cap_output_tokens": 9000}',
                                       defaults_snapshot = config || '{"hard_cap_output_tokens": 9000}'
                where api_identifier = 'gpt-a'`;
    });
    assert.deepEqual(names(v), ['cap_above_max openai/gpt-a', 'cap_above_max openai/gpt-a']);
    assert.match(v[0]!.detail, /hard_cap_output_tokens 9000 > provider_max_output_tokens 4000/);
  });

  test('stale_pending_batch: a batch left pending although a later one was applied', async () => {
    const v = await checkAfter(
      (tx) => tx`insert into ai_model_fetches (provider, payload, fetched_at) values ('openai', '[]', now() - interval '1 day')`,
    );
    assert.deepEqual(names(v), ['stale_pending_batch openai/']);
  });

  test('batch_without_report: a settled batch that says nothing', async () => {
    const v = await checkAfter(
      (tx) => tx`insert into ai_model_fetches (provider, payload, status) values ('anthropic', '[]', 'superseded')`,
    );
    assert.deepEqual(names(v), ['batch_without_report anthropic/']);
  });

  test('listed_model_missing: a model of the newest applied list without a row', async () => {
    const v = await checkAfter((tx) => tx`delete from ai_providers where api_identifier = 'gemini-b'`);
    assert.deepEqual(names(v), ['listed_model_missing google/gemini-b']);
  });

  test('listed_model_deactivated: a model of the newest applied list that the sync marked unlisted', async () => {
    const v = await checkAfter(
      (tx) => tx`update ai_providers set is_listed = false, is_active = false where api_identifier = 'gpt-c'`,
    );
    assert.deepEqual(names(v), ['listed_model_deactivated openai/gpt-c']);
  });

  test('a model the newest list dropped, deactivated by the sync, is no violation', async () => {
    const v = await checkAfter(async (tx) => {
      await tx`select ai_models_apply_pending()`; // nothing pending: a no-op
      await tx`insert into ai_model_fetches (provider, payload) values ('google', ${tx.json([wireModel('google', { id: 'gemini-a' }), wireModel('google', { id: 'gemini-c' })] as never)})`;
      await tx`select ai_models_apply_pending()`;
      const [row] = await tx<{ is_active: boolean }[]>`select is_active from ai_providers where api_identifier = 'gemini-b'`;
      assert.equal(row?.is_active, false);
    });
    assert.deepEqual(v, []);
  });
});

describe('manual edits cannot leave the output cap above the provider maximum', () => {
  test('a manual hard_cap_output_tokens above provider_max_output_tokens is rejected with a clear error', async () => {
    await assert.rejects(
      db.sql`update ai_providers set config = config || '{"hard_cap_output_tokens": 999999}' where api_identifier = 'gpt-a'`,
      (e: Error & { code?: string; detail?: string; hint?: string }) => {
        assert.equal(e.code, '23514');
        assert.match(e.message, /openai\/gpt-a/);
        assert.match(e.message, /hard_cap_output_tokens 999999 .*provider_max_output_tokens 4000/);
        assert.ok(e.hint, 'a hint says what to do');
        return true;
      },
    );
    // a cap within the maximum is a normal manual edit
    await db.sql`update ai_providers set config = config || '{"hard_cap_output_tokens": 1000}' where api_identifier = 'gpt-a'`;
    assert.deepEqual(await violations(db.sql), []);
  });

  test('a write that sets both, the cap above the maximum, is rejected too', async () => {
    await assert.rejects(
      db.sql`update ai_providers set config = config || '{"provider_max_output_tokens": 10, "hard_cap_output_tokens": 20}'
              where api_identifier = 'gemini-a'`,
      /hard_cap_output_tokens 20 .*provider_max_output_tokens 10/,
    );
  });

  test('lowering provider_max_output_tokens by hand under the cap lowers the cap with it (SPEC 4.2), at once', async () => {
    const [before] = await db.sql<{ cap: number }[]>`select (config->>'hard_cap_output_tokens')::int as cap from ai_providers where api_identifier = 'gemini-b'`;
    assert.equal(before?.cap, 8192);
    await db.sql`update ai_providers set config = config || '{"provider_max_output_tokens": 1000}' where api_identifier = 'gemini-b'`;
    const [row] = await db.sql<{ cap: number; max: number }[]>`
      select (config->>'hard_cap_output_tokens')::int as cap, (config->>'provider_max_output_tokens')::int as max
        from ai_providers where api_identifier = 'gemini-b'`;
    assert.deepEqual(row, { cap: 1000, max: 1000 });
    assert.deepEqual(await violations(db.sql), []);
    // a cap below the new maximum is left alone
    await db.sql`update ai_providers set config = config || '{"provider_max_output_tokens": 900, "hard_cap_output_tokens": 500}' where api_identifier = 'gemini-b'`;
    await db.sql`update ai_providers set config = config || '{"provider_max_output_tokens": 800}' where api_identifier = 'gemini-b'`;
    const [after] = await db.sql<{ cap: number }[]>`select (config->>'hard_cap_output_tokens')::int as cap from ai_providers where api_identifier = 'gemini-b'`;
    assert.equal(after?.cap, 500);
  });
});
