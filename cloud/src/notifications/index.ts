/**
 * The notification service's public surface for the rest of the cloud: enqueue into a
 * `NotificationOutbox`, run a `NotificationWorker` on a timer, build the channel map with
 * `createNotifiers`, show `describeChannels` on the health/admin pages and list the local outbox.
 */
export type { BackoffPolicy } from './backoff.ts';
export { backoffDelay } from './backoff.ts';
export { MemoryOutbox } from './memory-outbox.ts';
export type {
  NewNotification,
  NotificationOutbox,
  OutboxFilter,
  OutboxMessage,
  OutboxStatus,
  Settlement,
} from './outbox.ts';
export { outboxStatuses } from './outbox.ts';
export type { ChannelDescription, NotificationConfig, Notifiers } from './providers/index.ts';
export {
  createNotifiers,
  describeChannels,
  notificationConfigFromEnv,
  providers,
} from './providers/index.ts';
export type { LocalOutboxEntry, LocalOutboxStore } from './providers/local-outbox.ts';
export { MemoryLocalOutboxStore } from './providers/local-outbox.ts';
export type { QuietWindow } from './quiet-hours.ts';
export { quietUntil } from './quiet-hours.ts';
export type { RenderInput } from './templates/render.ts';
export { catalogs, renderMessage } from './templates/render.ts';
export * from './types.ts';
export type { TickReport, WorkerOptions } from './worker.ts';
export { NotificationWorker } from './worker.ts';
