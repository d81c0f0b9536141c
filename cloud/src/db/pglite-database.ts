/**
 * `Database` on embedded PGlite (`<dataDir>/cloud-pglite`, or in memory for tests). PGlite is one
 * superuser session, so the API role is taken per transaction with `SET LOCAL ROLE studyspot_api`
 * (exactly as on Postgres), and every transaction holds a mutex: they never interleave.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import {
  anonymousContext,
  contextPreamble,
  platformContext,
  tenantContext,
  tenantUserContext,
  userContext,
} from './context.ts';
import { runMigrations } from './migrate.ts';
import { Mutex } from './mutex.ts';
import type { AdminTx, Database, SessionContext, Tx } from './types.ts';

export interface PgliteOptions {
  /** The data directory; the database lives in `<dataDir>/cloud-pglite`. Omit for in-memory. */
  dataDir?: string;
  migrationsDir?: string;
}

function txOf(tx: Transaction): AdminTx {
  return {
    query: async <R>(sql: string, params?: readonly unknown[]) =>
      (await tx.query<R>(sql, params ? [...params] : [])).rows,
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  };
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<Database> {
  let path: string | undefined;
  if (options.dataDir) {
    path = join(options.dataDir, 'cloud-pglite');
    await mkdir(path, { recursive: true });
  }
  const pglite = await PGlite.create({ dataDir: path, extensions: { btree_gist, pg_trgm } });
  const mutex = new Mutex();
  let closed = false;

  const transaction = <T>(preamble: string, fn: (tx: AdminTx) => Promise<T>): Promise<T> =>
    mutex.run(() =>
      pglite.transaction(async (tx) => {
        if (preamble) await tx.exec(preamble);
        return fn(txOf(tx));
      }),
    );

  const as = <T>(context: SessionContext, fn: (tx: Tx) => Promise<T>) =>
    transaction(contextPreamble(context), fn);

  return {
    kind: 'pglite',
    tenant: async (tenantId, fn) => as(tenantContext(tenantId), fn),
    platform: (fn) => as(platformContext, fn),
    anonymous: (fn) => as(anonymousContext, fn),
    user: async (userId, fn) => as(userContext(userId), fn),
    tenantAsUser: async (tenantId, userId, fn) => as(tenantUserContext(tenantId, userId), fn),
    // In process: PGlite calls back once the notifying transaction's COMMIT has run.
    listen: async (channel, onNotify) => {
      const unlisten = await mutex.run(() => pglite.listen(channel, onNotify));
      return () => mutex.run(() => (pglite.closed ? Promise.resolve() : unlisten()));
    },
    migrate: () => runMigrations({ admin: (fn) => transaction('', fn) }, options.migrationsDir),
    health: async () => {
      if (closed || pglite.closed) return false;
      try {
        await mutex.run(() => pglite.query('SELECT 1'));
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await mutex.run(() => pglite.close());
    },
  };
}
