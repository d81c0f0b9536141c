/**
 * What runCloud starts for payments and notifications: the billing service (providers from the
 * config; the built-in test provider and its checkout page without keys), the messaging service
 * (channels from the environment; the local outbox without keys) and one `Periodic` component
 * that every `intervalMs` drains the notification outbox, enqueues due booking reminders and
 * renewal notices (`remindersTask`) and retries provider calls an outage left pending. The caller
 * starts it (`background.start()`) once the server listens; `stop()` stops the timer and waits for
 * the tick in flight.
 */
import type { Logger } from 'pino';
import type { CloudConfig } from '../config.ts';
import type { Database } from '../db/types.ts';
import { createMessaging, type Messaging } from '../messaging/index.ts';
import { Periodic } from '../messaging/periodic.ts';
import { remindersTask } from '../messaging/reminders.ts';
import { type Billing, createBilling, paymentsConfigOf } from './index.ts';

export interface BillingRuntime {
  billing: Billing;
  messaging: Messaging;
  background: Periodic;
}

export interface BillingRuntimeOptions {
  env?: Readonly<Record<string, string | undefined>>;
  intervalMs?: number;
  /** Absolute base of links the cloud hands out (the test checkout page); '' = same origin. */
  publicBaseUrl?: string;
}

export function startBillingRuntime(
  db: Database,
  logger: Logger,
  config: CloudConfig,
  options: BillingRuntimeOptions = {},
): BillingRuntime {
  const log = logger.child({ component: 'billing' });
  const billing = createBilling(db, log, {
    payments: paymentsConfigOf(config),
    publicBaseUrl: options.publicBaseUrl,
  });
  const messaging = createMessaging(db, { env: options.env ?? process.env });
  const background = new Periodic({
    intervalMs: options.intervalMs ?? 5_000,
    logger: log,
    tasks: [
      { name: 'notifications', run: (now) => messaging.worker.tick(now) },
      remindersTask(db),
      ...billing.tasks,
    ],
  });
  log.info(
    {
      payments: billing.providers.online.name,
      channels: messaging.channels.map((c) => `${c.channel}:${c.provider}`),
    },
    'payments and notifications ready',
  );
  return { billing, messaging, background };
}
