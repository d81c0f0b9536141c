/**
 * A technician pairs a fresh hub (no library on it yet) and starts it: the library arrives through
 * sync, and the hub process restarts itself once so that the MQTT broker and the device drivers —
 * which are built from the library — start without anyone touching it again. The real production
 * bundle (`main`) against a real cloud; PGlite only, since this is about the hub process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { type HubProcess, startHubProcess } from '../../test/support/hub-process.ts';
import { json, seedShop } from '../src/billing/billing.fixture.ts';
import { createCloudApp } from '../src/http/app.ts';
import { type RunningCloudServer, startCloudServer } from '../src/http/server.ts';
import { hubAuthorizer } from '../src/hubs/authorize.ts';
import { silentLogger, TestAuth } from './support/http.ts';
import { useTestDatabase } from './support/test-databases.ts';

describe('a freshly paired hub process', () => {
  const t = useTestDatabase('pglite');
  const auth = new TestAuth();
  let server: RunningCloudServer;
  let hub: HubProcess | null = null;
  const dir = mkdtempSync(join(tmpdir(), 'first-sync-'));

  beforeAll(async () => {
    server = await startCloudServer({
      app: createCloudApp({
        db: t().db,
        logger: silentLogger(),
        authenticate: auth.authenticate,
        authorizeHub: hubAuthorizer(t().db),
        shapes: { longPollMs: 500, pollMs: 20 },
      }),
      port: 0,
    });
  });

  afterAll(async () => {
    await hub?.stop();
    server.server.closeAllConnections();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts its broker by itself once the library has arrived', async () => {
    const shop = await seedShop(t().db, 'first-sync');
    const res = await fetch(
      `${server.url}/v1/libraries/${shop.libraryId}/hubs`,
      json({ name: 'desk' }, auth.bearer(shop.owner)),
    );
    const { code } = (await res.json()) as { code: string };
    await pairHub({ cloudUrl: server.url, code, dataDir: dir, name: 'desk' });
    hub = await startHubProcess(dir, { LOG_LEVEL: 'info' });
    const running = hub;
    expect(running.output()).toMatch(/the MQTT broker waits for pairing/);
    await expect
      .poll(() => /restarting to start the broker/.test(running.output()), { timeout: 20_000, interval: 200 })
      .toBe(true);
    await expect
      .poll(() => /"msg":"mqtt broker listening"/.test(running.output()), { timeout: 20_000, interval: 200 })
      .toBe(true);
    expect(running.child.exitCode).toBeNull(); // the same process, restarted in place
  });
});
