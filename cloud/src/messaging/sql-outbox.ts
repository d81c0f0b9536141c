/**
 * The notification outbox in SQL (`notification_outbox`, migration 310), implementing the
 * storage-free `NotificationOutbox` contract and passing `outbox.contract.ts` on both backends.
 * Producers enqueue in the transaction of the change that causes the message (`enqueueIn(tx, …)`,
 * under the tenant's RLS); the worker claims across tenants in platform transactions with one
 * `UPDATE … FOR UPDATE SKIP LOCKED`, so two workers never hold the same row. State machine:
 * `notifications/outbox.ts`.
 */
import type { Database, Tx } from '../db/types.ts';
import type {
  NewNotification,
  NotificationOutbox,
  OutboxFilter,
  OutboxMessage,
  OutboxStatus,
  Settlement,
} from '../notifications/outbox.ts';
import type { Channel, MessageContent } from '../notifications/types.ts';

interface OutboxRow {
  tenant_id: string;
  id: string;
  user_id: string;
  channel: Channel;
  content: MessageContent;
  time_zone: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  claim_token: string | null;
  expires_at: Date | null;
  last_error: string | null;
  provider: string | null;
  provider_ref: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `tenant_id, id, user_id, channel, content, time_zone, status, attempts, next_attempt_at,
  lease_until, claim_token, expires_at, last_error, provider, provider_ref, created_at, updated_at`;

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const at = (n: number | null | undefined): Date | null =>
  n === null || n === undefined ? null : new Date(n);

export function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    userId: row.user_id,
    channel: row.channel,
    content: row.content,
    timeZone: row.time_zone,
    expiresAt: ms(row.expires_at),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at.getTime(),
    leaseUntil: ms(row.lease_until),
    claimToken: row.claim_token,
    lastError: row.last_error,
    provider: row.provider,
    providerRef: row.provider_ref,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
  };
}

/**
 * Adds a message in the caller's transaction (the change that causes it commits with it), or
 * returns the existing row with `created: false` when the id is already known.
 */
export async function enqueueIn(
  tx: Tx,
  n: NewNotification,
  now: number,
): Promise<{ message: OutboxMessage; created: boolean }> {
  const [inserted] = await tx.query<OutboxRow>(
    `INSERT INTO notification_outbox (tenant_id, id, user_id, channel, content, time_zone,
       next_attempt_at, expires_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [
      n.tenantId,
      n.id,
      n.userId,
      n.channel,
      n.content,
      n.timeZone,
      at(n.notBefore ?? now),
      at(n.expiresAt),
      at(now),
    ],
  );
  if (inserted) return { message: toMessage(inserted), created: true };
  const [existing] = await tx.query<OutboxRow>(`SELECT ${COLUMNS} FROM notification_outbox WHERE id = $1`, [
    n.id,
  ]);
  if (!existing) throw new Error(`outbox message ${n.id} exists in another tenant`);
  return { message: toMessage(existing), created: false };
}

/** The `SET` clause and parameters (from $4) of one settlement, mirroring memory-outbox.ts. */
function settlementUpdate(s: Settlement): { set: string; params: unknown[] } {
  switch (s.status) {
    case 'sent':
      return {
        set: `status = 'sent', provider = $4, provider_ref = $5`,
        params: [s.provider, s.providerRef],
      };
    case 'retry':
      return {
        set: `status = 'pending', last_error = $4, next_attempt_at = $5`,
        params: [s.error, at(s.nextAttemptAt)],
      };
    case 'deferred':
      // A deferral is not a delivery attempt: the claim's attempt is given back.
      return {
        set: `status = 'pending', attempts = attempts - 1, last_error = $4, next_attempt_at = $5`,
        params: [s.reason, at(s.until)],
      };
    case 'dead':
      return { set: `status = 'dead', last_error = $4`, params: [s.error] };
    case 'skipped':
      return { set: `status = 'skipped', last_error = $4`, params: [s.reason] };
  }
}

export class SqlNotificationOutbox implements NotificationOutbox {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  enqueue(n: NewNotification, now: number): Promise<{ message: OutboxMessage; created: boolean }> {
    return this.#db.tenant(n.tenantId, (tx) => enqueueIn(tx, n, now));
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await this.#db.platform((tx) =>
      tx.query<OutboxRow>(
        `UPDATE notification_outbox o
            SET status = 'sending', attempts = o.attempts + 1, lease_until = $2,
                claim_token = gen_random_uuid(), updated_at = $1
          WHERE (o.tenant_id, o.id) IN (
            SELECT tenant_id, id FROM notification_outbox
             WHERE (status = 'pending' AND next_attempt_at <= $1)
                OR (status = 'sending' AND lease_until <= $1)
             ORDER BY next_attempt_at, created_at, seq LIMIT $3
             FOR UPDATE SKIP LOCKED)
          RETURNING ${COLUMNS.replace(/(\w+)/g, 'o.$1')}`,
        [at(now), at(now + leaseMs), limit],
      ),
    );
    return rows.map(toMessage).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt);
  }

  async settle(id: string, claimToken: string, settlement: Settlement, now: number): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(claimToken)) return false;
    const { set, params } = settlementUpdate(settlement);
    const rows = await this.#db.platform((tx) =>
      tx.query(
        `UPDATE notification_outbox SET ${set}, lease_until = NULL, claim_token = NULL, updated_at = $3
          WHERE id = $1 AND status = 'sending' AND claim_token = $2 RETURNING id`,
        [id, claimToken, at(now), ...params],
      ),
    );
    return rows.length === 1;
  }

  async get(id: string): Promise<OutboxMessage | null> {
    const [row] = await this.#db.platform((tx) =>
      tx.query<OutboxRow>(`SELECT ${COLUMNS} FROM notification_outbox WHERE id = $1`, [id]),
    );
    return row ? toMessage(row) : null;
  }

  list(filter: OutboxFilter & { offset?: number } = {}): Promise<OutboxMessage[]> {
    return this.#db.platform(async (tx) => {
      const rows = await tx.query<OutboxRow>(
        `SELECT ${COLUMNS} FROM notification_outbox
          WHERE ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR tenant_id = $2)
            AND ($3::uuid IS NULL OR user_id = $3)
          ORDER BY created_at DESC, seq DESC LIMIT $4 OFFSET $5`,
        [
          filter.status ?? null,
          filter.tenantId ?? null,
          filter.userId ?? null,
          filter.limit ?? null,
          filter.offset ?? 0,
        ],
      );
      return rows.map(toMessage);
    });
  }
}
