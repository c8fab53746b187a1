// The one module that creates postgres.js clients. Everything else asks it for one.
import postgres from 'postgres';

/** int8 (counts, ids) parsed as JS numbers: they stay far below 2^53 here. */
export type Sql = postgres.Sql<{ bigint: number }>;

export interface ConnectOptions {
  /** Connection pool size; the CLI needs few, tests and benchmarks may want more. */
  max?: number;
  /** Application name shown in pg_stat_activity. */
  applicationName?: string;
  /** Prepared statements (default on); off for a transaction-mode pooler (Supabase's port 6543). */
  prepare?: boolean | undefined;
  /** Seconds to wait for a connection (postgres.js' default: 30). */
  connectTimeout?: number;
}

/** Opens a postgres.js client on `url` (default: DATABASE_URL). Notices go to stderr, never stdout. */
export function connect(url = databaseUrl(), options: ConnectOptions = {}): Sql {
  return postgres(url, {
    max: options.max ?? 4,
    prepare: options.prepare ?? true,
    ...(options.connectTimeout === undefined ? {} : { connect_timeout: options.connectTimeout }),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'ai-model-sync' },
    types: {
      bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) },
    },
    transform: { undefined: null },
  });
}

/** DATABASE_URL, or a clear error that says how to get one. */
export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set', {
      cause: 'run through `make` (which starts the embedded PostgreSQL) or set DATABASE_URL=postgres://user@host:port/db',
    });
  }
  return url;
}

/** The same URL pointing at another database of the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}
