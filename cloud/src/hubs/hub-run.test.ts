/**
 * A paired hub process end to end, on both backends: `runHub` on a data dir that `pairHub` paired
 * against a real cloud server signs its requests (heartbeat at start, outbox pushes) with the
 * stored key; the owner's fleet list shows it online; after unpairing its requests are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubConfig } from '../../../hub/src/config.ts';
import { runHub } from '../../../hub/src/main.ts';
import { pairHub } from '../../../hub/src/pairing/pair.ts';
import { ownerOf, silentLogger, TestAuth } from '../../test/support/http.ts';
import { seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { createCloudApp } from '../http/app.ts';
import { type RunningCloudServer, startCloudServer } from '../http/server.ts';
import { hubAuthorizer } from './authorize.ts';

const generous = { limit: 1_000_000, windowMs: 60_000 };

describe.each(backends)('a paired hub process on %s', (kind) => {
  const t = useTestDatabase(kind);
  const auth = new TestAuth();
  let server: RunningCloudServer;
  let dir: string;

  beforeAll(async () => {
    const db = t().db;
    server = await startCloudServer({
      app: createCloudApp({
        db,
        logger: silentLogger(),
        authenticate: auth.authenticate,
        authorizeHub: hubAuthorizer(db),
        rateLimits: { general: generous, auth: generous },
        shapes: { longPollMs: 200, pollMs: 20 },
      }),
      port: 0,
    });
    dir = mkdtempSync(join(tmpdir(), 'hub-run-'));
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('heartbeats with its stored key from start, and is refused once unpaired', async () => {
    const a = await seedTenant(t().db, `run-a-${kind}`);
    const owner = { 'content-type': 'application/json', ...auth.bearer(ownerOf(a.tenantId)) };
    const created = await fetch(`${server.url}/v1/libraries/${a.libraryId}/hubs`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ name: 'desk' }),
    });
    const { code, hubId } = (await created.json()) as { code: string; hubId: string };
    await pairHub({ cloudUrl: server.url, code, dataDir: dir, name: 'run test' });
    const fleet = async () => {
      const res = await fetch(`${server.url}/v1/libraries/${a.libraryId}/hubs`, { headers: owner });
      const items = (
        (await res.json()) as {
          items: { id: string; online: boolean; uptimeS: number | null; shapeLagMs: number | null }[];
        }
      ).items;
      return items.find((h) => h.id === hubId);
    };
    const hub = await runHub(
      HubConfig.parse({
        dataDir: dir,
        http: { host: '127.0.0.1', port: 0 },
        // an ephemeral loopback broker: the default 1883 clashes with the other worker's hub
        mqtt: { host: '127.0.0.1', port: 0 },
        logLevel: 'silent',
      }),
      { logger: pino({ level: 'silent' }) },
    );
    try {
      expect(hub.heartbeat).not.toBeNull();
      await expect.poll(fleet, { timeout: 10_000 }).toMatchObject({ online: true, uptimeS: 0 });
      expect(hub.heartbeat?.state.sent).toBe(1);
      // once its shapes are up to date, a beat tells the fleet how far behind the cloud it is
      await expect.poll(() => hub.consumer?.caughtUp, { timeout: 10_000 }).toBe(true);
      expect(await hub.heartbeat?.beat()).toBe(true);
      const lag = (await fleet())?.shapeLagMs;
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(60_000);
      await fetch(`${server.url}/v1/hubs/${hubId}`, { method: 'DELETE', headers: owner });
      expect(await hub.heartbeat?.beat()).toBe(false);
      expect(hub.heartbeat?.state.lastError).toMatch(/401/);
    } finally {
      await hub.stop();
    }
  });
});
