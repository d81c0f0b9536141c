import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAppsDir, mountApps } from './apps.ts';
import type { HttpEnv } from './env.ts';

describe('the hub serves the built apps', () => {
  let dir: string;
  const app = new Hono<HttpEnv>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hub-apps-'));
    mkdirSync(join(dir, 'kiosk', 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'kiosk', 'dist', 'index.html'), '<title>kiosk</title>');
    writeFileSync(join(dir, 'kiosk', 'dist', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside');
    app.get('/api/v1/ping', (c) => c.text('pong'));
    mountApps(app, dir);
    app.notFound((c) => c.json({ code: 'not_found' }, 404));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the kiosk under /kiosk/ with caching by kind of file', async () => {
    expect((await app.request('/kiosk')).headers.get('location')).toBe('/kiosk/');
    const index = await app.request('/kiosk/');
    expect(await index.text()).toContain('kiosk');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await app.request('/kiosk/assets/index-abc.js');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(await (await app.request('/kiosk/nope.js')).json()).toEqual({ code: 'not_found' });
  });

  it('never shadows the API, and says how to build a missing app', async () => {
    expect(await (await app.request('/api/v1/ping')).text()).toBe('pong');
    expect(await (await app.request('/api/v1/nothing')).json()).toEqual({ code: 'not_found' });
    expect((await app.request('/metrics')).status).toBe(404);
    const portal = await app.request('/');
    expect(portal.status).toBe(404);
    expect(await portal.json()).toMatchObject({ message: expect.stringContaining('apps/build.ts portal') });
  });

  it('refuses paths that climb out of the app', async () => {
    expect((await app.request('/kiosk/../secret.txt')).status).toBe(404);
    expect((await app.request('/kiosk/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('finds the apps directory from the environment first', () => {
    expect(defaultAppsDir({ STUDYSPOT_APPS_DIR: dir })).toBe(dir);
  });
});
