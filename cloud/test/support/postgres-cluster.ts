/**
 * A throwaway PostgreSQL 15 cluster for tests: `initdb` into a temp directory, `postgres` on a
 * unix socket in that directory (no TCP port to race for), fsync off, torn down by `stop()`.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user through
 * `runuser`. Nothing is installed: missing binaries are an error that says what to do.
 * `attachPostgres(dir)` is the same cluster seen from another process (a test file using the run's
 * cluster): it creates and drops databases there but leaves stopping to the process that started it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const CANDIDATE_BINS = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];

export interface PgCluster {
  /** The folder holding the cluster's unix socket: what `attachPostgres` needs. */
  readonly dir: string;
  /** A connection string for the `postgres` superuser to `database`. */
  url(database?: string): string;
  /**
   * The same database as the API's login role `studyspot_app`: LOGIN, NOINHERIT, a member of
   * studyspot_api only — the deployment ADR 0009 recommends, so RESET ROLE gains nothing.
   */
  appUrl(databaseUrl: string): string;
  /**
   * Creates a database and returns its connection string: empty, or a copy of `template` (which
   * nobody may be connected to: see `makeTemplate`). Database-level grants are not copied.
   */
  createDatabase(options?: { template?: string }): Promise<string>;
  dropDatabase(url: string): Promise<void>;
  /**
   * Turns the database at `url` into a template: no connections from now on (the ones still open
   * are ended), so a copy can never find it busy.
   */
  makeTemplate(url: string): Promise<string>;
  /** Milliseconds initdb + start took (0 when attached). */
  readonly startMs: number;
  stop(): Promise<void>;
}

export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  const dirs = fromEnv ? [fromEnv] : CANDIDATE_BINS;
  const found = dirs.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries not found (looked in ${dirs.join(', ')}). Install postgresql-15 ` +
        '(Debian: apt-get install postgresql-15) or set PG_BIN to the folder holding initdb and postgres.',
    );
  }
  return found;
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const command = (bin: string, args: string[]): [string, string[]] =>
  asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

async function prepareDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'studyspot-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await chmod(dir, 0o700);
  return dir;
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not start: ${String(error)}\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export async function startPostgres(): Promise<PgCluster> {
  const started = performance.now();
  const bin = findPgBin();
  const dir = await prepareDir();
  const data = join(dir, 'data');
  const [initCmd, initArgs] = command(join(bin, 'initdb'), [
    ...['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
  ]);
  await run(initCmd, initArgs).catch((error: Error & { stderr?: string }) => {
    throw new Error(`initdb failed: ${error.stderr ?? error.message}`);
  });
  // Room for many test files at once on the run's cluster: the default 100 fills with a dozen files' pools.
  const settings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'listen_addresses=',
    'max_connections=300',
  ];
  const postgres = [
    join(bin, 'postgres'),
    '-D',
    data,
    '-k',
    dir,
    '-p',
    '5432',
    ...settings.flatMap((s) => ['-c', s]),
  ];
  // A supervising shell: postgres runs until our stdin closes — on stop(), or when this process
  // dies in any way — then it is shut down (SIGINT: fast) and its directory removed. No orphans.
  const supervise = `"$@" & pid=$!; read _ignored; kill -INT $pid; wait $pid; rm -rf '${dir}'`;
  const [cmd, args] = command('/bin/sh', ['-c', supervise, 'postgres', ...postgres]);
  const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = clusterUrl(dir);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url(), child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  await createApiRoles(url());
  return { ...attachPostgres(dir), startMs: performance.now() - started, stop };
}

function clusterUrl(dir: string): (database?: string) => string {
  return (database = 'postgres') => `postgresql://postgres@/${database}?host=${encodeURIComponent(dir)}`;
}

/** The cluster whose socket is in `dir`, started by another process, which alone stops it. */
export function attachPostgres(dir: string): PgCluster {
  const url = clusterUrl(dir);
  const appUrl = (databaseUrl: string) =>
    databaseUrl.replace('postgresql://postgres@', 'postgresql://studyspot_app@');
  return { dir, url, appUrl, startMs: 0, stop: async () => {}, ...databases(url) };
}

/** The roles bootstrap would create, plus the login role the pool uses. */
async function createApiRoles(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE ROLE studyspot_api NOLOGIN NOINHERIT NOCREATEDB NOCREATEROLE NOBYPASSRLS');
    await client.query('CREATE ROLE studyspot_app LOGIN NOINHERIT IN ROLE studyspot_api');
  } finally {
    await client.end();
  }
}

function databases(url: (database?: string) => string) {
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  const nameOf = (databaseUrl: string) => {
    const name = /@\/(\w+)\?/.exec(databaseUrl)?.[1];
    if (!name) throw new Error(`not a test database url: ${databaseUrl}`);
    return name;
  };
  // pid + counter is unique among live processes; the random part keeps it unique when a pid
  // comes back later in a long run (pid_max may be 32768) and finds a database left by a crash.
  const prefix = `t_${process.pid}_${randomBytes(3).toString('hex')}_`;
  let counter = 0;
  return {
    createDatabase: async (options: { template?: string } = {}) => {
      const name = `${prefix}${++counter}`;
      const from = options.template ? ` TEMPLATE ${options.template}` : '';
      await admin((client) => client.query(`CREATE DATABASE ${name}${from}`));
      return url(name);
    },
    dropDatabase: async (databaseUrl: string) => {
      const name = nameOf(databaseUrl);
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
    makeTemplate: async (databaseUrl: string) => {
      const name = nameOf(databaseUrl);
      await admin(async (client) => {
        await client.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
        const sessions = 'FROM pg_stat_activity WHERE datname = $1';
        const open = async () =>
          (await client.query<{ n: number }>(`SELECT count(*)::int AS n ${sessions}`, [name])).rows[0]?.n;
        await client.query(`SELECT pg_terminate_backend(pid) ${sessions}`, [name]);
        const deadline = Date.now() + 10_000;
        while (await open()) {
          if (Date.now() > deadline) throw new Error(`${name} still has connections`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      });
      return name;
    },
  };
}
