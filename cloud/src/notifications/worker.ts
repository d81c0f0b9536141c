/**
 * The notification worker: each `tick(now)` claims due outbox messages and settles every one of them —
 * sent, retried with backoff, deferred past quiet hours, skipped (opted out, expired) or dead (visible
 * to admins). Time is injected, never slept on: a scheduler calls `tick(Date.now())` every few seconds.
 *
 * Delivery is at-least-once. A crash between claim and settle leaves the row `sending`; its lease
 * expires and the next tick sends it again. The message id travels to the adapter as the dedup key:
 * the local outbox and web push (`Topic`) collapse a repeat, SMTP repeats the same `Message-ID`, but
 * Twilio's Messages API has no idempotency key, so a lost acknowledgement can mean a second SMS.
 * The lease must exceed the slowest adapter's timeout.
 *
 * A push the phone cannot get — the push service says the subscription is gone (404/410), the user
 * has no subscription any more, or opted out of push — is not the message's fault: the worker
 * forgets a gone subscription (`RecipientDirectory.forgetPush`), enqueues the same content on
 * `pushFallback` (SMS) under an id derived from the push message's, so a retried tick enqueues it
 * once, and settles the push as skipped with the reason. ADR 0027.
 */
import { v5 as uuidv5 } from 'uuid';
import { backoffDelay } from './backoff.ts';
import type { NotificationOutbox, OutboxMessage, Settlement } from './outbox.ts';
import { quietUntil } from './quiet-hours.ts';
import { renderMessage } from './templates/render.ts';
import type { Channel, Notifier, NotifyErrorCode, RecipientDirectory, RecipientProfile } from './types.ts';
import { NotifyError, urgentKinds } from './types.ts';

export interface WorkerOptions {
  outbox: NotificationOutbox;
  directory: RecipientDirectory;
  notifiers: Readonly<Record<Channel, Notifier>>;
  /** Uniform in [0, 1) for backoff jitter; injected so tests are deterministic. */
  random?: () => number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  leaseMs?: number;
  batchSize?: number;
  /** Where an undeliverable push goes instead (default 'sms'); null: it dies. */
  pushFallback?: Channel | null;
}

export type TickOutcome = 'sent' | 'retry' | 'deferred' | 'dead' | 'skipped' | 'lost_claim';
export type TickReport = Record<TickOutcome, number>;

/** Namespace of fallback message ids (a fixed random UUID; never change it). */
const FALLBACK_NAMESPACE = '0c6f3b9e-2d47-4a8e-b1f5-7e9a4c2d6b13';

/** The id of `messageId`'s copy on `channel`: derived, so enqueueing it twice is one message. */
export const fallbackMessageId = (messageId: string, channel: Channel) =>
  uuidv5(`fallback:${channel}:${messageId}`, FALLBACK_NAMESPACE);

/** Push failures that say this phone cannot get push now, not that the message is wrong. */
const pushUnreachable: ReadonlySet<NotifyErrorCode> = new Set<NotifyErrorCode>([
  'subscription_gone',
  'no_address',
]);

const emptyReport = (): TickReport => ({
  sent: 0,
  retry: 0,
  deferred: 0,
  dead: 0,
  skipped: 0,
  lost_claim: 0,
});

export class NotificationWorker {
  readonly #o: Required<WorkerOptions>;

