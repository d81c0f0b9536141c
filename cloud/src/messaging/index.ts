/**
 * The notification service wired to the database: SQL outbox and local outbox, the recipient
 * directory (identity's `lookupRecipient`), the worker built from the environment's provider keys (without keys every channel
 * lands in the local outbox), and the enqueue helpers the rest of the cloud calls.
 */
import type { Database } from '../db/types.ts';
import { lookupRecipient } from '../identity/recipients.ts';
import {
  type ChannelDescription,
  createNotifiers,
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
  directory?: RecipientDirectory;
  worker?: Partial<Omit<WorkerOptions, 'outbox' | 'directory' | 'notifiers'>>;
}

export function createMessaging(db: Database, options: MessagingOptions = {}): Messaging {
  const outbox = new SqlNotificationOutbox(db);
  const localOutbox = new SqlLocalOutboxStore(db);
  const { notifiers, channels } = createNotifiers(notificationConfigFromEnv(options.env ?? {}), localOutbox);
  const directory = options.directory ?? {
    lookup: (tenantId, userId) => lookupRecipient(db, tenantId, userId),
  };
  const worker = new NotificationWorker({ ...options.worker, outbox, directory, notifiers });
  return { outbox, localOutbox, channels, worker };
}
