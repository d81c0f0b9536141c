/**
 * Stopping the server while a request is held open (a hub's shape long-poll): `close()` returns
 * after the grace period, the held request is cut, and nothing new is accepted.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { CloudEnv } from './env.ts';
import { startCloudServer } from './server.ts';

describe('startCloudServer', () => {
  it('cuts requests still held open once the grace period is over', async () => {
    const app = new Hono<CloudEnv>();
    let held = 0;
    app.get('/held', async () => {
      held++;
      await new Promise(() => {}); // like a long-poll with nothing to say
      return new Response('never');
    });
    app.get('/quick', (c) => c.text('ok'));
    const running = await startCloudServer({ app, port: 0, graceMs: 200 });
    expect(await (await fetch(`${running.url}/quick`)).text()).toBe('ok');
    const pending = fetch(`${running.url}/held`).then(
      () => 'answered',
      () => 'cut',
    );
    await expect.poll(() => held, { timeout: 2_000 }).toBe(1);
    await running.close();
    expect(await pending).toBe('cut');
    await expect(fetch(`${running.url}/quick`)).rejects.toThrow();
  });
});
