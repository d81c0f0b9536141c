/**
 * runCloud wires payments and notifications: without provider keys the test checkout page and the
 * webhook intake answer under /v1, the background worker runs, and stop() ends it cleanly.
 * `Periodic` never overlaps ticks, isolates a failing task and waits for the tick in flight.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config.ts';
import { runCloud } from '../main.ts';
import { Periodic } from '../messaging/periodic.ts';

describe('billing runtime', () => {
  it('runCloud serves the test checkout and the webhook intake, and stops cleanly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'studyspot-billing-'));
    try {
      const config = loadCloudConfig({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir });
      const cloud = await runCloud(config, { env: {}, workerIntervalMs: 20 });
      const page = await fetch(`${cloud.url}/v1/pay/test/tpc_missing`);
      expect(page.status).toBe(404);
      expect(await page.text()).toContain('No such checkout');
      const forged = await fetch(`${cloud.url}/v1/webhooks/payments/test`, {
        method: 'POST',
        body: '{"id":"x"}',
      });
      expect(forged.status).toBe(400);
      const doc = (await (await fetch(`${cloud.url}/v1/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/v1/payments', '/v1/invoices', '/v1/admin/notifications']),
      );
      await new Promise((resolve) => setTimeout(resolve, 60));
      await cloud.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('Periodic isolates a failing task, never overlaps, and stop waits for the tick in flight', async () => {
    const warnings: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    let release: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const periodic = new Periodic({
      intervalMs: 1_000,
      logger: { warn: (obj) => void warnings.push(JSON.stringify(obj)) },
      clock: () => 42,
      tasks: [
        { name: 'broken', run: async () => Promise.reject(new Error('boom')) },
        {
          name: 'slow',
          run: async (now) => {
            expect(now).toBe(42);
            running++;
            runs++;
            maxRunning = Math.max(maxRunning, running);
            await slow;
            running--;
          },
        },
      ],
    });
    const first = periodic.tick();
    const second = periodic.tick();
    expect(second).toBe(first);
    const stopped = periodic.stop();
    release();
    await stopped;
    expect({ runs, maxRunning }).toEqual({ runs: 1, maxRunning: 1 });
    expect(warnings).toEqual([expect.stringContaining('boom')]);
  });
});
