/**
 * Test wiring for the worker: an in-memory outbox and local-outbox store, a directory of recipients,
 * and notifiers for every channel (local outbox unless a test swaps one in). Not a test file itself.
 */
import { MemoryOutbox } from './memory-outbox.ts';
import type { NewNotification } from './outbox.ts';
import { createNotifiers } from './providers/index.ts';
import { MemoryLocalOutboxStore } from './providers/local-outbox.ts';
import type { Channel, Notifier, RecipientDirectory, RecipientProfile } from './types.ts';
import type { WorkerOptions } from './worker.ts';
import { NotificationWorker } from './worker.ts';

/** 2025-03-05 at `h:m` in Asia/Kolkata. */
export const ist = (h: number, m = 0, day = 5) => Date.UTC(2025, 2, day, h, m) - 330 * 60_000;

export function profile(userId: string, overrides: Partial<RecipientProfile> = {}): RecipientProfile {
  return {
    userId,
    phone: '+919876543210',
    email: `${userId}@example.in`,
    language: 'en',
    timeZone: 'Asia/Kolkata',
    optedOut: [],
    quietHours: { start: '22:00', end: '07:00' },
    ...overrides,
  };
}

export class MapDirectory implements RecipientDirectory {
  readonly users = new Map<string, RecipientProfile>();
  forgetPush?: (userId: string, endpoint: string) => Promise<void>;
  async lookup(_tenantId: string, userId: string): Promise<RecipientProfile | null> {
    return this.users.get(userId) ?? null;
  }
}

export function reminder(id: string, overrides: Partial<NewNotification> = {}): NewNotification {
  const startsAt = ist(9, 30, 6);
  return {
    id,
    tenantId: 't1',
    userId: 'asha',
    channel: 'sms',
    content: {
      kind: 'booking_reminder',
      vars: { libraryName: 'Gyan', seatLabel: 'A-1', startsAt, minutesBefore: 30 },
    },
    timeZone: 'Asia/Kolkata',
    ...overrides,
  };
}

export function otp(id: string, overrides: Partial<NewNotification> = {}): NewNotification {
  return reminder(id, { content: { kind: 'otp', vars: { code: '123456', ttlMinutes: 5 } }, ...overrides });
}

export function setup(
  overrides: Partial<Record<Channel, Notifier>> = {},
  options: Partial<WorkerOptions> = {},
) {
  const outbox = new MemoryOutbox();
  const store = new MemoryLocalOutboxStore();
  const directory = new MapDirectory();
  directory.users.set('asha', profile('asha'));
  const { notifiers } = createNotifiers({}, store, () => 0);
  // Every worker made here shares the outbox, as several cloud processes share the table.
  const makeWorker = () =>
    new NotificationWorker({
      outbox,
      directory,
      notifiers: { ...notifiers, ...overrides },
      random: () => 0.5,
      baseDelayMs: 1000,
      maxDelayMs: 60_000,
      leaseMs: 30_000,
      maxAttempts: 4,
      ...options,
    });
  return { outbox, store, directory, worker: makeWorker(), makeWorker };
}
