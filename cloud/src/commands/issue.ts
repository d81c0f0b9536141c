/**
 * Commands the cloud sends a hub (ADR 0022). The hub owns bookings and the waitlist (ARCHITECTURE
 * §3), so a cloud action on one — an owner's or student's cancel, a captured payment confirming a
 * held booking, a student joining, leaving or accepting on the waitlist (ADR 0026) — is written
 * here as a `hub_commands` row, replicated to the library's hub through its shape, applied there by
 * the allocator and answered through the hub's outbox (`command.result`). Until the hub answers,
 * the command is `pending` and every screen that shows it says so. `bookingId` is the command's
 * subject: the booking, or for `waitlist.*` the waitlist entry.
 */
import type { SlotRequest } from '@studyspot/core';
import type { Tx } from '../db/types.ts';

export const commandKinds = [
  'booking.cancel',
  'booking.confirm',
  'waitlist.join',
  'waitlist.leave',
  'waitlist.accept',
] as const;
export type CommandKind = (typeof commandKinds)[number];
export type CommandStatus = 'pending' | 'applied' | 'rejected';
/** What a cancel refunds once the hub has applied it: by the library's policy, all, or nothing. */
export type CancelRefund = 'policy' | 'full' | 'none';

export interface CommandPayload {
  paymentId?: string;
  refund?: CancelRefund;
  reason?: string;
  /** A waitlist join: who, where (null: any zone) and when — the hub resolves the slot again. */
  memberId?: string;
  zoneId?: string | null;
  slot?: SlotRequest;
  startsAt?: number;
  endsAt?: number;
}

export interface HubCommand {
  id: string;
  libraryId: string;
  kind: CommandKind;
  bookingId: string;
  payload: CommandPayload;
  status: CommandStatus;
  code: string | null;
  createdAt: number;
  decidedAt: number | null;
}

export const COMMAND_COLUMNS = `id, library_id AS "libraryId", kind, booking_id AS "bookingId", payload, status, code,
  (extract(epoch FROM created_at) * 1000)::int8 AS "createdAt",
  (extract(epoch FROM decided_at) * 1000)::int8 AS "decidedAt"`;

/** A command as the API shows it (int8 instants arrive as strings from Postgres). */
export const commandView = (row: HubCommand): HubCommand => ({
  ...row,
  createdAt: Number(row.createdAt),
  decidedAt: row.decidedAt === null ? null : Number(row.decidedAt),
});

export interface NewCommand {
  tenantId: string;
  libraryId: string;
  kind: CommandKind;
  bookingId: string;
  payload: CommandPayload;
  requestedBy?: string | null;
}

/**
 * Writes a command, or returns the one already there: a booking has one confirm, at most one
 * pending cancel, and a waitlist entry one pending command of each kind (unique indexes), so a
 * repeated click or a second capture changes nothing.
 */
export async function issueCommand(tx: Tx, c: NewCommand, now: number): Promise<HubCommand> {
  const [created] = await tx.query<HubCommand>(
    `INSERT INTO hub_commands (tenant_id, library_id, kind, booking_id, payload, requested_by, created_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) ON CONFLICT DO NOTHING RETURNING ${COMMAND_COLUMNS}`,
    [
      c.tenantId,
      c.libraryId,
      c.kind,
      c.bookingId,
      JSON.stringify(c.payload),
      c.requestedBy ?? null,
      new Date(now),
    ],
  );
  if (created) return created;
  const [existing] = await tx.query<HubCommand>(
    `SELECT ${COMMAND_COLUMNS} FROM hub_commands WHERE tenant_id = $1 AND booking_id = $2 AND kind = $3
      ORDER BY (status = 'pending') DESC, created_at DESC LIMIT 1`,
    [c.tenantId, c.bookingId, c.kind],
  );
  if (!existing) throw new Error(`command for booking ${c.bookingId} vanished`);
  return existing;
}

/**
 * A paid remote request whose hub placed a hold: tell the hub to confirm it. Called where either
 * fact arrives last — the capture of the payment, or the hub's decision — so the order in which
 * they reach the cloud does not matter. Nothing happens unless the booking is still `held`.
 */
export async function confirmIfPaid(tx: Tx, tenantId: string, requestId: string, now: number) {
  const [due] = await tx.query<{ library_id: string; booking_id: string; payment_id: string }>(
    `SELECT r.library_id, r.booking_id, p.id AS payment_id FROM booking_requests r
       JOIN bookings b ON b.tenant_id = r.tenant_id AND b.id = r.booking_id AND b.state = 'held'
       JOIN payments p ON p.tenant_id = r.tenant_id AND p.booking_request_id = r.id AND p.status = 'captured'
      WHERE r.tenant_id = $1 AND r.id = $2 AND r.status = 'accepted'
      ORDER BY p.captured_at LIMIT 1`,
    [tenantId, requestId],
  );
  if (!due) return null;
  return issueCommand(
    tx,
    {
      tenantId,
      libraryId: due.library_id,
      kind: 'booking.confirm',
      bookingId: due.booking_id,
      payload: { paymentId: due.payment_id },
    },
    now,
  );
}

/**
 * A captured payment for a booking that is still `held` — a waitlist offer the student paid for
 * (ADR 0026), or any hold paid by its booking id — asks the hub to confirm it. The hub accepts a
 * waitlist offer's entry with it; a hold that lapsed first is refused and refunded in full by the
 * `hub outcomes` task, as for a request.
 */
export async function confirmPaidHold(
  tx: Tx,
  tenantId: string,
  bookingId: string,
  paymentId: string,
  now: number,
): Promise<HubCommand | null> {
  const [held] = await tx.query<{ library_id: string }>(
    `SELECT library_id FROM bookings WHERE tenant_id = $1 AND id = $2 AND state = 'held'`,
    [tenantId, bookingId],
  );
  if (!held) return null;
  return issueCommand(
    tx,
    { tenantId, libraryId: held.library_id, kind: 'booking.confirm', bookingId, payload: { paymentId } },
    now,
  );
}
