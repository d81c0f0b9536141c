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
import type { AdminTx, Database, QueryOptions, SessionContext, Tx } from './types.ts';

export interface PgliteOptions {
  /** The data directory; the database lives in `<dataDir>/cloud-pglite`. Omit for in-memory. */
  dataDir?: string;
  migrationsDir?: string;
  /**
   * Tests only: start from this `dumpDataDir()` image (in memory, like no `dataDir`) instead of an
   * empty cluster, which spares initdb and, for a migrated image, the migrations.
   */
  snapshot?: Blob;
}

/** Whether a `{ commit: true }` statement has run: the transaction commits when `fn` returns. */
interface TxState {
  committed: boolean;
}

const afterCommit = () =>
  new Error('the transaction has committed: nothing may follow a { commit: true } query');

function txOf(tx: Transaction, state: TxState): AdminTx {
  return {
    query: async <R>(sql: string, params?: readonly unknown[], options?: QueryOptions) => {
      if (state.committed) throw afterCommit();
      const { rows } = await tx.query<R>(sql, params ? [...params] : []);
      if (options?.commit) state.committed = true;
      return rows;
    },
    exec: async (sql: string) => {
      if (state.committed) throw afterCommit();
      await tx.exec(sql);
    },
  };
}

/**
 * One transaction under the mutex. After a `{ commit: true }` statement an error from `fn` must not
 * roll back (it would not on Postgres, where the COMMIT already ran): the transaction commits and
 * the error is rethrown after it.
 */
async function inTransaction<T>(
  pglite: PGlite,
  preamble: string,
  fn: (tx: AdminTx) => Promise<T>,
): Promise<T> {
  const state: TxState = { committed: false };
  let late: { error: unknown } | null = null;
  const result = await pglite.transaction(async (tx) => {
    if (preamble) await tx.exec(preamble);
    try {
      return await fn(txOf(tx, state));
    } catch (error) {
      if (!state.committed) throw error;
      late = { error };
      return undefined;
    }
  });
  if (late) throw (late as { error: unknown }).error;
  return result as T;
}

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<Database> {
  let path: string | undefined;
  if (options.dataDir) {
    path = join(options.dataDir, 'cloud-pglite');
    await mkdir(path, { recursive: true });
  }
  const pglite = await PGlite.create({
    dataDir: path,
    loadDataDir: options.snapshot,
    extensions: { btree_gist, pg_trgm },
  });
  const mutex = new Mutex();
  let closed = false;

  const transaction = <T>(preamble: string, fn: (tx: AdminTx) => Promise<T>): Promise<T> =>
    mutex.run(() => inTransaction(pglite, preamble, fn));

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
