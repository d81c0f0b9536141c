/**
 * `Database` on PostgreSQL through a `pg` pool. The pool logs in with `DATABASE_URL` (a role that
 * may run migrations); every API transaction starts with `SET LOCAL ROLE studyspot_api` and its
 * context, in the same round trip as `BEGIN`, so the role and the tenant last exactly one
 * transaction and a reused connection starts clean (ADR 0009). int8 is parsed as a number, as
 * PGlite does, so both implementations return the same rows.
 */
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
import type { AdminTx, Database, SessionContext, Tx } from './types.ts';

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

function txOf(client: pg.PoolClient): AdminTx {
  return {
    query: async <R>(sql: string, params?: readonly unknown[]) =>
      (await client.query({ text: sql, values: params ? [...params] : [] })).rows as R[],
    exec: async (sql: string) => {
      await client.query(sql);
    },
  };
}

async function transaction<T>(pool: pg.Pool, preamble: string, fn: (tx: AdminTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(`BEGIN; ${preamble}`);
    const result = await fn(txOf(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

export function openPgDatabase(options: PgOptions): Database {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types });
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
      const admin = new pg.Pool({ connectionString: options.migrationUrl, max: 1, types });
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
