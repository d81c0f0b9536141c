/**
 * What the database alone says about a hub — readable by the running hub and by the CLI while the
 * hub is stopped: the library, the schema version, the outbox (waiting, parked, oldest), each
 * shape's saved resume point and how old it is, and the registered MQTT devices. Shape lag and
 * outbox age are read from the `shape_state` and `outbox` tables, never from sync/'s objects, so
 * the same numbers come out whether or not the hub is running (ADR 0018).
 */
import { consumedShapes, definitionHash } from '@studyspot/sync/consume';
import type { Db } from '../store/db.ts';
import { migrations } from '../store/migrations/index.ts';

export interface ShapeProgress {
  name: string;
  /** When the last batch ending in up-to-date was saved; null before the first. */
  savedAt: number | null;
  /** ms since then (null before the first batch). */
  lagMs: number | null;
  /** `studyspot-hub sync resync` has asked for a fresh snapshot that has not arrived yet. */
  resyncPending: boolean;
}

export interface OutboxProgress {
  /** Mutations waiting to be pushed (not parked). */
  backlog: number;
  /** Mutations the cloud rejected, kept aside and visible. */
  parked: number;
  /** created_at of the oldest waiting mutation. */
  oldestPendingAt: number | null;
  parkedSample: { id: string; kind: string; code: string }[];
}

export interface RegisteredDevice {
  id: string;
  kind: string;
  name: string;
  online: boolean;
  lastSeen: number | null;
  /** The last battery level the device reported; null when it never reported one. */
  batteryPct: number | null;
  batteryAt: number | null;
  revoked: boolean;
}

export interface DbStatus {
  library: { id: string; name: string } | null;
  schema: { version: number; latest: number };
  outbox: OutboxProgress;
  shapes: ShapeProgress[];
  devices: RegisteredDevice[];
}

/** The handle `sync resync` saves: the cloud answers it with 409 must-refetch. */
export const RESYNC_HANDLE_PREFIX = 'resync-';

export function outboxProgress(db: Db): OutboxProgress {
  const row = db
    .prepare(
      `SELECT count(*) FILTER (WHERE parked_code IS NULL) AS backlog,
              count(*) FILTER (WHERE parked_code IS NOT NULL) AS parked,
              min(created_at) FILTER (WHERE parked_code IS NULL) AS oldest
         FROM outbox`,
    )
    .get() as { backlog: number; parked: number; oldest: number | null };
  const parkedSample = db
    .prepare(
      'SELECT id, kind, parked_code AS code FROM outbox WHERE parked_code IS NOT NULL ORDER BY seq LIMIT 20',
    )
    .all() as { id: string; kind: string; code: string }[];
  return { backlog: row.backlog, parked: row.parked, oldestPendingAt: row.oldest, parkedSample };
}

export function shapeProgress(db: Db, now: number): ShapeProgress[] {
  const rows = db.prepare('SELECT name, handle, definition, updated_at FROM shape_state').all() as {
    name: string;
    handle: string;
    definition: string;
    updated_at: number;
  }[];
  const byName = new Map(rows.map((r) => [r.name, r]));
  return consumedShapes.map((name) => {
    const row = byName.get(name);
    const resyncPending = row?.handle.startsWith(RESYNC_HANDLE_PREFIX) ?? false;
    // a row saved for another definition is ignored by the consumer: it will snapshot afresh
    const current = row && row.definition === definitionHash(name) && !resyncPending;
    return {
      name,
      savedAt: current ? row.updated_at : null,
      lagMs: current ? Math.max(0, now - row.updated_at) : null,
      resyncPending,
    };
  });
}

export function registeredDevices(db: Db): RegisteredDevice[] {
  const rows = db
    .prepare(`SELECT id, kind, name, online, last_seen, battery_pct, battery_at, revoked_at
         FROM devices ORDER BY id`)
    .all() as {
    id: string;
    kind: string;
    name: string;
    online: number;
    last_seen: number | null;
    battery_pct: number | null;
    battery_at: number | null;
    revoked_at: number | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    online: r.online === 1,
    lastSeen: r.last_seen,
    batteryPct: r.battery_pct,
    batteryAt: r.battery_at,
    revoked: r.revoked_at !== null,
  }));
}

export function dbStatus(db: Db, now: number): DbStatus {
  const library = db.prepare('SELECT id, name FROM libraries LIMIT 1').get() as
    | { id: string; name: string }
    | undefined;
  return {
    library: library ?? null,
    schema: { version: db.pragma('user_version', { simple: true }) as number, latest: migrations.length },
    outbox: outboxProgress(db),
    shapes: shapeProgress(db, now),
    devices: registeredDevices(db),
  };
}
