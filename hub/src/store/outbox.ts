/**
 * The outbox: every hub write appends its mutation here in the same transaction as the write, so
 * the cloud eventually hears of every acknowledged change exactly once (the pusher is in sync/).
 */
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './db.ts';
import { prepared } from './db.ts';

export type OutboxKind =
  | 'booking.upsert'
  | 'member.upsert'
  | 'membership.upsert'
  | 'payment.upsert'
  | 'waitlist.upsert'
  | 'audit.append'
  | 'request.decide'
  | 'command.result'
  | 'telemetry.rollup';

export interface OutboxRow {
  seq: number;
  id: string;
  kind: OutboxKind;
  entityId: string;
  payload: unknown;
  createdAt: number;
  attempts: number;
  parkedCode: string | null;
}

export function appendOutbox(
  db: Db,
  kind: OutboxKind,
  entityId: string,
  payload: unknown,
  now: number,
): string {
  if (!db.inTransaction) throw new Error('appendOutbox must run inside the write transaction it belongs to');
  const id = uuidv7();
  prepared(db, 'INSERT INTO outbox(id, kind, entity_id, payload, created_at) VALUES (?, ?, ?, ?, ?)').run(
    id,
    kind,
    entityId,
    JSON.stringify(payload),
    now,
  );
  return id;
}

export function pendingOutbox(db: Db, limit: number, afterSeq = 0): OutboxRow[] {
  const rows = prepared(
    db,
    `SELECT seq, id, kind, entity_id, payload, created_at, attempts, parked_code
       FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?`,
  ).all(afterSeq, limit) as {
    seq: number;
    id: string;
    kind: OutboxKind;
    entity_id: string;
    payload: string;
    created_at: number;
    attempts: number;
    parked_code: string | null;
  }[];
  return rows.map((r) => ({
    seq: r.seq,
    id: r.id,
    kind: r.kind,
    entityId: r.entity_id,
    payload: JSON.parse(r.payload),
    createdAt: r.created_at,
    attempts: r.attempts,
    parkedCode: r.parked_code,
  }));
}

export const outboxBacklog = (db: Db): number =>
  (prepared(db, 'SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
