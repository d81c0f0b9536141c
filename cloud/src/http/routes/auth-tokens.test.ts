/**
 * Tokens on both backends: refresh rotates the pair, and reuse of a rotated refresh token revokes
 * the whole family (the newest token dies too); logout revokes the family; the JWKS served by the
 * running server verifies an issued token with jose's createRemoteJWKSet; an expired access token,
 * one signed by another key, or one whose key was retired is 401; after a rotation the old key
 * still verifies until it is retired.
 */
import { createRemoteJWKSet, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import type { TokenPair } from '../../identity/identity.ts';
import { startCloudServer } from '../server.ts';
import { bearerOf, decodeClaims, identityApp, post, studentSignIn } from './auth.fixture.ts';

const refresh = (t: Awaited<ReturnType<typeof identityApp>>, refreshToken: string) =>
  post(t.app, '/v1/auth/refresh', { refreshToken });

describe.each(backends)('tokens on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('rotates refresh tokens, and reuse of a rotated one revokes the family', async () => {
    const app = await identityApp(t().db);
    const first = await studentSignIn(app, '+919822222221');
    const res = await refresh(app, first.refreshToken);
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenPair;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.user).toEqual(first.user);
    expect((await app.app.request('/v1/me', { headers: bearerOf(second) })).status).toBe(200);

    const reuse = await refresh(app, first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(await reuse.json()).toMatchObject({ code: 'unauthorized' });
    expect((await refresh(app, second.refreshToken)).status).toBe(401);
    const statuses = await t().db.platform((tx) =>
      tx.query<{ status: string }>('SELECT DISTINCT status FROM refresh_tokens WHERE user_id = $1', [
        first.user.id,
      ]),
    );
    expect(statuses).toEqual([{ status: 'revoked' }]);
    // a new sign-in is a new family
    const fresh = await studentSignIn(app, '+919822222221');
    expect((await refresh(app, fresh.refreshToken)).status).toBe(200);
  });

  it('logout revokes the family; unknown and expired refresh tokens are 401', async () => {
    const app = await identityApp(t().db);
    const pair = await studentSignIn(app, '+919822222222');
    const next = (await (await refresh(app, pair.refreshToken)).json()) as TokenPair;
    expect((await post(app.app, '/v1/auth/logout', { refreshToken: next.refreshToken })).status).toBe(204);
    expect((await refresh(app, next.refreshToken)).status).toBe(401);
    expect((await post(app.app, '/v1/auth/logout', { refreshToken: 'nonsense' })).status).toBe(204);
    expect((await refresh(app, 'nonsense')).status).toBe(401);
    const old = await studentSignIn(app, '+919822222222');
    app.clock.now += 31 * 24 * 3_600_000;
    expect((await refresh(app, old.refreshToken)).status).toBe(401);
  });

  it('refuses an access token after 15 minutes', async () => {
    const app = await identityApp(t().db);
    const pair = await studentSignIn(app, '+919822222223');
    app.clock.now += 15 * 60_000 - 1_000;
    expect((await app.app.request('/v1/me', { headers: bearerOf(pair) })).status).toBe(200);
    app.clock.now += 2_000;
    const expired = await app.app.request('/v1/me', { headers: bearerOf(pair) });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('refuses a token signed by another key, even with the right kid and claims', async () => {
    const app = await identityApp(t().db);
    const pair = await studentSignIn(app, '+919822222224');
    const claims = decodeClaims(pair.accessToken);
    const { privateKey } = await generateKeyPair('RS256');
    const kid = app.identity.keys.jwks().keys[0]?.kid ?? '';
    const forged = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(privateKey);
    expect((await app.app.request('/v1/me', { headers: bearerOf({ accessToken: forged }) })).status).toBe(
      401,
    );
    const unknownKid = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'nope' })
      .sign(privateKey);
    expect((await app.app.request('/v1/me', { headers: bearerOf({ accessToken: unknownKid }) })).status).toBe(
      401,
    );
    const secret = new TextEncoder().encode('x'.repeat(32));
    const hmac = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', kid }).sign(secret);
    expect((await app.app.request('/v1/me', { headers: bearerOf({ accessToken: hmac }) })).status).toBe(401);
  });

  it("publishes the JWKS at the root: jose's remote key set verifies an issued token", async () => {
    const app = await identityApp(t().db);
    const pair = await studentSignIn(app, '+919822222225');
    const server = await startCloudServer({ app: app.app, port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${server.url}/.well-known/jwks.json`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { keys: Record<string, unknown>[] };
      expect(body.keys.length).toBeGreaterThan(0);
      for (const key of body.keys) expect(key).not.toHaveProperty('d');
      const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(pair.accessToken, jwks, {
        issuer: 'studyspot-cloud',
        audience: 'studyspot',
        currentDate: new Date(app.clock.now),
      });
      expect(payload).toMatchObject({ sub: pair.user.id, role: 'student', permissions: expect.any(Array) });
      expect(protectedHeader.alg).toBe('RS256');
    } finally {
      await server.close();
    }
  });

  it('rotates the signing key: old tokens verify until the old key is retired', async () => {
    const app = await identityApp(t().db);
    const before = await studentSignIn(app, '+919822222226');
    const oldKid = app.identity.keys.jwks().keys[0]?.kid;
    const newKid = await app.identity.keys.rotate();
    const after = await studentSignIn(app, '+919822222226');
    const kidOf = (token: string) =>
      JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid;
    expect(kidOf(after.accessToken)).toBe(newKid);
    expect(app.identity.keys.jwks().keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    expect((await app.app.request('/v1/me', { headers: bearerOf(before) })).status).toBe(200);
    expect(await app.identity.keys.retire(newKid)).toBe(false); // the signer cannot be retired
    expect(await app.identity.keys.retire(oldKid ?? '')).toBe(true);
    expect(app.identity.keys.jwks().keys.map((k) => k.kid)).not.toContain(oldKid);
    expect((await app.app.request('/v1/me', { headers: bearerOf(before) })).status).toBe(401);
    expect((await app.app.request('/v1/me', { headers: bearerOf(after) })).status).toBe(200);
  });
});
