/**
 * The local outbox: where a channel's messages go when its provider has no keys configured (a fresh
 * machine, a dev laptop, a library that has not set up Twilio). Nothing is sent; every message is kept
 * in a store the admin portal lists, so a message is never silently nowhere. Storing is idempotent on
 * the outbox message id: a worker retry after a lost acknowledgement does not add a second entry.
 */
import type { Channel, Notifier, Recipient, RenderedMessage } from '../types.ts';

export interface LocalOutboxEntry {
  messageId: string;
  channel: Channel;
  userId: string;
  /** The address the real provider would have used (phone, email, push endpoint), if the user has one. */
  to: string | null;
  kind: RenderedMessage['kind'];
  language: RenderedMessage['language'];
  subject: string;
  text: string;
  at: number;
}

/** Storage for local-outbox entries; in memory here, a table when the integrator wires the database. */
export interface LocalOutboxStore {
  /** Adds the entry unless one with the same `messageId` exists; says which. */
  put(entry: LocalOutboxEntry): Promise<{ created: boolean }>;
  /** Newest first. */
  list(options?: { limit?: number; userId?: string }): Promise<LocalOutboxEntry[]>;
}

export class MemoryLocalOutboxStore implements LocalOutboxStore {
  readonly #entries = new Map<string, LocalOutboxEntry>();

  async put(entry: LocalOutboxEntry): Promise<{ created: boolean }> {
    if (this.#entries.has(entry.messageId)) return { created: false };
    this.#entries.set(entry.messageId, { ...entry });
    return { created: true };
  }

  async list(options: { limit?: number; userId?: string } = {}): Promise<LocalOutboxEntry[]> {
    return [...this.#entries.values()]
      .filter((e) => options.userId === undefined || e.userId === options.userId)
      .reverse()
      .slice(0, options.limit ?? Number.POSITIVE_INFINITY)
      .map((e) => ({ ...e }));
  }
}

function addressFor(channel: Channel, recipient: Recipient): string | null {
  switch (channel) {
    case 'sms':
    case 'whatsapp':
      return recipient.phone ?? null;
    case 'email':
      return recipient.email ?? null;
    case 'push':
      return recipient.push?.endpoint ?? null;
    case 'outbox':
      return null;
  }
}

/** A notifier that keeps `channel`'s messages in `store`. `clock` stamps entries (wall clock by default). */
export function createLocalOutbox(channel: Channel, store: LocalOutboxStore, clock: () => number = Date.now) {
  return {
    channel,
    provider: 'local-outbox',
    async send(message: RenderedMessage, recipient: Recipient) {
      await store.put({
        messageId: message.id,
        channel,
        userId: recipient.userId,
        to: addressFor(channel, recipient),
        kind: message.kind,
        language: message.language,
        subject: message.subject,
        text: message.text,
        at: clock(),
      });
      return { providerRef: `local:${message.id}` };
    },
  } satisfies Notifier;
}
