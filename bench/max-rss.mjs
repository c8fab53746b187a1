// Preloaded by the benchmark into every node process of the `make stage` run it measures
// (NODE_OPTIONS=--import=…/bench/max-rss.mjs): at exit, each process appends one line to $BENCH_MAX_RSS_FILE with
// its main script, its peak resident set size (getrusage ru_maxrss) and its lifetime, so that the benchmark can
// pick the fetcher's own figures out of make's and with-db's. Plain JavaScript: the fetcher runs under plain node
// (dist/), which cannot load TypeScript.
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const line = { script: process.argv[1] ?? '', maxRssKb: process.resourceUsage().maxRSS, ms: Math.round(performance.now()) };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
