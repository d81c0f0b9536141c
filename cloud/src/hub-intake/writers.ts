/**
 * One writer per mutation kind: the SQL that mirrors a hub-owned fact into its cloud table.
 * Upserts are guarded by `rev` (a row is replaced only by an equal or newer revision, never by an
 * older echo); payments and audit lines are immutable from the hub's side (insert once).
 * Instants travel as epoch milliseconds and become timestamptz here.
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
import type { HubIdentity } from './types.ts';

/** A column: its name, its value, and whether the value is epoch ms (stored as timestamptz). */
type Column = readonly [name: string, value: unknown, instant?: 'ms'];

const ms = (value: number | null | undefined): Column[2] => (value === undefined ? undefined : 'ms');

/** INSERT … ON CONFLICT (tenant_id, id) DO UPDATE … WHERE the stored rev is not newer. */
async function upsert(tx: Tx, table: string, columns: readonly Column[]): Promise<void> {
  const names = columns.map(([name]) => name);
  const values = columns.map(([, , instant], i) =>
    instant ? `to_timestamp($${i + 1}::float8 / 1000)` : `$${i + 1}`,
  );
  const updates = names.filter((n) => n !== 'tenant_id' && n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')}) VALUES (${values.join(', ')})
     ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')} WHERE ${table}.rev <= EXCLUDED.rev`,
    columns.map(([, value]) => value),
  );
}

type Writer<K extends MutationKind> = (
  tx: Tx,
  hub: HubIdentity,
  payload: Extract<ParsedMutation, { kind: K }>['payload'],
) => Promise<void>;

const booking: Writer<'booking.upsert'> = async (tx, hub, b) => {
  await bookingRow(tx, hub, b);
  if (b.passSecret)
    await tx.query(
      `INSERT INTO booking_passes (tenant_id, booking_id, secret) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [hub.tenantId, b.id, b.passSecret],
    );
};

const bookingRow: Writer<'booking.upsert'> = (tx, hub, b) =>
  upsert(tx, 'bookings', [
    ['tenant_id', hub.tenantId],
    ['id', b.id],
    ['library_id', b.libraryId],
    ['seat_id', b.seatId],
    ['member_id', b.memberId],
    ['starts_at', b.startsAt, 'ms'],
    ['ends_at', b.endsAt, 'ms'],
    ['shift_id', b.shiftId],
    ['state', b.state],
    ['source', b.source],
    ['membership_id', b.membershipId],
    ['amount_paise', b.amountPaise],
    ['tax_paise', b.taxPaise],
    ['hold_expires_at', b.holdExpiresAt, ms(b.holdExpiresAt)],
    ['checked_in_at', b.checkedInAt, ms(b.checkedInAt)],
    ['checked_out_at', b.checkedOutAt, ms(b.checkedOutAt)],
    ['created_at', b.createdAt, 'ms'],
    ['updated_at', b.updatedAt, 'ms'],
    ['rev', b.rev],
  ]);

const member: Writer<'member.upsert'> = (tx, hub, m) =>
  upsert(tx, 'members', [
    ['tenant_id', hub.tenantId],
    ['id', m.id],
    ['library_id', m.libraryId],
    ['name', m.name],
    ['phone', m.phone],
    ['email', m.email],
    ['status', m.status],
    ['created_at', m.createdAt, 'ms'],
    ['rev', m.rev ?? 0],
  ]);

const membership: Writer<'membership.upsert'> = (tx, hub, m) =>
  upsert(tx, 'memberships', [
    ['tenant_id', hub.tenantId],
    ['id', m.id],
    ['library_id', m.libraryId],
    ['member_id', m.memberId],
    ['plan_id', m.planId],
    ['shift_id', m.shiftId],
    ['zone_id', m.zoneId],
    ['starts_on', m.startsOn],
    ['ends_on', m.endsOn],
    ['status', m.status],
    ['created_at', m.createdAt, 'ms'],
    ['rev', m.rev ?? 0],
  ]);

const waitlist: Writer<'waitlist.upsert'> = (tx, hub, w) =>
  upsert(tx, 'waitlist_entries', [
    ['tenant_id', hub.tenantId],
    ['id', w.id],
    ['library_id', w.libraryId],
    ['member_id', w.memberId],
    ['zone_id', w.zoneId],
    ['starts_at', w.startsAt, 'ms'],
    ['ends_at', w.endsAt, 'ms'],
    ['shift_id', w.shiftId],
    ['state', w.state],
    ['offered_seat_id', w.offeredSeatId],
    ['offer_expires_at', w.offerExpiresAt, ms(w.offerExpiresAt)],
    ['booking_id', w.bookingId ?? null],
    ['created_at', w.createdAt, 'ms'],
    ['rev', w.rev ?? 0],
  ]);

/** Cash taken at the desk: captured once, then the cloud's (refunds and invoices are cloud facts). */
async function payment(tx: Tx, hub: HubIdentity, p: CashPaymentPayload): Promise<void> {
  const purpose = p.bookingId ? 'booking' : 'membership';
  const taxRateBp =
    p.subtotalPaise > 0 ? Math.min(10_000, Math.round((p.taxPaise * 10_000) / p.subtotalPaise)) : 0;
  await tx.query(
    `INSERT INTO payments (tenant_id, id, library_id, member_id, purpose, booking_id, plan_id, description,
       subtotal_paise, tax_paise, tax_rate_bp, amount_paise, provider, status, idempotency_key, captured_at,
       created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'cash', 'captured', $14,
       to_timestamp($13::float8 / 1000), to_timestamp($13::float8 / 1000), to_timestamp($13::float8 / 1000))
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [
      hub.tenantId,
      p.id,
      p.libraryId,
      p.memberId,
      purpose,
      p.bookingId,
      p.planId,
      `Cash at the desk (${p.recordedBy})`,
      p.subtotalPaise,
      p.taxPaise,
      taxRateBp,
      p.totalPaise,
      p.createdAt,
      `hub:${p.id}`,
    ],
  );
}

/** A line of the hub's audit, kept in the tenant's audit log under `hub.<action>`. */
async function auditLine(tx: Tx, hub: HubIdentity, a: AuditPayload): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (tenant_id, id, at, action, target_type, target_id, detail)
     VALUES ($1, $2, to_timestamp($3::float8 / 1000), $4, 'hub', $5, $6::jsonb)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [
      hub.tenantId,
      a.id,
      a.at,
      `hub.${a.action}`,
      a.subject ?? hub.hubId,
      JSON.stringify({
        ...a.detail,
        actor: a.actor,
        subject: a.subject,
        hubId: hub.hubId,
        libraryId: hub.libraryId,
      }),
    ],
  );
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

export function write(tx: Tx, hub: HubIdentity, m: ParsedMutation): Promise<void> {
  switch (m.kind) {
    case 'booking.upsert':
      return booking(tx, hub, m.payload);
    case 'member.upsert':
      return member(tx, hub, m.payload);
    case 'membership.upsert':
      return membership(tx, hub, m.payload);
    case 'payment.upsert':
      return payment(tx, hub, m.payload);
    case 'waitlist.upsert':
      return waitlist(tx, hub, m.payload);
    case 'audit.append':
      return auditLine(tx, hub, m.payload);
    case 'request.decide':
      return requestDecision(tx, hub, m.payload);
    case 'command.result':
      return commandResult(tx, hub, m.payload);
    case 'telemetry.rollup':
      return telemetry(tx, hub, m.payload);
  }
}
