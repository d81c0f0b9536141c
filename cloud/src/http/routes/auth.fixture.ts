/**
 * Test wiring for the identity routes: a cloud app over a test database with the real `Identity`
 * (real keys, argon2, JWTs), an in-memory notification outbox to read OTP codes from, a fake
 * clock shared by tokens, codes and rate limits, and helpers that create accounts and sign in
 * through the API.
 */
import { expect } from 'vitest';
import { silentLogger } from '../../../test/support/http.ts';
import type { Database } from '../../db/types.ts';
import { Identity, type TokenPair } from '../../identity/identity.ts';
import { hashSecret } from '../../identity/secrets.ts';
import { MemoryOutbox } from '../../notifications/memory-outbox.ts';
import { createCloudApp } from '../app.ts';
import type { CloudDeps, Principal } from '../env.ts';

export interface IdentityTestApp {
  app: ReturnType<typeof createCloudApp>;
  identity: Identity;
  outbox: MemoryOutbox;
  clock: { now: number };
}

const generous = { auth: { limit: 10_000, windowMs: 60_000 }, general: { limit: 10_000, windowMs: 60_000 } };

export async function identityApp(
  db: Database,
  options: {
    secret?: string;
    deps?: Partial<CloudDeps>;
    otpPerPhone?: { limit: number; windowMs: number };
  } = {},
): Promise<IdentityTestApp> {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const outbox = new MemoryOutbox();
  const now = () => clock.now;
  const identity = await new Identity({
    db,
    logger: silentLogger(),
    outbox,
    now,
    secret: options.secret,
    otpPerPhone: options.otpPerPhone ?? { limit: 10_000, windowMs: 60_000 },
  }).start();
  const app = createCloudApp({
    db,
    logger: silentLogger(),
    identity,
    now,
    rateLimits: generous,
    clientAddress: (c) => c.req.header('x-test-address') ?? '203.0.113.1',
    ...options.deps,
  });
  return { app, identity, outbox, clock };
}

export const post = (
  app: IdentityTestApp['app'],
  path: string,
  value: unknown,
  headers: Record<string, string> = {},
) =>
  app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  });

export const bearerOf = (pair: { accessToken: string }) => ({ authorization: `Bearer ${pair.accessToken}` });

/** The code of the newest OTP message in the outbox. */
export async function lastCode(outbox: MemoryOutbox): Promise<string> {
  const messages = await outbox.list({});
  // newest first, ties (one fake instant) in enqueue order: the newest is the tie group's last
  const message = messages.filter((m) => m.createdAt === messages[0]?.createdAt).at(-1);
  if (message?.content.kind !== 'otp') throw new Error('no OTP message in the outbox');
  return message.content.vars.code;
}

/** A student signed in through OTP request + verify. */
export async function studentSignIn(t: IdentityTestApp, phone: string): Promise<TokenPair> {
  expect((await post(t.app, '/v1/auth/otp/request', { phone, channel: 'sms' })).status).toBe(202);
  const res = await post(t.app, '/v1/auth/otp/verify', { phone, code: await lastCode(t.outbox) });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenPair;
}

export interface NewAccount {
  email: string;
  password: string;
  role: 'staff' | 'owner' | 'platform_admin';
  tenantId?: string;
  libraryIds?: readonly string[];
}

/** Creates a password account directly (as an invitation or the admin bootstrap would). */
export async function createAccount(db: Database, account: NewAccount): Promise<string> {
  const hash = await hashSecret(account.password);
  return db.platform(async (tx) => {
    const kind = account.role === 'platform_admin' ? 'platform_admin' : 'staff';
    const [user] = await tx.query<{ id: string }>(
      'INSERT INTO users (role, email, password_hash) VALUES ($1, $2, $3) RETURNING id',
      [kind, account.email, hash],
    );
    if (!user) throw new Error('no user');
    if (account.tenantId) {
      await tx.query('INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, $3)', [
        account.tenantId,
        user.id,
        account.role,
      ]);
      for (const libraryId of account.libraryIds ?? [])
        await tx.query('INSERT INTO staff_libraries (tenant_id, user_id, library_id) VALUES ($1, $2, $3)', [
          account.tenantId,
          user.id,
          libraryId,
        ]);
    }
    return user.id;
  });
}

export async function passwordSignIn(
  t: IdentityTestApp,
  email: string,
  password: string,
  tenantId?: string,
): Promise<TokenPair> {
  const res = await post(t.app, '/v1/auth/login', { email, password, tenantId });
  expect(res.status).toBe(200);
  return (await res.json()) as TokenPair;
}

export const decodeClaims = (token: string): Record<string, unknown> & Partial<Principal> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
