// Progress per provider on stderr: an ora spinner summarising every provider on a terminal, plain lines otherwise
// (CI logs, pipes). Lines that matter after the run (done, failed, retries, notices) are printed in both modes.
// ora is imported only for a terminal (startProgress): off one it would cost about 5 MB of memory for nothing.
import type { Ora, Options as OraOptions } from 'ora';
import type { ProgressSink } from './fetch.ts';
import type { RetryEvent } from './http.ts';

export interface Progress extends ProgressSink {
  /** A one-line notice (a skipped provider, the mode of the run). */
  notice(line: string): void;
  /** Stops the spinner, if any. */
  stop(): void;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function waitText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s` : `${ms}ms`;
}

export function retryLine(provider: string, e: RetryEvent): string {
  return `${provider}: ${e.reason}, retrying in ${waitText(e.waitMs)}${e.serverAsked ? ' as the server asked' : ''} (attempt ${e.attempt + 1} of ${e.attempts})`;
}

/**
 * A spinner only on a real terminal: a TTY that reports its width (ora divides by the column count: a pseudo-terminal
 * of width 0, as some CI runners and `docker -t` give, would make it loop), not TERM=dumb, not under CI.
 */
export function isInteractive(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return !!stream.isTTY && (stream.columns ?? 0) > 0 && env.TERM !== 'dumb' && !env.CI;
}

/** Makes a spinner: ora's default export. */
export type SpinnerFactory = (options: OraOptions) => Ora;

/** The CLI's progress: a spinner (ora, loaded here) on a real terminal, plain lines otherwise. */
export async function startProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Promise<Progress> {
  if (!isInteractive(stream, env)) return createProgress(stream, false);
  const { default: ora } = await import('ora');
  return createProgress(stream, true, ora);
}

/** Progress as plain log lines, one call of `log` per line and no spinner (the library, the Edge Function). */
export function lineProgress(log: (line: string) => void): Progress {
  const sink = { write: (text: string) => (log(String(text).replace(/\n$/, '')), true) };
  return createProgress(sink as unknown as NodeJS.WriteStream, false);
}

/** Progress on `stream`; `interactive` draws a spinner made by `makeSpinner` (without one: plain lines). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, interactive = isInteractive(stream), makeSpinner?: SpinnerFactory): Progress {
  const spinning = interactive && makeSpinner !== undefined;
  const state = new Map<string, string>();
  let spinner: Ora | undefined;

  const line = (text: string) => {
    if (spinner?.isSpinning) {
      spinner.clear();
      stream.write(`${text}\n`);
      spinner.render();
    } else {
      stream.write(`${text}\n`);
    }
  };
  const refresh = () => {
    if (!spinning) return;
    const running = [...state.entries()].filter(([, s]) => s !== '');
    const text = running.map(([p, s]) => `${p} ${s}`).join(' · ');
    if (!spinner) spinner = makeSpinner!({ stream, text, discardStdin: false }).start();
    else spinner.text = text;
    if (running.length === 0) spinner.stop();
    else if (!spinner.isSpinning) spinner.start();
  };

  return {
    start(provider) {
      state.set(provider, 'connecting');
      refresh();
    },
    page(provider, page, models) {
      state.set(provider, `page ${page} (${plural(models, 'model')})`);
      if (spinning) refresh();
      else line(`${provider}: page ${page}, ${plural(models, 'model')} so far`);
    },
    retry(provider, e) {
      line(retryLine(provider, e));
    },
    done(provider, models, pages) {
      state.set(provider, '');
      line(`${provider}: ${plural(models, 'model')} in ${plural(pages, 'page')}`);
      refresh();
    },
    failed(provider, message) {
      state.set(provider, '');
      line(`${provider}: FAILED: ${message}`);
      refresh();
    },
    notice(text) {
      line(text);
    },
    stop() {
      spinner?.stop();
    },
  };
}
