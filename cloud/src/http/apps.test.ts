import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAppsDir, mountApps } from './apps.ts';
import type { CloudEnv } from './env.ts';
import { API_CSP, contentSecurityPolicy, STUDENT_APP_CSP } from './middleware.ts';

describe('the cloud serves the student app and the admin portal', () => {
  let dir: string;
  const app = new Hono<CloudEnv>();
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cloud-apps-'));
    mkdirSync(join(dir, 'portal', 'dist'), { recursive: true });
    writeFileSync(join(dir, 'portal', 'dist', 'index.html'), '<title>portal</title>');
    app.get('/v1/ping', (c) => c.text('pong'));
    mountApps(app, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the portal at /admin/ and leaves /v1 alone', async () => {
    expect((await app.request('/admin')).headers.get('location')).toBe('/admin/');
    const index = await app.request('/admin/');
    expect(await index.text()).toContain('portal');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await (await app.request('/v1/ping')).text()).toBe('pong');
  });

  it('says how to build an app that is not built yet', async () => {
    const mobile = await app.request('/app/');
    expect(mobile.status).toBe(404);
    expect(await mobile.json()).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('mobile'),
    });
    expect(defaultAppsDir({ STUDYSPOT_APPS_DIR: dir })).toBe(dir);
  });

  it('gives the student app the Razorpay checkout sources and everything else this origin only', () => {
    expect(contentSecurityPolicy('/app/')).toBe(STUDENT_APP_CSP);
    expect(contentSecurityPolicy('/app')).toBe(STUDENT_APP_CSP);
    expect(contentSecurityPolicy('/app/assets/index-abc.js')).toBe(STUDENT_APP_CSP);
    for (const path of ['/admin/', '/v1/payments', '/apple-touch-icon.png', '/health']) {
      expect(contentSecurityPolicy(path)).toBe(API_CSP);
    }
    const directives = Object.fromEntries(
      STUDENT_APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'", 'https://checkout.razorpay.com'],
      'frame-src': ['https://api.razorpay.com', 'https://checkout.razorpay.com'],
      'connect-src': ["'self'", 'https://api.razorpay.com', 'https://lumberjack.razorpay.com'],
    });
  });
});
