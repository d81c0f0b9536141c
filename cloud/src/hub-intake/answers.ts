/**
 * The hub's answers (ADR 0022): its decision on a student's remote request and its result for a
 * cloud command. Both update a cloud row only while it is `pending`; a late answer to a row the
 * cloud already closed (the student cancelled the request meanwhile) still raises the row's `rev`
 * to the hub's, so the echo replaces the hub's copy and both sides end with the cloud's status.
 * A request accepted after the student cancelled it leaves a booking nobody wants: the cloud
 * sends the hub a cancel for it.
 */
import type { CommandResultPayload, RejectionCode, RequestDecisionPayload } from '@studyspot/sync/mutations';
import { confirmIfPaid, issueCommand } from '../commands/issue.ts';
import type { Tx } from '../db/types.ts';
import { bookingConfirmedNotice, commandNotices, requestRejectedNotice } from './notices.ts';
import type { HubIdentity } from './types.ts';

/** A mutation the cloud refuses for a reason of its own (not a Postgres constraint). */
export class MutationRefusal extends Error {
  override name = 'MutationRefusal';
  constructor(
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
  }
}

const at = (ms: number) => new Date(ms);

export async function requestDecision(tx: Tx, hub: HubIdentity, d: RequestDecisionPayload): Promise<void> {
  const [decided] = await tx.query<{ id: string }>(
    `UPDATE booking_requests SET status = $3, reason = $4, booking_id = $5, decided_at = $6, rev = $7
      WHERE tenant_id = $1 AND id = $2 AND status = 'pending' RETURNING id`,
    [hub.tenantId, d.id, d.status, d.reason, d.bookingId, at(d.decidedAt), d.rev],
  );
  if (decided) {
    if (d.status === 'accepted') await confirmIfPaid(tx, hub.tenantId, d.id, d.decidedAt);
    if (d.bookingId) await bookingConfirmedNotice(tx, hub.tenantId, d.bookingId, d.decidedAt); // ADR 0026
    if (d.status === 'rejected') await requestRejectedNotice(tx, hub.tenantId, d.id, d.decidedAt);
    return;
  }
  const [closed] = await tx.query<{ status: string; library_id: string }>(
    `UPDATE booking_requests SET rev = greatest(rev, $3) WHERE tenant_id = $1 AND id = $2
     RETURNING status, library_id`,
    [hub.tenantId, d.id, d.rev],
  );
  if (!closed) throw new MutationRefusal('unknown_reference', `no booking request ${d.id}`);
  if (d.status === 'accepted' && d.bookingId && closed.status !== 'accepted') {
    await issueCommand(
      tx,
      {
        tenantId: hub.tenantId,
        libraryId: closed.library_id,
        kind: 'booking.cancel',
        bookingId: d.bookingId,
        payload: { refund: 'none', reason: `request ${closed.status} before the hub decided` },
      },
      d.decidedAt,
    );
  }
}

export async function commandResult(tx: Tx, hub: HubIdentity, r: CommandResultPayload): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `UPDATE hub_commands SET status = CASE WHEN status = 'pending' THEN $3 ELSE status END,
        code = CASE WHEN status = 'pending' THEN $4 ELSE code END,
        decided_at = coalesce(decided_at, $5), rev = greatest(rev, $6)
      WHERE tenant_id = $1 AND id = $2 RETURNING id`,
    [hub.tenantId, r.id, r.status, r.code, at(r.decidedAt), r.rev],
  );
  if (!row) throw new MutationRefusal('unknown_reference', `no hub command ${r.id}`);
  await commandNotices(tx, hub, r.id, r.decidedAt); // a confirm the student waits for (ADR 0026)
}
