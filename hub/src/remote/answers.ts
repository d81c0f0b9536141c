/**
 * The hub's side of a remote request or a cloud command (ADR 0022): the local replica row takes the
 * answer with a new hub revision, and the same answer goes into the outbox — both inside the
 * caller's write transaction, so the answer and the booking change it describes commit together.
 */
import type { Db } from '../store/db.ts';
import { nextRev, prepared } from '../store/db.ts';
import { appendOutbox } from '../store/outbox.ts';

export interface RequestRow {
  id: string;
  library_id: string;
  member_id: string;
  seat_id: string | null;
  zone_id: string | null;
  slot: string;
  starts_at: number;
  ends_at: number;
  status: string;
  payment_status: string;
  created_at: number;
}

export interface CommandRow {
  id: string;
  library_id: string;
  kind: string;
  booking_id: string;
  payload: string;
  status: string;
  created_at: number;
}

export function answerRequest(
  db: Db,
  row: RequestRow,
  answer: { status: 'accepted'; bookingId: string } | { status: 'rejected'; reason: string },
  now: number,
): void {
  const rev = nextRev(db);
  const bookingId = answer.status === 'accepted' ? answer.bookingId : null;
  const reason = answer.status === 'rejected' ? answer.reason : null;
  prepared(
    db,
    'UPDATE remote_requests SET status = ?, reason = ?, booking_id = ?, decided_at = ?, rev = ? WHERE id = ?',
  ).run(answer.status, reason, bookingId, now, rev, row.id);
  appendOutbox(
    db,
    'request.decide',
    row.id,
    { id: row.id, libraryId: row.library_id, status: answer.status, reason, bookingId, decidedAt: now, rev },
    now,
  );
}

export function answerCommand(db: Db, row: CommandRow, code: string | null, now: number): void {
  const rev = nextRev(db);
  const status = code === null ? 'applied' : 'rejected';
  prepared(db, 'UPDATE hub_commands SET status = ?, code = ?, decided_at = ?, rev = ? WHERE id = ?').run(
    status,
    code,
    now,
    rev,
    row.id,
  );
  appendOutbox(
    db,
    'command.result',
    row.id,
    { id: row.id, libraryId: row.library_id, status, code, decidedAt: now, rev },
    now,
  );
}
