// `make bench`, price sources (issue 13): the three public price tables at their real sizes (the snapshots of
// ../shared/real-price-tables, served by a local server with ETag / Last-Modified) through the sync: the first
// run (fetched, staged, applied), an unchanged hourly re-run (conditional GETs answered 304: nothing staged), and
// the bytes staged per day of hourly syncs. Progress on stderr, one line of JSON on stdout.
//   node --import tsx bench/price-sources.ts
import { pathToFileURL } from 'node:url';
import { connect } from '../fetcher/db.ts';
import { createProgress } from '../fetcher/progress.ts';
import { syncOnce } from '../fetcher/sync.ts';
import { createTestDatabase } from '../test/helpers/db.ts';
import { real } from '../test/helpers/prices.ts';
import { startPriceMock } from '../test/mocks/prices.ts';

export interface PriceSourceFigures {
  bytes_served: number;
  first_run_ms: number;
  first_run_bytes_staged: number;
  unchanged_run_ms: number;
  unchanged_run_bytes_staged: number;
  unchanged_run_rows_written: number;
  bytes_staged_per_day_hourly_unchanged: number;
}

export async function measurePriceSources(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Promise<PriceSourceFigures> {
  const prices = await startPriceMock();
  const db = await createTestDatabase();
  const sql = connect(db.url, { max: 1 });
  try {
    const docs = { '/litellm.json': real('litellm'), '/api.json': real('models.dev'), '/data.json': real('genai-prices') };
    for (const [path, body] of Object.entries(docs)) prices.docs.set(path, { body });
    const env = {
      AI_MODEL_SYNC_PRICE_SOURCES: 'litellm,models.dev,genai-prices',
      AI_MODEL_SYNC_LITELLM_URL: prices.url('/litellm.json'),
      AI_MODEL_SYNC_MODELS_DEV_URL: prices.url('/api.json'),
      AI_MODEL_SYNC_GENAI_PRICES_URL: prices.url('/data.json'),
    };
    const run = async () => {
      const t0 = performance.now();
      const result = await syncOnce({
        env, providers: [], mode: 'sync', force: false, catalog: true,
        databaseUrl: async () => db.url, progress: createProgress(process.stderr, false),
      });
      if (result.summary.exit_code !== 0) throw new Error(`the price-source run exited ${result.summary.exit_code}`);
      return performance.now() - t0;
    };
    const staged = async () =>
      Number((await sql<{ bytes: string }[]>`select coalesce(sum(octet_length(payload::text)), 0)::text as bytes from ai_price_fetches`)[0]!.bytes);
    const written = async () =>
      Number((await sql<{ n: string }[]>`
        select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as n from pg_stat_user_tables
         where schemaname in ('public', 'ai_model_sync')`)[0]!.n);

    log('bench: price sources: first run (fetch, stage, apply the three real tables)...');
    const firstMs = await run();
    const firstBytes = await staged();
    await sql`select pg_stat_force_next_flush()`;
    const before = await written();
    log('bench: price sources: an unchanged hourly re-run...');
    const againMs = await run();
    await sql`select pg_stat_force_next_flush()`;
    const rows = (await written()) - before;
    const againBytes = (await staged()) - firstBytes;
    return {
      bytes_served: Object.values(docs).reduce((n, d) => n + Buffer.byteLength(d), 0),
      first_run_ms: Math.round(firstMs),
      first_run_bytes_staged: firstBytes,
      unchanged_run_ms: Math.round(againMs),
      unchanged_run_bytes_staged: againBytes,
      unchanged_run_rows_written: rows,
      bytes_staged_per_day_hourly_unchanged: againBytes * 24,
    };
  } finally {
    await sql.end({ timeout: 5 });
    await db.drop();
    await prices.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  measurePriceSources().then(
    (figures) => {
      process.stdout.write(`${JSON.stringify(figures)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`bench: price sources: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
