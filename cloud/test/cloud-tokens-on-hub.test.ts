/**
 * Cloud access tokens on the hub's LAN API and online payments on the hub (issue #5, ADR 0024), on
 * both backends, with the real identity service and a real hub paired through a cuttable line. A
 * student's token reads their own bookings from the hub — with the line cut too — and nothing
 * else; an owner's token has the desk's rights; a token that is expired, for another audience, or
 * signed by a key the cloud never published is refused; a rotated key reaches the hub and its
 * tokens verify there, and a retired one stops verifying. A payment captured in the cloud shows
 * the booking as paid online in the staff view and in the student's list.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addStudent, json, seedShop } from '../src/billing/billing.fixture.ts';
import type { Principal } from '../src/http/env.ts';
import { signAccessToken } from '../src/identity/access-tokens.ts';
import { addOwner, type PairedStack, poll, startPairedStack } from './support/paired-hub.ts';
import { openDaysAhead } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

interface MyBooking {
  id: string;
  memberId: string;
  state: string;
  paidOnline: boolean;
  onlinePayments: { status: string; amountPaise: number }[];
}

describe.each(backends)('cloud tokens on the hub on %s', (kind) => {
  const t = useTestDatabase(kind);
  let stack: PairedStack;

  beforeAll(async () => {
    stack = await startPairedStack(t().db);
  });
  afterAll(() => stack?.close());

  it('serves a student their own bookings, an owner the desk, and shows online payments', async () => {
    const db = t().db;
    const shop = await seedShop(db, `tokens-${kind}`);
    const owner = await addOwner(db, shop.tenantId, `boss-tokens-${kind}@example.test`, 'owner-password-1');
    const other = await db.platform((tx) => addStudent(tx, shop.tenantId, shop.libraryId));
    const hub = await stack.pairAndStart(shop.libraryId, {
      authorization: `Bearer ${await stack.token(owner)}`,
    });
    const student = await stack.token(shop.student);
    const mine = async (token: string) => {
      const res = await stack.hubCall('GET', '/me/bookings', token);
      return {
        status: res.status,
        items: res.ok ? ((await res.json()) as { items: MyBooking[] }).items : [],
      };
    };
    // the keys, the owner and the student's member (with its cloud account) have arrived
    await expect.poll(async () => (await mine(student)).status, poll).toBe(200);
    await expect
      .poll(async () => (await stack.hubCall('GET', '/bookings', await stack.token(owner))).status, poll)
      .toBe(200);

    // a request decided by the hub, paid in the cloud (test provider), confirmed by the hub
    const cloud = (path: string, body: unknown, principal: Principal) =>
      stack
        .token(principal)
        .then((token) =>
          fetch(`${stack.server.url}${path}`, json(body, { authorization: `Bearer ${token}` })),
        );
    const [seat] = await db.platform((tx) =>
      tx.query<{ id: string }>('SELECT id FROM seats WHERE library_id = $1', [shop.libraryId]),
    );
    const seatId = seat?.id as string;
    const requested = await cloud(
      '/v1/booking-requests',
      { libraryId: shop.libraryId, seatId, slot: { kind: 'day', date: openDaysAhead(1)[0] } },
      shop.student,
    );
    expect(requested.status).toBe(201);
    const request = (await requested.json()) as { id: string };
    await expect
      .poll(
        () => hub.core.db.prepare('SELECT status FROM remote_requests WHERE id = ?').pluck().get(request.id),
        poll,
      )
      .toBe('accepted');
    const bookingId = hub.core.db
      .prepare('SELECT booking_id FROM remote_requests WHERE id = ?')
      .pluck()
      .get(request.id) as string;
    expect((await mine(student)).items.map((b) => [b.id, b.state, b.paidOnline])).toEqual([
      [bookingId, 'held', false],
    ]);

    const payment = (await (
      await cloud(
        '/v1/payments',
        { libraryId: shop.libraryId, purpose: 'booking_request', targetId: request.id },
        shop.student,
      )
    ).json()) as { checkout: { url: string } };
    expect(
      (await fetch(new URL(`${payment.checkout.url}/pay`, stack.server.url), { method: 'POST' })).status,
    ).toBe(200);
    await expect
      .poll(async () => (await mine(student)).items[0], poll)
      .toMatchObject({ state: 'confirmed', paidOnline: true });
    const staffView = await stack.hubCall('GET', `/bookings/${bookingId}`, await stack.token(owner));
    expect(await staffView.json()).toMatchObject({
      id: bookingId,
      paidOnline: true,
      onlinePayments: [{ provider: 'test', status: 'captured', amountPaise: 11_800, refundedPaise: 0 }],
    });

    // with the line cut, the phone on the Wi-Fi still sees its booking
    stack.line.cut();
    expect((await mine(student)).items.map((b) => b.id)).toEqual([bookingId]);

    // another member sees none of it, and a student reaches no desk route
    const stranger = await stack.token(other.principal);
    expect(await mine(stranger)).toEqual({ status: 200, items: [] });
    expect((await stack.hubCall('GET', `/bookings/${bookingId}`, stranger)).status).toBe(403);
    expect((await stack.hubCall('GET', `/bookings?memberId=${shop.memberId}`, student)).status).toBe(403);
    expect((await stack.hubCall('GET', '/members', student)).status).toBe(403);
    expect((await stack.hubCall('POST', '/holds', student, {})).status).toBe(403);
    stack.line.heal();
  });

  it('refuses expired, foreign-audience, unknown-key and nobody-here tokens; follows key rotation', async () => {
    const db = t().db;
    const shop = await seedShop(db, `keys-${kind}`);
    const owner = await addOwner(db, shop.tenantId, `boss-keys-${kind}@example.test`, 'owner-password-1');
    await stack.pairAndStart(shop.libraryId, { authorization: `Bearer ${await stack.token(owner)}` });
    const status = async (token: string) => (await stack.hubCall('GET', '/me/bookings', token)).status;
    const before = await stack.token(shop.student);
    await expect.poll(() => status(before), poll).toBe(200);

    expect(await status(await stack.token(shop.student, Date.now() - 16 * 60_000))).toBe(401);
    const signer = await stack.identity.keys.signer();
    const foreign = await signAccessToken(
      signer,
      { issuer: 'studyspot-cloud', audience: 'elsewhere' },
      shop.student,
      Date.now(),
    );
    expect(await status(foreign)).toBe(401);
    const rogue = await generateKeyPair('RS256');
    const forge = (kid: string) =>
      new SignJWT({ role: 'student', tenant_id: null, permissions: [] })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setSubject(shop.student.userId)
        .setIssuer('studyspot-cloud')
        .setAudience('studyspot')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(rogue.privateKey);
    expect(await status(await forge('rogue-kid'))).toBe(401);
    expect(await status(await forge(signer.kid))).toBe(401); // a known kid, the wrong key
    expect((await exportJWK(rogue.publicKey)).d).toBeUndefined();
    // valid tokens of people who are nobody at this library
    const outsider: Principal = { userId: crypto.randomUUID(), role: 'student', tenantId: null };
    expect(await status(await stack.token(outsider))).toBe(401);
    const admin: Principal = { userId: crypto.randomUUID(), role: 'platform_admin', tenantId: null };
    expect((await stack.hubCall('GET', '/bookings', await stack.token(admin))).status).toBe(401);
    expect(
      (await stack.hubCall('GET', '/bookings', await stack.token({ ...owner, userId: outsider.userId })))
        .status,
    ).toBe(401);

    // rotation: the new key reaches the hub and signs accepted tokens; the old one still verifies
    const next = await stack.identity.keys.rotate();
    const after = await stack.token(shop.student);
    expect(JSON.parse(Buffer.from(after.split('.')[0] as string, 'base64url').toString()).kid).toBe(next);
    await expect.poll(() => status(after), poll).toBe(200);
    expect(await status(before)).toBe(200);
    // retired: its tokens stop verifying once the hub has heard
    await stack.identity.keys.retire(signer.kid);
    await expect.poll(() => status(before), poll).toBe(401);
    expect(await status(after)).toBe(200);
  });
});
