/**
 * `Database` on PostgreSQL through a `pg` pool. The pool logs in with `DATABASE_URL` (a role that
 * may run migrations); every API transaction starts with `SET LOCAL ROLE studyspot_api` and its
 * context, in the same round trip as `BEGIN`, so the role and the tenant last exactly one
 * transaction and a reused connection starts clean (ADR 0009). int8 is parsed as a number, as
 * PGlite does, so both implementations return the same rows.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import pg from 'pg';
import {
  anonymousContext,
  contextPreamble,
  platformContext,
  tenantContext,
  tenantUserContext,
  userContext,
} from './context.ts';
import { runMigrations } from './migrate.ts';
import { PgListener } from './pg-listen.ts';
import type { AdminTx, Database, QueryOptions, SessionContext, Tx } from './types.ts';

const INT8 = pg.types.builtins.INT8;
const INT8_ARRAY = 1016 as typeof INT8; // _int8 has no name in pg-types' builtins

export interface PgOptions {
  connectionString: string;
  /** Connections in the pool (default 10). */
  max?: number;
  /**
   * The role migrations run as (creates roles, extensions, tables). Defaults to
   * `connectionString`; in production give the pool a LOGIN role that is only a member of
   * studyspot_api and keep the privileged one here (ADR 0009).
   */
  migrationUrl?: string;
  /** Overrides the migrations folder (tests). */
  migrationsDir?: string;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === INT8_ARRAY) {
      const parseArray = pg.types.getTypeParser(oid, 'text') as (value: string) => (string | null)[];
      return (value: string) => parseArray(value).map((item) => (item === null ? null : Number(item)));
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** Statement names by SQL text for `{ prepare: true }` queries (a fixed set: hot, constant SQL). */
const statementNames = new Map<string, string>();

function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `s_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Holds back the connection's socket writes until the current tick ends, so statements submitted
 * together (BEGIN + preamble + the first statement; a statement + its COMMIT) leave in one write:
 * on this kind of virtual machine each write that wakes the server costs tens of microseconds.
 * Reaches into pg's connection stream; without one it does nothing.
 */
function coalesceWrites(client: pg.PoolClient): void {
  const stream = (client as unknown as { connection?: { stream?: Partial<Writable> } }).connection?.stream;
  if (!stream?.cork || !stream.uncork) return;
  const uncork = stream.uncork.bind(stream);
  stream.cork();
  process.nextTick(uncork);
}

/** Where a transaction is: still open, or committing behind a `{ commit: true }` statement. */
interface TxState {
  commit: Promise<unknown> | null;
}

const afterCommit = () =>
  new Error('the transaction has committed: nothing may follow a { commit: true } query');

function txOf(client: pg.PoolClient, state: TxState): AdminTx {
  return {
    query: async <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) => {
      if (state.commit) throw afterCommit();
      const values = params ? [...params] : [];
      const config = options?.prepare
        ? { name: statementName(sql), text: sql, values }
        : { text: sql, values };
      if (!options?.commit) return (await client.query(config)).rows as R[];
      coalesceWrites(client);
      const result = client.query(config);
      const commit = client.query('COMMIT').then((done) => {
        // COMMIT of a transaction an earlier statement aborted answers ROLLBACK, not an error.
        if (done.command !== 'COMMIT') throw new Error(`the transaction was rolled back (${done.command})`);
      });
      state.commit = commit;
      commit.catch(() => {}); // awaited just below, and by transaction()
      const rows = (await result).rows as R[];
      await commit;
      return rows;
    },
    exec: async (sql: string) => {
      if (state.commit) throw afterCommit();
      await client.query(sql);
    },
  };
}

/**
 * One transaction on a pooled connection in pipeline mode (ADR 0017): `BEGIN` and the context
 * preamble are written without waiting for their answer, so they reach the server together with
 * the transaction's first statement — one round trip fewer. Postgres runs them in order on the
 * connection, so that statement still runs as studyspot_api in its context; if the preamble
 * failed, the statements behind it fail too (the transaction is aborted) and its error is the one
 * reported. A `{ commit: true }` statement sends the COMMIT itself.
 */
async function transaction<T>(pool: pg.Pool, preamble: string, fn: (tx: AdminTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const state: TxState = { commit: null };
  coalesceWrites(client);
  const begun = client.query(`BEGIN; ${preamble}`);
  begun.catch(() => {}); // awaited below, on both paths
  try {
    const result = await fn(txOf(client, state));
    await begun;
    await (state.commit ?? client.query('COMMIT'));
    return result;
  } catch (error) {
    const cause = await begun.then(
      () => error,
      (beginError: unknown) => beginError,
    );
    if (state.commit) await state.commit.catch(() => {});
    else
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    throw cause;
  } finally {
    client.release(broken);
  }
}

export function openPgDatabase(options: PgOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    pipeline: true,
  });
  // An idle client that errors (server restart) must not crash the process; the next query fails.
  pool.on('error', () => {});
  const listener = new PgListener(options.connectionString);
  let closed = false;

  const as = <T>(context: SessionContext, fn: (tx: Tx) => Promise<T>) =>
    transaction(pool, contextPreamble(context), fn);

  return {
    kind: 'postgres',
    tenant: async (tenantId, fn) => as(tenantContext(tenantId), fn),
    platform: (fn) => as(platformContext, fn),
    anonymous: (fn) => as(anonymousContext, fn),
    user: async (userId, fn) => as(userContext(userId), fn),
    tenantAsUser: async (tenantId, userId, fn) => as(tenantUserContext(tenantId, userId), fn),
    listen: (channel, onNotify) => listener.listen(channel, onNotify),
    migrate: async () => {
      if (!options.migrationUrl || options.migrationUrl === options.connectionString)
        return runMigrations({ admin: (fn) => transaction(pool, '', fn) }, options.migrationsDir);
      const admin = new pg.Pool({ connectionString: options.migrationUrl, max: 1, types, pipeline: true });
      admin.on('error', () => {});
      try {
        return await runMigrations({ admin: (fn) => transaction(admin, '', fn) }, options.migrationsDir);
      } finally {
        await admin.end();
      }
    },
    health: async () => {
      if (closed) return false;
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await listener.close();
      await pool.end();
    },
  };
}
