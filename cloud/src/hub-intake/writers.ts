/**
 * One writer per mutation kind: how a hub fact becomes its cloud rows (rows.ts holds the tables and
 * the statement). The kinds that are plain rows — members, memberships, bookings with their pass
 * secret, cash payments, waitlist entries, audit lines — are written many at a time (`writeMany`,
 * one statement per table for a whole run of a batch, ADR 0025); the others (a request decision, a
 * command result, a telemetry rollup) read or update cloud state and are written one by one.
 */
import type {
  AuditPayload,
  CashPaymentPayload,
  MutationKind,
  ParsedMutation,
  TelemetryRollupPayload,
} from '@studyspot/sync/mutations';
import type { Tx } from '../db/types.ts';
import { commandResult, requestDecision } from './answers.ts';
import { noShowNotices, waitlistNotices } from './notices.ts';
import {
  auditLog,
  bookingPasses,
  bookings,
  members,
  memberships,
  payments,
  type Row,
  waitlistEntries,
  writeRows,
} from './rows.ts';
import type { HubIdentity } from './types.ts';

const ms = (value: number | null | undefined) => value ?? null;

type Payload<K extends MutationKind> = Extract<ParsedMutation, { kind: K }>['payload'];

/**
 * The kinds written as plain rows, many per statement — in foreign-key order: each only references
 * kinds before it, so a run writes its tables in this order (runs.ts).
 */
export const rowKinds = [
  'member.upsert',
  'membership.upsert',
  'booking.upsert',
  'payment.upsert',
  'waitlist.upsert',
  'audit.append',
] as const satisfies readonly MutationKind[];
export type RowKind = (typeof rowKinds)[number];

export const isRowKind = (kind: MutationKind): kind is RowKind =>
  (rowKinds as readonly string[]).includes(kind);

const bookingRow = (b: Payload<'booking.upsert'>): Row => ({
  id: b.id,
  library_id: b.libraryId,
  seat_id: b.seatId,
  member_id: b.memberId,
  starts_at: b.startsAt,
  ends_at: b.endsAt,
  shift_id: b.shiftId,
  state: b.state,
  source: b.source,
  membership_id: b.membershipId,
  amount_paise: b.amountPaise,
  tax_paise: b.taxPaise,
  hold_expires_at: ms(b.holdExpiresAt),
  checked_in_at: ms(b.checkedInAt),
  checked_out_at: ms(b.checkedOutAt),
  created_at: b.createdAt,
  updated_at: b.updatedAt,
  rev: b.rev,
});

const memberRow = (m: Payload<'member.upsert'>): Row => ({
  id: m.id,
  library_id: m.libraryId,
  name: m.name,
  phone: m.phone,
  email: m.email,
  status: m.status,
  created_at: m.createdAt,
  rev: m.rev ?? 0,
});

const membershipRow = (m: Payload<'membership.upsert'>): Row => ({
  id: m.id,
  library_id: m.libraryId,
  member_id: m.memberId,
  plan_id: m.planId,
  shift_id: m.shiftId,
  zone_id: m.zoneId,
  starts_on: m.startsOn,
  ends_on: m.endsOn,
  status: m.status,
  created_at: m.createdAt,
  rev: m.rev ?? 0,
});

const waitlistRow = (w: Payload<'waitlist.upsert'>): Row => ({
  id: w.id,
  library_id: w.libraryId,
  member_id: w.memberId,
  zone_id: w.zoneId,
  starts_at: w.startsAt,
  ends_at: w.endsAt,
  shift_id: w.shiftId,
  state: w.state,
  offered_seat_id: w.offeredSeatId,
  offer_expires_at: ms(w.offerExpiresAt),
  booking_id: w.bookingId ?? null,
  created_at: w.createdAt,
  rev: w.rev ?? 0,
});

/** Cash taken at the desk: captured once, then the cloud's (refunds and invoices are cloud facts). */
const paymentRow = (p: CashPaymentPayload): Row => ({
  id: p.id,
  library_id: p.libraryId,
  member_id: p.memberId,
  purpose: p.bookingId ? 'booking' : 'membership',
  booking_id: p.bookingId,
  plan_id: p.planId,
  description: `Cash at the desk (${p.recordedBy})`,
  subtotal_paise: p.subtotalPaise,
  tax_paise: p.taxPaise,
  tax_rate_bp:
    p.subtotalPaise > 0 ? Math.min(10_000, Math.round((p.taxPaise * 10_000) / p.subtotalPaise)) : 0,
  amount_paise: p.totalPaise,
  provider: 'cash',
  status: 'captured',
  idempotency_key: `hub:${p.id}`,
  captured_at: p.createdAt,
  created_at: p.createdAt,
  updated_at: p.createdAt,
});

