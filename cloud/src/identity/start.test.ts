/**
 * Identity inside `runCloud` over real HTTP (PGlite in a data directory): ADMIN_EMAIL and
 * ADMIN_PASSWORD bootstrap a platform admin who signs in, the JWKS is served at the root, the
 * bearer token authenticates /v1/me, an OTP request lands in the SQL notification outbox, and a restart with IDENTITY_SECRET keeps the same key.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCloudConfig } from '../config.ts';
import { runCloud } from '../main.ts';
import type { TokenPair } from './identity.ts';

describe('identity in runCloud', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('bootstraps the platform admin, serves the JWKS and authenticates bearer tokens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'studyspot-identity-'));
    dirs.push(dataDir);
    const env = {
      ADMIN_EMAIL: 'Root@Example.test',
      ADMIN_PASSWORD: 'bootstrap password',
      IDENTITY_SECRET: 's3cret',
    };
    const config = loadCloudConfig(env, { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir });
    const cloud = await runCloud(config);
    let kid: unknown;
    try {
      const login = await fetch(`${cloud.url}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'root@example.test', password: 'bootstrap password' }),
      });
      expect(login.status).toBe(200);
      const pair = (await login.json()) as TokenPair;
      expect(pair.user.role).toBe('platform_admin');
      const me = await fetch(`${cloud.url}/v1/me`, {
        headers: { authorization: `Bearer ${pair.accessToken}` },
      });
      expect(await me.json()).toMatchObject({ role: 'platform_admin', email: 'root@example.test' });
      const otp = await fetch(`${cloud.url}/v1/auth/otp/request`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '+919855555555', channel: 'sms' }),
      });
      expect(otp.status).toBe(202);
      const queued = await cloud.db.platform((tx) =>
        tx.query(`SELECT channel FROM notification_outbox WHERE content ->> 'kind' = 'otp'`),
      );
      expect(queued).toEqual([{ channel: 'sms' }]);
      const jwks = (await (await fetch(`${cloud.url}/.well-known/jwks.json`)).json()) as {
        keys: { kid: string }[];
      };
      kid = jwks.keys[0]?.kid;
      expect(kid).toEqual(expect.any(String));
    } finally {
      await cloud.stop();
    }
    const again = await runCloud(config);
    try {
      expect(again.identity.keys.jwks().keys.map((key) => key.kid)).toEqual([kid]);
      const admins = await again.db.platform((tx) =>
        tx.query(`SELECT email FROM users WHERE role = 'platform_admin'`),
      );
      expect(admins).toEqual([{ email: 'root@example.test' }]);
    } finally {
      await again.stop();
    }
  });
});
