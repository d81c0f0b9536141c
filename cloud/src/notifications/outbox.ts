/**
 * The notification outbox contract: durable rows the worker claims, sends and settles. The cloud
 * writes a row in the same transaction as the change that causes it (booking confirmed, payment
 * received…); the worker delivers it later. This module is storage-free: `memory-outbox.ts` implements
 * it for tests and for a DB-less dev run, the integrator implements it in SQL (claim with
 * `FOR UPDATE SKIP LOCKED`), and both run `outbox.contract.ts`.
 *
 *   enqueue ──► pending ──claimDue──► sending ──settle(sent)────► sent
 *                 ▲  ▲                 │  │ └──settle(dead)────► dead      (visible to admins)
 *                 │  │ settle(retry)   │  └───settle(skipped)──► skipped   (opted out, expired)
 *                 │  └─────────────────┤
 *                 │   settle(deferred) │   quiet hours: not counted as an attempt
 *                 └── lease expired ───┘   (worker crashed between claim and settle: claimed again)
 *
 * Every claim counts an attempt and gets a fresh token; `settle` with a stale token (the lease expired
 * and someone else claimed the row) changes nothing and returns false.
 */
import type { Channel, MessageContent } from './types.ts';

export const outboxStatuses = ['pending', 'sending', 'sent', 'dead', 'skipped'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export interface NewNotification {
  /** Caller-chosen id (a UUID); enqueue is idempotent on it and adapters use it as the dedup key. */
  id: string;
  tenantId: string;
  userId: string;
  channel: Channel;
  content: MessageContent;
  /** The library's IANA zone, for the times shown in the message. */
  timeZone: string;
  /** Earliest delivery (reminders, renewal notices); defaults to the enqueue time. */
  notBefore?: number | undefined;
  /** After this instant the message is pointless (a reminder after the booking began): skipped. */
  expiresAt?: number | null | undefined;
}

export interface OutboxMessage extends Required<Omit<NewNotification, 'notBefore'>> {
  status: OutboxStatus;
  /** Claims so far, the current one included (a deferral gives its claim back). */
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  claimToken: string | null;
  lastError: string | null;
  provider: string | null;
  providerRef: string | null;
  createdAt: number;
  updatedAt: number;
}

/** How a claimed message ends this attempt. */
export type Settlement =
  | { status: 'sent'; provider: string; providerRef: string }
  | { status: 'retry'; error: string; nextAttemptAt: number }
  | { status: 'deferred'; reason: string; until: number }
  | { status: 'dead'; error: string }
  | { status: 'skipped'; reason: string };

export interface OutboxFilter {
  status?: OutboxStatus | undefined;
  tenantId?: string | undefined;
  userId?: string | undefined;
  limit?: number | undefined;
}

export interface NotificationOutbox {
  /** Adds a message, or returns the existing one with `created: false` when the id is known. */
  enqueue(notification: NewNotification, now: number): Promise<{ message: OutboxMessage; created: boolean }>;
  /**
   * Claims up to `limit` messages that are pending and due, or sending with an expired lease, oldest
   * due first: sets status `sending`, a lease until `now + leaseMs`, a new token, and counts an attempt.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  /** Ends a claim. False (and no change) when `claimToken` is no longer the row's current claim. */
  settle(id: string, claimToken: string, settlement: Settlement, now: number): Promise<boolean>;
  get(id: string): Promise<OutboxMessage | null>;
  /** Newest first, for the admin portal (dead letters, local outbox). */
  list(filter?: OutboxFilter): Promise<OutboxMessage[]>;
}
