/**
 * Money and audit writes that ride along in a booking or membership decision: a cash payment row,
 * a provisional membership, an audit line — each with its outbox row in the same transaction.
 */
import type { Membership, Plan, Price } from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './db.ts';
import { nextRev, prepared } from './db.ts';
import { appendOutbox } from './outbox.ts';

export interface Actor {
  kind: 'staff' | 'kiosk' | 'system' | 'device' | 'member';
  id: string;
}

export const actorName = (a: Actor): string => `${a.kind}:${a.id}`;
export const system: Actor = { kind: 'system', id: 'hub' };

export function audit(
  db: Db,
  actor: Actor,
  action: string,
  subject: string | null,
  detail: object,
  now: number,
): void {
  const id = uuidv7();
  const row = { id, at: now, actor: actorName(actor), action, subject, detail };
  prepared(db, 'INSERT INTO audit (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    now,
    row.actor,
    action,
    subject,
    JSON.stringify(detail),
  );
  appendOutbox(db, 'audit.append', id, row, now);
}

export interface CashPayment {
  libraryId: string;
  memberId: string;
  planId: string | null;
  bookingId: string | null;
  price: Price;
  recordedBy: Actor;
}

export function recordCash(db: Db, p: CashPayment, now: number): string {
  const id = uuidv7();
  const row = {
    id,
    libraryId: p.libraryId,
    memberId: p.memberId,
    planId: p.planId,
    bookingId: p.bookingId,
    method: 'cash',
    subtotalPaise: p.price.subtotalPaise,
    taxPaise: p.price.taxPaise,
    totalPaise: p.price.totalPaise,
    status: 'captured',
    recordedBy: actorName(p.recordedBy),
    createdAt: now,
  };
  prepared(
    db,
    `INSERT INTO payments (id, library_id, member_id, plan_id, booking_id, method, subtotal_paise, tax_paise,
       total_paise, status, recorded_by, created_at, rev)
     VALUES (?, ?, ?, ?, ?, 'cash', ?, ?, ?, 'captured', ?, ?, ?)`,
  ).run(
    id,
    row.libraryId,
    row.memberId,
    row.planId,
    row.bookingId,
    row.subtotalPaise,
    row.taxPaise,
    row.totalPaise,
    row.recordedBy,
    now,
    nextRev(db),
  );
  appendOutbox(db, 'payment.upsert', id, row, now);
  return id;
}

export function insertMembership(
  db: Db,
  m: Omit<Membership, 'id' | 'createdAt'> & { paymentId: string },
  plan: Plan,
  now: number,
): Membership {
  const membership: Membership = {
    id: uuidv7(),
    libraryId: m.libraryId,
    memberId: m.memberId,
    planId: plan.id,
    shiftId: m.shiftId,
    zoneId: m.zoneId,
    startsOn: m.startsOn,
    endsOn: m.endsOn,
    status: m.status,
    createdAt: now,
  };
  prepared(
    db,
    `INSERT INTO memberships (id, library_id, member_id, plan_id, shift_id, zone_id, starts_on, ends_on, status,
       payment_id, created_at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    membership.id,
    membership.libraryId,
    membership.memberId,
    membership.planId,
    membership.shiftId,
    membership.zoneId,
    membership.startsOn,
    membership.endsOn,
    membership.status,
    m.paymentId,
    now,
    nextRev(db),
  );
  appendOutbox(db, 'membership.upsert', membership.id, { ...membership, paymentId: m.paymentId }, now);
  return membership;
}
