/**
 * Email and password sign-in on both backends: staff get a token for their tenant with their
 * libraries; a wrong password, an unknown email and an account without a password get the same
 * 401 at the same cost (one argon2 verification each); a staff member of two tenants chooses one;
 * a suspended tenant signs nobody in; ADMIN_EMAIL/ADMIN_PASSWORD bootstrap one platform admin.
 */
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import { ACCESS_TOKEN_SECONDS } from '../../identity/access-tokens.ts';
import { permissionsOf } from '../../identity/permissions.ts';
import {
  createAccount,
  decodeClaims,
  identityApp,
  passwordSignIn,
  post,
  studentSignIn,
} from './auth.fixture.ts';

const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());

async function timed(fn: () => Response | Promise<Response>): Promise<{ ms: number; res: Response }> {
  const started = performance.now();
  const res = await fn();
  return { ms: performance.now() - started, res };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe.each(backends)('password sign-in on %s', (kind) => {
  const t = useTestDatabase(kind);

  it("signs staff in for their tenant, with their libraries and the seed's claims", async () => {
    const app = await identityApp(t().db);
    const { tenantId, libraryId } = await seedTenant(t().db, `pw-${kind}`);
    const email = `desk-${kind}@example.test`;
    const userId = await createAccount(t().db, {
      email,
      password: 'correct horse battery',
      role: 'staff',
      tenantId,
      libraryIds: [libraryId],
    });
    const pair = await passwordSignIn(app, email.toUpperCase(), 'correct horse battery');
    expect(pair.user).toEqual({ id: userId, role: 'staff', tenantId });
    const claims = decodeClaims(pair.accessToken);
    expect(claims).toMatchObject({
      sub: userId,
      tenant_id: tenantId,
      role: 'staff',
      library_ids: [libraryId],
      permissions: [...permissionsOf('staff')],
      iss: 'studyspot-cloud',
      aud: 'studyspot',
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(ACCESS_TOKEN_SECONDS);
    expect(header(pair.accessToken)).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: app.identity.keys.jwks().keys[0]?.kid,
    });
  });

  it('gives a wrong password, an unknown email and a password-less account one answer at one cost', async () => {
    const app = await identityApp(t().db);
    const email = `cost-${kind}@example.test`;
    await createAccount(t().db, { email, password: 'the right one', role: 'platform_admin' });
    await studentSignIn(app, '+919811111111');
    const attempts = {
      wrong: () => post(app.app, '/v1/auth/login', { email, password: 'not it' }),
      unknown: () =>
        post(app.app, '/v1/auth/login', { email: `nobody-${kind}@example.test`, password: 'not it' }),
    };
    const times: Record<keyof typeof attempts, number[]> = { wrong: [], unknown: [] };
    for (let round = 0; round < 5; round++) {
      for (const name of ['wrong', 'unknown'] as const) {
        const { ms, res } = await timed(attempts[name]);
        times[name].push(ms);
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ code: 'unauthorized', message: 'invalid credentials' });
      }
    }
    // both paths run one argon2id verification: within a factor of 3 of each other
    const ratio = median(times.unknown) / median(times.wrong);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it('makes a staff member of two tenants choose, and signs nobody into a suspended tenant', async () => {
    const app = await identityApp(t().db);
    const a = await seedTenant(t().db, `two-a-${kind}`);
    const b = await seedTenant(t().db, `two-b-${kind}`);
    const email = `both-${kind}@example.test`;
    const userId = await createAccount(t().db, {
      email,
      password: 'pass phrase',
      role: 'owner',
      tenantId: a.tenantId,
    });
    await t().db.platform((tx) =>
      tx.query(`INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, 'staff')`, [
        b.tenantId,
        userId,
      ]),
    );
    const ambiguous = await post(app.app, '/v1/auth/login', { email, password: 'pass phrase' });
    expect(ambiguous.status).toBe(400);
    expect(await ambiguous.json()).toMatchObject({ code: 'validation_failed', field: 'tenantId' });
    const asOwner = await passwordSignIn(app, email, 'pass phrase', a.tenantId);
    expect(asOwner.user).toMatchObject({ role: 'owner', tenantId: a.tenantId });
    const asStaff = await passwordSignIn(app, email, 'pass phrase', b.tenantId);
    expect(decodeClaims(asStaff.accessToken)).toMatchObject({
      role: 'staff',
      tenant_id: b.tenantId,
      library_ids: [],
    });
    await t().db.platform((tx) =>
      tx.query(`UPDATE tenants SET status = 'suspended' WHERE id = $1`, [b.tenantId]),
    );
    const suspended = await post(app.app, '/v1/auth/login', {
      email,
      password: 'pass phrase',
      tenantId: b.tenantId,
    });
    expect(suspended.status).toBe(401);
    const stranger = await seedTenant(t().db, `two-c-${kind}`);
    const notMine = await post(app.app, '/v1/auth/login', {
      email,
      password: 'pass phrase',
      tenantId: stranger.tenantId,
    });
    expect(notMine.status).toBe(401);
  });

  it('bootstraps one platform admin from ADMIN_EMAIL/ADMIN_PASSWORD', async () => {
    const app = await identityApp(t().db);
    const email = `root-${kind}@example.test`;
    const existing = await t().db.platform((tx) =>
      tx.query(`SELECT 1 FROM users WHERE role = 'platform_admin'`),
    );
    if (existing.length > 0)
      await t().db.platform((tx) => tx.query(`DELETE FROM users WHERE role = 'platform_admin'`));
    expect(await app.identity.ensurePlatformAdmin(email, 'admin password 1')).toBe(true);
    expect(await app.identity.ensurePlatformAdmin('other@example.test', 'x')).toBe(false);
    const pair = await passwordSignIn(app, email, 'admin password 1');
    expect(pair.user).toMatchObject({ role: 'platform_admin', tenantId: null });
    expect(decodeClaims(pair.accessToken).permissions).toEqual([
      'read:own_profile',
      'write:own_profile',
      'read:all',
      'write:all',
      'admin:system',
    ]);
  });
});
