/**
 * The pusher's view of the hub's outbox table (hub/src/store/outbox.ts, migration 001): the rows
 * still waiting, in `seq` order, skipping parked ones. An accepted row is deleted — the outbox holds
 * exactly what is waiting to sync — and a rejected one is parked with the cloud's code, visible and
 * retryable. Typed structurally against better-sqlite3 so sync/ does not depend on the hub.
 */
export interface SqliteLike {
  prepare(sql: string): {
    run(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  };
  exec(sql: string): unknown;
}

export interface OutboxEntry {
  seq: number;
  id: string;
  kind: string;
  entityId: string;
  createdAt: number;
  /** The stored JSON text; the pusher parses it (and parks a row that does not parse). */
  payload: string;
  attempts: number;
}

/** How the pusher settles one delivered mutation. */
export type Settlement =
  | { id: string; outcome: 'accepted' }
  | { id: string; outcome: 'parked'; code: string }
  | { id: string; outcome: 'retry' };

export interface OutboxStore {
  pending(limit: number): OutboxEntry[];
  /** Applies the settlements of one exchange atomically. */
  settle(settlements: readonly Settlement[]): void;
  /** Unparks every parked row; returns how many. */
  retryParked(): number;
  /** Rows waiting and not parked. */
  backlog(): number;
  parked(): { id: string; kind: string; code: string }[];
}

export class SqliteOutbox implements OutboxStore {
  readonly #db: SqliteLike;

  constructor(db: SqliteLike) {
    this.#db = db;
  }

  pending(limit: number): OutboxEntry[] {
    const rows = this.#db
      .prepare(
        `SELECT seq, id, kind, entity_id, created_at, payload, attempts FROM outbox
          WHERE parked_code IS NULL ORDER BY seq LIMIT ?`,
      )
      .all(limit) as {
      seq: number;
      id: string;
      kind: string;
      entity_id: string;
      created_at: number;
      payload: string;
      attempts: number;
    }[];
    return rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      kind: r.kind,
      entityId: r.entity_id,
      createdAt: r.created_at,
      payload: r.payload,
      attempts: r.attempts,
    }));
  }

  settle(settlements: readonly Settlement[]): void {
    const accept = this.#db.prepare('DELETE FROM outbox WHERE id = ?');
    const park = this.#db.prepare('UPDATE outbox SET parked_code = ?, attempts = attempts + 1 WHERE id = ?');
    const retry = this.#db.prepare('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?');
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const s of settlements) {
        if (s.outcome === 'accepted') accept.run(s.id);
        else if (s.outcome === 'parked') park.run(s.code, s.id);
        else retry.run(s.id);
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  retryParked(): number {
    const before = this.parked().length;
    this.#db.prepare('UPDATE outbox SET parked_code = NULL WHERE parked_code IS NOT NULL').run();
    return before;
  }

  backlog(): number {
    return (
      this.#db.prepare('SELECT count(*) AS n FROM outbox WHERE parked_code IS NULL').get() as { n: number }
    ).n;
  }

  parked(): { id: string; kind: string; code: string }[] {
    return this.#db
      .prepare('SELECT id, kind, parked_code AS code FROM outbox WHERE parked_code IS NOT NULL ORDER BY seq')
      .all() as { id: string; kind: string; code: string }[];
  }
}