/** A line of the hub's audit, kept in the tenant's audit log under `hub.<action>`. */
const auditRow = (hub: HubIdentity, a: AuditPayload): Row => ({
  id: a.id,
  at: a.at,
  action: `hub.${a.action}`,
  target_type: 'hub',
  target_id: a.subject ?? hub.hubId,
  detail: { ...a.detail, actor: a.actor, subject: a.subject, hubId: hub.hubId, libraryId: hub.libraryId },
});

/** A run of mutations of one row kind, written in order. */
export type RowRun = { [K in RowKind]: { kind: K; payloads: Payload<K>[] } }[RowKind];

/** Writes one kind's payloads, in order: one statement per table, whatever their number. */
export async function writeMany(tx: Tx, hub: HubIdentity, run: RowRun): Promise<void> {
  const t = hub.tenantId;
  switch (run.kind) {
    case 'booking.upsert': {
      await writeRows(tx, t, bookings, run.payloads.map(bookingRow));
      // the pass secret rides along once, with the booking's first upsert (ADR 0023)
      const passes = run.payloads.flatMap((b) =>
        b.passSecret ? [{ booking_id: b.id, secret: b.passSecret }] : [],
      );
      await writeRows(tx, t, bookingPasses, passes);
      // a student who missed a booking is warned before the strikes pause their booking ([BOOK-11])
      const missed = run.payloads.filter((b) => b.state === 'no_show').map((b) => b.id);
      return noShowNotices(tx, hub, missed);
    }
    case 'member.upsert':
      return writeRows(tx, t, members, run.payloads.map(memberRow));
    case 'membership.upsert':
      return writeRows(tx, t, memberships, run.payloads.map(membershipRow));
    case 'payment.upsert':
      return writeRows(tx, t, payments, run.payloads.map(paymentRow));
    case 'waitlist.upsert':
      await writeRows(tx, t, waitlistEntries, run.payloads.map(waitlistRow));
      // the students whose entries now stand offered hear of it (ADR 0026); reads the stored rows
      return waitlistNotices(
        tx,
        hub,
        run.payloads.map((w) => w.id),
      );
    case 'audit.append':
      return writeRows(
        tx,
        t,
        auditLog,
        run.payloads.map((a) => auditRow(hub, a)),
      );
  }
}

/** One row per sensor of the window; a redelivered rollup inserts nothing twice. */
async function telemetry(tx: Tx, hub: HubIdentity, t: TelemetryRollupPayload): Promise<void> {
  for (const s of t.sensors)
    await tx.query(
      `INSERT INTO telemetry_rollups (tenant_id, rollup_id, library_id, sensor_id, kind, window_start, window_end,
         samples, stats) VALUES ($1, $2, $3, $4, $5, to_timestamp($6::float8 / 1000), to_timestamp($7::float8 / 1000),
         $8, $9::jsonb) ON CONFLICT DO NOTHING`,
      [
        hub.tenantId,
        t.id,
        t.libraryId,
        s.sensorId,
        s.kind,
        t.windowStart,
        t.windowEnd,
        s.samples,
        JSON.stringify(s.stats),
      ],
    );
}

/** The cloud table of each kind that has a library (for the ownership check), or null. */
export const tableOf: Record<MutationKind, string | null> = {
  'booking.upsert': 'bookings',
  'member.upsert': 'members',
  'membership.upsert': 'memberships',
  'payment.upsert': 'payments',
  'waitlist.upsert': 'waitlist_entries',
  'audit.append': null,
  'request.decide': 'booking_requests',
  'command.result': 'hub_commands',
  'telemetry.rollup': null,
};

/** Writes one mutation (the per-mutation path, ADR 0014). */
export function write(tx: Tx, hub: HubIdentity, m: ParsedMutation): Promise<void> {
  switch (m.kind) {
    case 'request.decide':
      return requestDecision(tx, hub, m.payload);
    case 'command.result':
      return commandResult(tx, hub, m.payload);
    case 'telemetry.rollup':
      return telemetry(tx, hub, m.payload);
    default:
      return writeMany(tx, hub, { kind: m.kind, payloads: [m.payload] } as RowRun);
  }
}
