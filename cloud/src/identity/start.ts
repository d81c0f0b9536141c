/**
 * Starting identity for `runCloud`: load or create the signing keys, and bootstrap the platform
 * admin from ADMIN_EMAIL/ADMIN_PASSWORD when there is none (both or neither must be set).
 */
import type { Logger } from 'pino';
import type { Database } from '../db/types.ts';
import type { NotificationOutbox } from '../notifications/outbox.ts';
import { Identity } from './identity.ts';

export interface IdentityConfig {
  identitySecret?: string | undefined;
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
}

export async function startIdentity(
  db: Database,
  logger: Logger,
  outbox: NotificationOutbox,
  config: IdentityConfig,
): Promise<Identity> {
  const identity = await new Identity({
    db,
    logger: logger.child({ component: 'identity' }),
    outbox,
    secret: config.identitySecret,
  }).start();
  const { adminEmail, adminPassword } = config;
  if (adminEmail && adminPassword) await identity.ensurePlatformAdmin(adminEmail, adminPassword);
  else if (adminEmail || adminPassword)
    throw new Error('set both ADMIN_EMAIL and ADMIN_PASSWORD, or neither');
  return identity;
}
