/**
 * The stack of the remote-request and waitlist tests: a real cloud server (test identities,
 * billing with the built-in test provider, hub authorization, short shape long-polls) and a data
 * directory for one real hub (`runHub`) that the test pairs, stops and starts again. Registers its
 * own beforeAll/afterAll; the last hub started is stopped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../../hub/src/clock.ts';
import { HubConfig } from '../../../hub/src/config.ts';
import { type RunningHub, runHub } from '../../../hub/src/main.ts';
import { type Billing, createBilling } from '../../src/billing/index.ts';
import { createCloudApp } from '../../src/http/app.ts';
import { type RunningCloudServer, startCloudServer } from '../../src/http/server.ts';
import { hubAuthorizer } from '../../src/hubs/authorize.ts';
import { silentLogger, type TestAuth } from './http.ts';
import type { TestDatabase } from './test-databases.ts';

const lifted = { limit: 1_000_000, windowMs: 60_000 };

export interface RemoteStack {
  readonly server: RunningCloudServer;
  readonly billing: Billing;
  /** The hub's data directory (pair into it, then `startHub`). */
  readonly dir: string;
  startHub(): Promise<RunningHub>;
}

export function useRemoteStack(
  t: () => TestDatabase,
  auth: TestAuth,
  name: string,
  clock?: Clock,
): RemoteStack {
  let server: RunningCloudServer;
  let billing: Billing;
  let dir: string;
  let last: RunningHub | null = null;

  beforeAll(async () => {
    const db = t().db;
    billing = createBilling(db, { info() {}, warn() {} }, { backoff: { baseMs: 10, maxMs: 100 } });
    server = await startCloudServer({
      app: createCloudApp({
        db,
        logger: silentLogger(),
        authenticate: auth.authenticate,
        authorizeHub: hubAuthorizer(db),
        billing,
        rateLimits: { general: lifted, auth: lifted, booking: lifted },
        shapes: { longPollMs: 200, pollMs: 20 },
      }),
      port: 0,
    });
    dir = mkdtempSync(join(tmpdir(), `${name}-`));
  });

  afterAll(async () => {
    await last?.stop();
    server.server.closeAllConnections();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get server() {
      return server;
    },
    get billing() {
      return billing;
    },
    get dir() {
      return dir;
    },
    async startHub() {
      const config = HubConfig.parse({
        dataDir: dir,
        http: { host: '127.0.0.1', port: 0 },
        // an ephemeral loopback broker: the default 1883 clashes with the other worker's hub
        mqtt: { host: '127.0.0.1', port: 0 },
        logLevel: 'silent',
      });
      last = await runHub(config, { logger: pino({ level: 'silent' }), ...(clock ? { clock } : {}) });
      return last;
    },
  };
}
