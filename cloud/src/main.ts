/**
 * Runs the cloud: open the database (Postgres or embedded PGlite), migrate, serve the API; stop
 * in reverse on SIGINT/SIGTERM. `tsx cloud/src/main.ts` runs it with the environment's config.
 */
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { startBillingRuntime } from './billing/runtime.ts';
import { type CloudConfig, loadCloudConfig } from './config.ts';
import { openDatabase } from './db/open-database.ts';
import type { Database } from './db/types.ts';
import { createCloudApp, socketAddress } from './http/app.ts';
import type { CloudDeps } from './http/env.ts';
import { type RunningCloudServer, startCloudServer } from './http/server.ts';
import { hubAuthorizer } from './hubs/authorize.ts';
import type { Identity } from './identity/identity.ts';
import { startIdentity } from './identity/start.ts';
import type { NotificationOutbox } from './notifications/outbox.ts';

export interface RunningCloud {
  url: string;
  db: Database;
  server: RunningCloudServer;
  identity: Identity;
  stop(): Promise<void>;
}

export interface RunOptions {
  /** Extra app dependencies (authentication, by the identity work). */
  deps?: Partial<Omit<CloudDeps, 'db' | 'logger'>>;
  /** Where OTP codes are enqueued (default: the SQL outbox the notification worker drains). */
  outbox?: NotificationOutbox;
  /** The environment the notification channels are read from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How often the background worker (notifications, payment retries) ticks, in ms (default 5 s). */
  workerIntervalMs?: number;
}

export async function runCloud(config: CloudConfig, options: RunOptions = {}): Promise<RunningCloud> {
  const logger = pino({ level: config.logLevel, base: { service: 'cloud' } });
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    migrationUrl: config.databaseMigrationUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    const applied = await db.migrate();
    logger.info({ database: db.kind, applied }, 'database ready');
    const forwarded = (c: Parameters<typeof socketAddress>[0]) =>
      c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || socketAddress(c);
    // Payments and notifications; their worker timer starts once the server listens and stops before the database closes.
    const services = startBillingRuntime(db, logger, config, {
      env: options.env,
      intervalMs: options.workerIntervalMs,
    });
    const identity = await startIdentity(db, logger, options.outbox ?? services.messaging.outbox, config);
    const app = createCloudApp({
      db,
      logger,
      identity,
      billing: services.billing,
      messaging: services.messaging,
      corsOrigins: config.corsOrigins,
      clientAddress: config.trustProxy ? forwarded : socketAddress,
      // Hub requests are Ed25519-signed by the paired hub's key (ADR 0016).
      authorizeHub: hubAuthorizer(db),
      shapes: config.electricUrl
        ? { electric: { url: config.electricUrl, secret: config.electricSecret } }
        : undefined,
      ...options.deps,
    });
    const server = await startCloudServer({ app, port: config.port, host: config.host });
    logger.info({ url: server.url }, 'cloud listening');
    services.background.start();
    const stop = async () => {
      await server.close();
      await services.background.stop();
      await db.close();
      logger.info('cloud stopped');
    };
    return { url: server.url, db, server, identity, stop };
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const cloud = await runCloud(loadCloudConfig());
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    cloud.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
