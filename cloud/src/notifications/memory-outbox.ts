/**
 * An in-memory `NotificationOutbox`: for tests and a DB-less dev run. Rows are copied in and out, as a
 * database would, so a caller holding a claimed row cannot change the stored one by mutating it.
 */
import { randomUUID } from 'node:crypto';
import type {
  NewNotification,
  NotificationOutbox,
  OutboxFilter,
  OutboxMessage,
  Settlement,
} from './outbox.ts';

export class MemoryOutbox implements NotificationOutbox {
  readonly #rows = new Map<string, OutboxMessage>();

  async enqueue(n: NewNotification, now: number): Promise<{ message: OutboxMessage; created: boolean }> {
    const existing = this.#rows.get(n.id);
    if (existing) return { message: structuredClone(existing), created: false };
    const message: OutboxMessage = {
      id: n.id,
      tenantId: n.tenantId,
      userId: n.userId,
      channel: n.channel,
      content: structuredClone(n.content),
      timeZone: n.timeZone,
      expiresAt: n.expiresAt ?? null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: n.notBefore ?? now,
      leaseUntil: null,
      claimToken: null,
      lastError: null,
      provider: null,
      providerRef: null,
      createdAt: now,
      updatedAt: now,
    };
    this.#rows.set(n.id, message);
    return { message: structuredClone(message), created: true };
  }

  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const due = [...this.#rows.values()]
      .filter(
        (row) =>
          (row.status === 'pending' && row.nextAttemptAt <= now) ||
          (row.status === 'sending' && row.leaseUntil !== null && row.leaseUntil <= now),
      )
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.createdAt - b.createdAt)
      .slice(0, limit);
    for (const row of due) {
      row.status = 'sending';
      row.attempts += 1;
      row.leaseUntil = now + leaseMs;
      row.claimToken = randomUUID();
      row.updatedAt = now;
    }
    return due.map((row) => structuredClone(row));
  }

  async settle(id: string, claimToken: string, settlement: Settlement, now: number): Promise<boolean> {
    const row = this.#rows.get(id);
    if (row?.status !== 'sending' || row.claimToken !== claimToken) return false;
    applySettlement(row, settlement);
    row.leaseUntil = null;
    row.claimToken = null;
    row.updatedAt = now;
    return true;
  }

  async get(id: string): Promise<OutboxMessage | null> {
    const row = this.#rows.get(id);
    return row ? structuredClone(row) : null;
  }

  async list(filter: OutboxFilter = {}): Promise<OutboxMessage[]> {
    return [...this.#rows.values()]
      .filter(
        (row) =>
          (filter.status === undefined || row.status === filter.status) &&
          (filter.tenantId === undefined || row.tenantId === filter.tenantId) &&
          (filter.userId === undefined || row.userId === filter.userId),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, filter.limit ?? Number.POSITIVE_INFINITY)
      .map((row) => structuredClone(row));
  }
}

/** The state change of one settlement; the SQL implementation mirrors it in one UPDATE. */
function applySettlement(row: OutboxMessage, s: Settlement): void {
  switch (s.status) {
    case 'sent':
      row.status = 'sent';
      row.provider = s.provider;
      row.providerRef = s.providerRef;
      return;
    case 'retry':
      row.status = 'pending';
      row.lastError = s.error;
      row.nextAttemptAt = s.nextAttemptAt;
      return;
    case 'deferred':
      // A deferral is not a delivery attempt: give the claim's attempt back.
      row.status = 'pending';
      row.attempts -= 1;
      row.lastError = s.reason;
      row.nextAttemptAt = s.until;
      return;
    case 'dead':
      row.status = 'dead';
      row.lastError = s.error;
      return;
    case 'skipped':
      row.status = 'skipped';
      row.lastError = s.reason;
      return;
  }
}
