// Smoke run of `make bench` at N = 100 so that the benchmark code cannot rot: the figures have their shape and
// the correctness checks hold (the no-op writes nothing, the row-by-row port ends with the sync's table).
// Timings are never asserted.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { allLists, catalogEntries, modelSpecs, PROVIDERS, split } from '../bench/generate.ts';
import { catalogConfig, mergeConfig, modelDefaults, normalise, versionBase, type CatalogRow } from '../bench/row-by-row.ts';
import { defaultOptions, renderJson, renderTable, runBench, type BenchResult } from '../bench/run.ts';
import { combineRuns, tableDifferences, type Row } from '../bench/scenario.ts';
import { projectRoot } from './helpers/db.ts';

const fetcherPresent = existsSync(resolve(projectRoot, 'test/mocks/index.ts')) && existsSync(resolve(projectRoot, 'fetcher/fetch.ts'));

test('the generated lists: unique ids per provider, the three wire formats, known and unknown ids, 1% churn', () => {
  const lists = allLists(3_000);
  for (const l of lists) {
    const ids = l.first.map((m) => (l.provider === 'google' ? String(m.name).replace(/^models\//, '') : String(m.id)));
    assert.equal(new Set(ids).size, ids.length, `${l.provider}: ids are unique`);
    assert.equal(ids.length, split(3_000)[l.provider]);
    const churnIds = l.churn.map((m) => (l.provider === 'google' ? String(m.name).replace(/^models\//, '') : String(m.id)));
    assert.equal(new Set(churnIds).size, churnIds.length, `${l.provider}: churn ids are unique`);
    assert.equal(l.gone.length, 10);
    assert.equal(l.added.length, 10);
    assert.ok(l.gone.every((g) => ids.includes(g) && !churnIds.includes(g)));
    assert.ok(l.added.every((a) => !ids.includes(a) && churnIds.includes(a)));
    assert.ok(l.overridden.every((o) => ids.includes(o) && !l.gone.includes(o)));
  }
  const [openai, anthropic, google] = lists;
  assert.deepEqual(Object.keys(openai!.first[20]!).sort(), ['created', 'id', 'object', 'owned_by']);
  assert.deepEqual(Object.keys(anthropic!.first[20]!).sort(), ['created_at', 'display_name', 'id', 'max_input_tokens', 'max_tokens', 'type']);
  assert.match(String(google!.first[20]!.name), /^models\//);
  assert.equal(typeof google!.first[20]!.inputTokenLimit, 'number');

  // a share of the ids is priced by the catalog (exact or family), the rest unknown
  const entries = catalogEntries();
  for (const provider of PROVIDERS) {
    const specs = modelSpecs(provider, 1_000);
    const rows = new Map<string, Map<string, CatalogRow>>();
    for (const e of entries.filter((x) => x.provider === provider)) {
      if (!rows.has(e.tier)) rows.set(e.tier, new Map());
      rows.get(e.tier)!.set(e.model, { model: e.model, match: e.match, tier: e.tier, config: e.config as never });
    }
    const priced = specs.filter((s) => catalogConfig(rows, s.id).catalog?.input_token_cost_rate !== undefined).length;
    assert.ok(priced > 500 && priced < 700, `${provider}: ${priced} of 1000 priced by the catalog`);
  }
});

test('the row-by-row port: version_base, catalog precedence, defaults and the three-way merge', () => {
  assert.equal(versionBase('gpt-4o-2024-08-06'), 'gpt-4o');
  assert.equal(versionBase('claude-sonnet-4-5-20250929'), 'claude-sonnet-4-5');
  assert.equal(versionBase('gpt-5.5'), 'gpt-5.5');
  const byTier = new Map([
    ['builtin', new Map<string, CatalogRow>([['gpt-4o', { model: 'gpt-4o', match: 'family', tier: 'builtin', config: { input_token_cost_rate: 1, output_token_cost_rate: 2 } }]])],
    ['admin', new Map<string, CatalogRow>([['gpt-4o-2024-08-06', { model: 'gpt-4o-2024-08-06', match: 'exact', tier: 'admin', config: { input_token_cost_rate: 3 } }]])],
  ]);
  assert.deepEqual(catalogConfig(byTier, 'gpt-4o-2024-08-06'), {
    catalog: { input_token_cost_rate: 1, output_token_cost_rate: 2 },
    admin: { input_token_cost_rate: 3 },
  });
  assert.deepEqual(catalogConfig(byTier, 'gpt-4o-mini'), { catalog: null, admin: null }, 'a family rule respects id boundaries');
  // the layers: catalog < prices the provider reports < admin tier
  const reported = normalise('openrouter', { id: 'x', pricing: { prompt: '0.5', completion: '0.7' } });
  assert.deepEqual(
    modelDefaults('openrouter', reported, { catalog: { input_token_cost_rate: 1, output_token_cost_rate: 2 }, admin: { output_token_cost_rate: 9 } }),
    { tokenization_strategy: { type: 'rough_char_count', chars_per_token_ratio: 4 }, input_token_cost_rate: 0.5, output_token_cost_rate: 9 },
  );

  const m = normalise('google', { name: 'models/gemini-x', displayName: 'Gemini X', inputTokenLimit: 1000, outputTokenLimit: 100 });
  assert.deepEqual(modelDefaults('google', m, { catalog: { hard_cap_output_tokens: 500, input_token_cost_rate: 1 }, admin: null }), {
    tokenization_strategy: { type: 'google_gemini_tokenizer' },
    input_token_cost_rate: 1,
    provider_max_input_tokens: 1000,
    provider_max_output_tokens: 100,
    context_window_tokens: 1000,
    hard_cap_output_tokens: 100,
  });
  // manual override kept, untouched key follows, provider maximum is a fact, the cap never exceeds it
  const merged = mergeConfig(
    { input_token_cost_rate: 9, output_token_cost_rate: 2, provider_max_output_tokens: 7, hard_cap_output_tokens: 900, mine: 'x' },
    { input_token_cost_rate: 1, output_token_cost_rate: 2, provider_max_output_tokens: 1000, hard_cap_output_tokens: 1000 },
    { input_token_cost_rate: 1, output_token_cost_rate: 3, provider_max_output_tokens: 800, hard_cap_output_tokens: 800 },
  );
  assert.deepEqual(merged.config, { input_token_cost_rate: 9, output_token_cost_rate: 3, provider_max_output_tokens: 800, hard_cap_output_tokens: 800, mine: 'x' });
});

test('the table comparison finds a row that differs and a row that is missing', () => {
  const row = (id: string, config: unknown): Row => ({
    provider: 'openai', api_identifier: id, name: id, description: null, is_active: true, is_listed: true,
    config, defaults_snapshot: config, name_snapshot: id, description_snapshot: null,
  });
  assert.equal(tableDifferences([row('a', { x: 1 })], [row('a', { x: 1 })]).count, 0);
  assert.equal(tableDifferences([row('a', { x: 1 })], [row('a', { x: 2 })]).count, 1);
  assert.equal(tableDifferences([row('a', { x: 1 })], [row('a', { x: 1 }), row('b', {})]).count, 1);
});

test('several runs combine: durations by median, counts by maximum, flags only if always true', () => {
  assert.deepEqual(
    combineRuns([
      { a_ms: 3, rows: 0, ok: true, list: ['x'], nested: { b_ms: 10 } },
      { a_ms: 1, rows: 2, ok: false, list: ['y'], nested: { b_ms: 30 } },
      { a_ms: 2, rows: 0, ok: true, list: ['x'], nested: { b_ms: 20 } },
    ]),
    { a_ms: 2, rows: 2, ok: false, list: ['x', 'y'], nested: { b_ms: 20 } },
  );
});

let result: BenchResult;
test('a benchmark run at N = 100: figures, checks and output', async () => {
  result = await runBench({
    ...defaultOptions,
    sizes: [100],
    rowByRow: [100],
    repeat: 2,
    rssModels: 300,
    fetchModels: 40,
    fetchPageSize: 10,
    fetchLatencyMs: 5,
  });
  assert.equal(result.repeat, 2);
  const [size] = result.sizes;
  assert.equal((size as { samples?: { first_sync_ms: number[] } }).samples?.first_sync_ms.length, 2, 'one sample per run');
  const s = size!.sync;
  for (const k of ['stage_ms', 'floor_ms', 'floor_write_only_ms', 'first_sync_ms', 'noop_sync_ms', 'churn_sync_ms'] as const) {
    assert.ok(Number.isFinite(s[k]) && s[k] > 0, `${k} is a duration`);
  }
  assert.equal(s.first.inserted, 100);
  assert.equal(s.noop_rows_written, 0, 'the no-op re-sync writes no row');
  assert.equal(s.noop_row_versions_changed, 0, 'no row gets a new version');
  assert.equal(typeof s.noop_fast_path, 'boolean');
  assert.equal(s.noop_full_rows_written, 0, 'the full merge of an unchanged list writes no row either');
  assert.deepEqual(s.noop_reports_differing, [], 'a no-op settled without a merge reports what the merge reports');
  const lists = allLists(100);
  const gone = lists.reduce((n, l) => n + l.gone.length, 0);
  const added = lists.reduce((n, l) => n + l.added.length, 0);
  assert.equal(s.churn.inserted, added);
  assert.equal(s.churn.deactivated, gone);
  assert.ok(s.churn.updated >= 3, 'the repriced family members are updated');
  assert.equal(s.churn.rows_written, s.churn.inserted + s.churn.updated + s.churn.deactivated, 'the counters see every write');
  assert.equal(s.churn.overrides, lists.reduce((n, l) => n + l.overridden.length, 0), 'each manual edit is reported as an override');

  const [rbr] = result.row_by_row;
  assert.equal(rbr!.n, 100);
  assert.equal(rbr!.final_tables_equal, true, 'row-by-row ends with the same table as the sync');
  assert.equal(size!.rowByRow!.noop_rows_written, 0);
  assert.ok(rbr!.statements >= 100 + 3 * 2 * 2 + added + gone, 'one round trip per written row');
  assert.equal(result.noop_rows_written, 0);
  assert.equal(result.speedup_vs_row_by_row_10k, null, 'no 10k run here');

  if (fetcherPresent) {
    assert.equal(typeof result.fetch, 'object', String(result.fetch));
    assert.equal(typeof result.rss, 'object', String(result.rss));
    if (typeof result.fetch === 'object') {
      assert.equal(result.fetch.pages.anthropic, 4, '40 models, 10 per page');
      assert.ok(result.fetch.fetch_vs_slowest > 0);
    }
    if (typeof result.rss === 'object') assert.ok(result.rss.peak_rss_mb > 10 && result.rss.baseline_rss_mb > 10);
  } else {
    assert.match(String(result.fetch), /^not measured: /);
    assert.equal(result.fetch_vs_slowest, null);
  }
});

test('the output: a table with the targets, then one line of JSON with the ratios', () => {
  const table = renderTable(result);
  assert.match(table, /first sync: CALL sync_ai_models\(\), ms/);
  assert.match(table, /no-op writes 0 rows: 0 — met/);
  const lines = renderJson(result).trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const json = JSON.parse(lines[0]!) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json).slice(0, 6), [
    'first_sync_vs_floor', 'noop_rows_written', 'noop_vs_first', 'speedup_vs_row_by_row_10k', 'fetch_vs_slowest', 'peak_rss_mb_100k',
  ]);
  assert.equal(typeof json.first_sync_vs_floor, 'number');
  assert.equal(json.noop_rows_written, 0);
  assert.equal(json.peak_rss_mb_100k, null, 'only a 100k run reports it');
});
