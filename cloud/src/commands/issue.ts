/**
 * Commands the cloud sends a hub (ADR 0022). The hub owns bookings (ARCHITECTURE §3), so a cloud
 * action on one — an owner's or student's cancel, a captured payment confirming a held booking — is
 * written here as a `hub_commands` row, replicated to the library's hub through its shape, applied
 * there by the allocator and answered through the hub's outbox (`command.result`). Until the hub
 * answers, the command is `pending` and every screen that shows it says so.
 */
import type { Tx } from '../db/types.ts';

export type CommandKind = 'booking.cancel' | 'booking.confirm';
export type CommandStatus = 'pending' | 'applied' | 'rejected';
/** What a cancel refunds once the hub has applied it: by the library's policy, all, or nothing. */
export type CancelRefund = 'policy' | 'full' | 'none';

export interface CommandPayload {
  paymentId?: string;
  refund?: CancelRefund;
  reason?: string;
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

export interface NewCommand {
  tenantId: string;
  libraryId: string;
  kind: CommandKind;
  bookingId: string;
  payload: CommandPayload;
  requestedBy?: string | null;
}

/**
 * Writes a command, or returns the one already there: a booking has one confirm, and at most one
 * pending cancel (unique indexes), so a repeated click or a second capture changes nothing.
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
