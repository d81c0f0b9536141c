/**
 * The storage contract of the cloud: one `Database` with two implementations (Postgres through a
 * `pg` pool, embedded PGlite) that run the same migrations and give the same answers. Every API
 * transaction runs as `studyspot_api` — a role that owns nothing and cannot bypass row-level
 * security — with its context (tenant, platform flag, public read) set for that transaction only
 * (ADR 0009). Nested calls are not supported: a `fn` must not open another transaction.
 */

/** A statement runner inside one transaction. `$1..$n` placeholders; never interpolate values. */
export interface Tx {
  query<R = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<R[]>;
}

export interface QueryOptions {
  /**
   * Keep the statement parsed and planned on the connection (a named prepared statement on
   * Postgres; PGlite ignores it). Only for constant SQL on the request path: every distinct text
   * stays prepared on every pooled connection for the connection's life (ADR 0017).
   */
  prepare?: boolean;
  /**
   * Commit the transaction right behind this statement. On Postgres the COMMIT is pipelined with
   * it, so a transaction that took a lock — every write to a synced table takes the sync log's
   * advisory lock (ADR 0013) — holds it for no client round trip (ADR 0017); the query resolves
   * once the transaction committed. On PGlite the COMMIT runs when `fn` returns. Either way no
   * statement may follow (it throws), and an error `fn` throws afterwards does not undo the commit
   * (the transaction call still rejects with it).
   */
  commit?: boolean;
}

export interface Database {
  /** Which implementation this is (for logs, health and test names). */
  readonly kind: 'postgres' | 'pglite';
  /** A transaction that sees and writes only `tenantId`'s rows. */
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A platform-admin transaction: every tenant's rows (still as the API role, still under RLS). */
  platform<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction with no tenant: sees only rows the `public_read` policies expose. */
  anonymous<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A student's own rows across tenants (ADR 0011): their account, the members linked to it and
   * those members' memberships, bookings and booking requests (`self_read`, SELECT only).
   */
  user<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** `tenant()` that also knows the acting account (`app.user_id`): it may read its own `users` row. */
  tenantAsUser<T>(tenantId: string, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Subscribes to NOTIFY on `channel` (a plain identifier); resolves once listening, with the
   * unsubscribe. A notification arrives after the notifying transaction committed. An empty
   * payload from the implementation means "anything may have changed" (it reconnected and may have
   * missed some). Postgres listens on a connection of its own; PGlite in process.
   */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Applies the pending migrations (idempotent). Runs as the connecting role, not the API role. */
  migrate(): Promise<string[]>;
  /** True when the database answers a query. Never throws. */
  health(): Promise<boolean>;
  close(): Promise<void>;
}

/** The per-transaction context, applied with `set_config(..., true)` (transaction-local). */
export interface SessionContext {
  tenantId: string | null;
  platform: boolean;
  public: boolean;
  /** The acting account (ADR 0011); null for none. */
  userId?: string | null;
}

/**
 * What the migration runner needs from an implementation: a privileged transaction (the
 * connecting role, not the API role) that can also run multi-statement SQL files.
 */
export interface AdminTx extends Tx {
  exec(sql: string): Promise<void>;
}

export interface AdminAccess {
  admin<T>(fn: (tx: AdminTx) => Promise<T>): Promise<T>;
}

/** Role and setting names, in one place (SQL files use the same literals). */
export const API_ROLE = 'studyspot_api';
export const OWNER_ROLE = 'studyspot_owner';
export const TENANT_SETTING = 'app.tenant_id';
export const PLATFORM_SETTING = 'app.platform';
export const PUBLIC_SETTING = 'app.public';
export const USER_SETTING = 'app.user_id';
