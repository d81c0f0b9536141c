/**
 * The entrance kiosk in real Chromium against a real hub (SQLite, HTTP, socket.io) serving the
 * built apps (ADR 0020).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { HubConfig } from '../../hub/src/config.ts';
import type { RunningHub } from '../../hub/src/main.ts';
import { runHub } from '../../hub/src/main.ts';
import { seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { launchBrowser, openPage, screenshot } from '../support/browser.ts';

describe('kiosk in Chromium', () => {
  let dir: string;
  let hub: RunningHub;
  let browser: Browser;

  beforeAll(async () => {
    await ensureAppsBuilt(['kiosk', 'portal']);
    dir = mkdtempSync(join(tmpdir(), 'e2e-kiosk-'));
    const db = openDb(join(dir, 'hub.db'));
    await seedDemo(db);
    db.close();
    const config = HubConfig.parse({
      dataDir: dir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { host: '127.0.0.1', port: 0 },
    });
    hub = await runHub(config, { logger: pino({ level: 'silent' }) });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the kiosk at /kiosk/ and the dashboard at /, next to the API', async () => {
    const kiosk = await openPage(browser, `${hub.url}/kiosk/`, 'tablet');
    await kiosk.page.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(kiosk.page, 'kiosk', 'start-tablet');
    const portal = await openPage(browser, `${hub.url}/`, 'phone');
    await portal.page.getByRole('heading', { level: 1 }).waitFor();
    const health = await fetch(`${hub.url}/health`);
    expect(health.status).toBe(200);
    const api = await fetch(`${hub.url}/api/v1/nope`);
    expect(await api.json()).toMatchObject({ code: 'not_found' });
    expect([...kiosk.watch.problems, ...portal.watch.problems]).toEqual([]);
  });
});
