/**
 * The notification service wired to the database: SQL outbox and local outbox, the recipient
 * directory (identity's `lookupRecipient`; a push subscription the push service called gone is
 * cleared from the account), the worker built from the environment's provider keys (without keys
 * every channel lands in the local outbox), and the enqueue helpers the rest of the cloud calls.
 */
import type { Database } from '../db/types.ts';
import { lookupRecipient } from '../identity/recipients.ts';
import {
  type ChannelDescription,
  createNotifiers,
  type NotificationConfig,
  notificationConfigFromEnv,
} from '../notifications/providers/index.ts';
import type { RecipientDirectory } from '../notifications/types.ts';
import { NotificationWorker, type WorkerOptions } from '../notifications/worker.ts';
import { SqlLocalOutboxStore } from './sql-local-outbox.ts';
import { SqlNotificationOutbox } from './sql-outbox.ts';

export * from './notify.ts';
export { Periodic, type PeriodicTask } from './periodic.ts';
export { type LocalOutboxQuery, SqlLocalOutboxStore } from './sql-local-outbox.ts';
export { enqueueIn, SqlNotificationOutbox } from './sql-outbox.ts';

export interface Messaging {
  outbox: SqlNotificationOutbox;
  localOutbox: SqlLocalOutboxStore;
  channels: ChannelDescription[];
  worker: NotificationWorker;
}

export interface MessagingOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Provider settings instead of the ones `env` gives (tests: a web-push agent trusting a stand-in). */
  config?: NotificationConfig;
  directory?: RecipientDirectory;
  worker?: Partial<Omit<WorkerOptions, 'outbox' | 'directory' | 'notifiers'>>;
}

export function createMessaging(db: Database, options: MessagingOptions = {}): Messaging {
  const outbox = new SqlNotificationOutbox(db);
  const localOutbox = new SqlLocalOutboxStore(db);
  const config = options.config ?? notificationConfigFromEnv(options.env ?? {});
  const { notifiers, channels } = createNotifiers(config, localOutbox);
  const directory = options.directory ?? {
    lookup: (tenantId, userId) => lookupRecipient(db, tenantId, userId),
    forgetPush: (userId, endpoint) => forgetPushSubscription(db, userId, endpoint),
  };
  const worker = new NotificationWorker({ ...options.worker, outbox, directory, notifiers });
  return { outbox, localOutbox, channels, worker };
}

/** Clears the account's push subscription if it is still the one at `endpoint` (ADR 0027). */
export async function forgetPushSubscription(db: Database, userId: string, endpoint: string): Promise<void> {
  // Accounts are global and written only by platform transactions (migration 101).
  await db.platform((tx) =>
    tx.query(
      `UPDATE users SET push_subscription = NULL, updated_at = now()
        WHERE id = $1 AND push_subscription->>'endpoint' = $2`,
      [userId, endpoint],
    ),
  );
}
