/**
 * The OTP matrix on both backends: a requested code arrives in the notification outbox (hashed in
 * the database) and signs a student in, creating the account once; a wrong code five times burns
 * it; an expired or superseded code is refused; requests are limited per phone and per address
 * with Retry-After; whether a phone has an account never changes an answer.
 */
import { describe, expect, it } from 'vitest';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import type { TokenPair } from '../../identity/identity.ts';
import { lookupRecipient, PLATFORM_TENANT_ID } from '../../identity/recipients.ts';
import { decodeClaims, identityApp, lastCode, post, studentSignIn } from './auth.fixture.ts';

const verify = (t: Awaited<ReturnType<typeof identityApp>>, phone: string, code: string) =>
  post(t.app, '/v1/auth/otp/verify', { phone, code });
const request = (t: Awaited<ReturnType<typeof identityApp>>, phone: string, headers = {}) =>
  post(t.app, '/v1/auth/otp/request', { phone, channel: 'whatsapp' }, headers);
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe.each(backends)('phone OTP on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('sends a hashed code through the outbox and signs a new student in, once', async () => {
    const app = await identityApp(t().db);
    const phone = '+919800000001';
    const res = await request(app, phone);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'sent', expiresIn: 300 });
    const [message] = await app.outbox.list({});
    expect(message).toMatchObject({ channel: 'whatsapp', tenantId: PLATFORM_TENANT_ID, status: 'pending' });
    const code = await lastCode(app.outbox);
    expect(code).toMatch(/^\d{6}$/);
    const recipient = await lookupRecipient(t().db, PLATFORM_TENANT_ID, message?.userId ?? '');
    expect(recipient).toMatchObject({ phone, language: 'en', quietHours: null });
    const [stored] = await t().db.platform((tx) =>
      tx.query<{ code_hash: string }>('SELECT code_hash FROM otp_challenges WHERE phone = $1', [phone]),
    );
    expect(stored?.code_hash).toMatch(/^\$argon2id\$/);
    expect(stored?.code_hash).not.toContain(code);

    const ok = await verify(app, phone, code);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    const pair = (await ok.json()) as TokenPair;
    expect(pair).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { role: 'student', tenantId: null },
    });
    expect(decodeClaims(pair.accessToken)).toMatchObject({
      sub: pair.user.id,
      role: 'student',
      tenant_id: null,
    });
    expect((await verify(app, phone, code)).status).toBe(401); // used up
    const again = await studentSignIn(app, phone);
    expect(again.user.id).toBe(pair.user.id);
  });

  it('answers the same whether or not the phone has an account', async () => {
    const app = await identityApp(t().db);
    await studentSignIn(app, '+919800000002');
    const known = await request(app, '+919800000002');
    const unknown = await request(app, '+919800000003');
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.json()).toEqual(await unknown.json());
    const wrongKnown = await verify(app, '+919800000002', '000000');
    const noCode = await verify(app, '+919800000099', '000000');
    expect(wrongKnown.status).toBe(noCode.status);
    expect(await wrongKnown.json()).toEqual(await noCode.json());
  });

  it('burns a code after five wrong attempts: even the right code is refused until a new request', async () => {
    const app = await identityApp(t().db);
    const phone = '+919800000004';
    await request(app, phone);
    const code = await lastCode(app.outbox);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const res = await verify(app, phone, wrong(code));
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'unauthorized' });
    }
    const fifth = await verify(app, phone, wrong(code));
    expect(fifth.status).toBe(429);
    expect(await fifth.json()).toMatchObject({ code: 'rate_limited' });
    expect((await verify(app, phone, code)).status).toBe(429);
    await request(app, phone);
    expect((await verify(app, phone, await lastCode(app.outbox))).status).toBe(200);
  });

  it('lets four wrong attempts pass before the right one', async () => {
    const app = await identityApp(t().db);
    const phone = '+919800000005';
    await request(app, phone);
    const code = await lastCode(app.outbox);
    for (let attempt = 1; attempt <= 4; attempt++) await verify(app, phone, wrong(code));
    expect((await verify(app, phone, code)).status).toBe(200);
  });

  it('refuses an expired code (5 minutes) and a superseded one', async () => {
    const app = await identityApp(t().db);
    const phone = '+919800000006';
    await request(app, phone);
    const first = await lastCode(app.outbox);
    app.clock.now += 5 * 60_000;
    expect((await verify(app, phone, first)).status).toBe(401);

    await request(app, phone);
    const older = await lastCode(app.outbox);
    app.clock.now += 1;
    await request(app, phone);
    const newer = await lastCode(app.outbox);
    if (older !== newer) expect((await verify(app, phone, older)).status).toBe(401);
    expect((await verify(app, phone, newer)).status).toBe(200);
  });

  it('limits code requests per phone, with Retry-After', async () => {
    const app = await identityApp(t().db, { otpPerPhone: { limit: 5, windowMs: 60_000 } });
    const phone = '+919800000007';
    for (let i = 0; i < 5; i++)
      expect((await request(app, phone, { 'x-test-address': `198.51.100.${i}` })).status).toBe(202);
    const limited = await request(app, phone, { 'x-test-address': '198.51.100.9' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' });
    expect((await request(app, '+919800000008')).status).toBe(202);
    app.clock.now += 60_000;
    expect((await request(app, phone)).status).toBe(202);
  });

  it('limits auth requests per address (5/min), with Retry-After', async () => {
    const app = await identityApp(t().db, { deps: { rateLimits: {} } });
    for (let i = 0; i < 5; i++) expect((await request(app, `+91980000010${i}`)).status).toBe(202);
    const limited = await verify(app, '+919800000100', '123456');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const elsewhere = await request(app, '+919800000109', { 'x-test-address': '192.0.2.7' });
    expect(elsewhere.status).toBe(202);
  });

  it('names the invalid field', async () => {
    const app = await identityApp(t().db);
    const bad = await post(app.app, '/v1/auth/otp/request', { phone: 'call me', channel: 'sms' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed', field: 'phone' });
    const badCode = await post(app.app, '/v1/auth/otp/verify', { phone: '+919800000001', code: '12ab56' });
    expect(await badCode.json()).toMatchObject({ field: 'code' });
  });
});