  constructor(options: WorkerOptions) {
    this.#o = {
      pushFallback: 'sms',
      random: Math.random,
      maxAttempts: 6,
      baseDelayMs: 30_000,
      maxDelayMs: 3_600_000,
      leaseMs: 120_000,
      batchSize: 50,
      ...options,
    };
  }

  /** Claims one batch and settles each message in it. */
  async tick(now: number): Promise<TickReport> {
    const claimed = await this.#o.outbox.claimDue(now, this.#o.batchSize, this.#o.leaseMs);
    const outcomes = await Promise.all(claimed.map((message) => this.#process(message, now)));
    const report = emptyReport();
    for (const outcome of outcomes) report[outcome] += 1;
    return report;
  }

  async #process(message: OutboxMessage, now: number): Promise<TickOutcome> {
    const settlement = await this.#decide(message, now);
    const settled = await this.#o.outbox.settle(message.id, message.claimToken ?? '', settlement, now);
    return settled ? settlement.status : 'lost_claim';
  }

  async #decide(message: OutboxMessage, now: number): Promise<Settlement> {
    // Crash loops (claimed, never settled) end here instead of retrying forever.
    if (message.attempts > this.#o.maxAttempts)
      return { status: 'dead', error: 'attempts exhausted (lease expired)' };
    if (message.expiresAt !== null && now >= message.expiresAt)
      return { status: 'skipped', reason: 'expired' };
    let profile: RecipientProfile | null;
    try {
      profile = await this.#o.directory.lookup(message.tenantId, message.userId);
    } catch (error) {
      return this.#failure(message, now, new NotifyError('unavailable', `directory: ${String(error)}`, true));
    }
    if (!profile) return { status: 'dead', error: 'unknown_recipient' };
    const gate = this.#gate(message, profile, now);
    if (gate?.status === 'skipped' && gate.reason === 'opted_out' && message.channel === 'push') {
      return this.#fallBack(message, now, 'opted out of push');
    }
    if (gate) return gate;
    return this.#send(message, profile, now);
  }

  /** Preferences and quiet hours; urgent kinds (OTP) pass both — the user is waiting for them. */
  #gate(message: OutboxMessage, profile: RecipientProfile, now: number): Settlement | null {
    if (urgentKinds.has(message.content.kind)) return null;
    if (profile.optedOut.includes(message.channel)) return { status: 'skipped', reason: 'opted_out' };
    if (!profile.quietHours) return null;
    const until = quietUntil(now, profile.timeZone, profile.quietHours);
    if (until === null) return null;
    if (message.expiresAt !== null && until >= message.expiresAt) {
      return { status: 'skipped', reason: 'expired during quiet hours' };
    }
    return { status: 'deferred', reason: 'quiet_hours', until };
  }

  async #send(message: OutboxMessage, profile: RecipientProfile, now: number): Promise<Settlement> {
    const notifier = this.#o.notifiers[message.channel];
    const rendered = renderMessage({
      id: message.id,
      content: message.content,
      language: profile.language,
      timeZone: message.timeZone,
    });
    try {
      const { providerRef } = await notifier.send(rendered, profile);
      return { status: 'sent', provider: notifier.provider, providerRef };
    } catch (error) {
      // An error that is not a NotifyError is an adapter bug or an unexpected network error: retry it.
      const failure =
        error instanceof NotifyError
          ? error
          : new NotifyError('unavailable', String(error), true, { cause: error });
      if (message.channel === 'push' && pushUnreachable.has(failure.code)) {
        if (failure.code === 'subscription_gone' && profile.push) {
          // Best effort: a subscription left behind answers 410 again and is forgotten then.
          await this.#o.directory.forgetPush?.(profile.userId, profile.push.endpoint).catch(() => undefined);
        }
        return this.#fallBack(message, now, `${failure.code}: ${failure.message}`);
      }
      return this.#failure(message, now, failure);
    }
  }

  /** Sends the push's content on `pushFallback` instead, as its own message; the push is skipped. */
  async #fallBack(message: OutboxMessage, now: number, why: string): Promise<Settlement> {
    const channel = this.#o.pushFallback;
    if (channel === null || channel === 'push') return { status: 'dead', error: why };
    try {
      const { id, tenantId, userId, content, timeZone, expiresAt } = message;
      const copy = {
        id: fallbackMessageId(id, channel),
        tenantId,
        userId,
        channel,
        content,
        timeZone,
        expiresAt,
      };
      await this.#o.outbox.enqueue(copy, now);
    } catch (error) {
      return this.#failure(message, now, new NotifyError('unavailable', `fallback: ${String(error)}`, true));
    }
    return { status: 'skipped', reason: `${why}; sent by ${channel} instead` };
  }

  #failure(message: OutboxMessage, now: number, error: NotifyError): Settlement {
    const text = `${error.code}: ${error.message}`;
    if (!error.retryable) return { status: 'dead', error: text };
    if (message.attempts >= this.#o.maxAttempts) {
      return { status: 'dead', error: `${text} (after ${message.attempts} attempts)` };
    }
    const delay = backoffDelay(
      message.attempts,
      { baseMs: this.#o.baseDelayMs, maxMs: this.#o.maxDelayMs },
      this.#o.random,
    );
    return { status: 'retry', error: text, nextAttemptAt: now + delay };
  }
}
