// Runs the OpenAI, Anthropic and Google mocks standalone until interrupted, and prints the environment that points
// the fetcher at them (shell syntax, on stdout). For trying `make sync` without real keys and for benchmarks:
//   node --import tsx test/mocks/serve.ts [--page-size 2] [--latency 50] [--synthetic 500] > /tmp/mock.env &
//   set -a; . /tmp/mock.env; set +a; make sync
import { parseArgs } from 'node:util';
import { anthropicModels, googleModels, openaiModels, syntheticModels } from './fixtures.ts';
import { startAnthropicMock } from './anthropic.ts';
import { startGoogleMock } from './google.ts';
import { startOpenAIMock } from './openai.ts';

const { values } = parseArgs({
  options: {
    'page-size': { type: 'string', default: '2' },
    latency: { type: 'string', default: '0' },
    synthetic: { type: 'string', default: '0' },
  },
});
const pageSize = Number(values['page-size']);
const latencyMs = Number(values.latency);
const synthetic = Number(values.synthetic);
const keys = {
  openai: process.env.MOCK_OPENAI_KEY ?? 'fake-mock-openai-key-0001',
  anthropic: process.env.MOCK_ANTHROPIC_KEY ?? 'fake-ant-mock-key-0001',
  google: process.env.MOCK_GOOGLE_KEY ?? 'AIza-mock-google-key-0001',
};
const extra = (format: 'openai' | 'anthropic' | 'google') => (synthetic > 0 ? syntheticModels(format, synthetic) : []);

const servers = await Promise.all([
  startOpenAIMock({ models: [...openaiModels(), ...extra('openai')], key: keys.openai, latencyMs }),
  startAnthropicMock({ models: [...anthropicModels(), ...extra('anthropic')], key: keys.anthropic, pageSize, latencyMs }),
  startGoogleMock({ models: [...googleModels(), ...extra('google')], key: keys.google, pageSize, latencyMs }),
]);
const [openai, anthropic, google] = servers;
process.stdout.write(
  [
    `OPENAI_API_KEY=${keys.openai}`,
    `OPENAI_BASE_URL=${openai.baseUrl}`,
    `ANTHROPIC_API_KEY=${keys.anthropic}`,
    `ANTHROPIC_BASE_URL=${anthropic.baseUrl}`,
    `GOOGLE_API_KEY=${keys.google}`,
    `GOOGLE_GEMINI_BASE_URL=${google.baseUrl}`,
    '',
  ].join('\n'),
);
process.stderr.write(`mocks: openai ${openai.origin}, anthropic ${anthropic.origin}, google ${google.origin} (page size ${pageSize})\n`);

const stop = async () => {
  await Promise.all(servers.map((s) => s.close()));
  process.exit(0);
};
process.on('SIGINT', stop).on('SIGTERM', stop);
