// Preloaded into the fetcher CLI by the benchmark (node --import ./bench/max-rss.ts fetcher/cli.ts):
// when the process exits, writes its peak resident set size (getrusage ru_maxrss) to $BENCH_MAX_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAX_RSS_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}
