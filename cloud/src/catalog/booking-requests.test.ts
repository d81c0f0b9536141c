/**
 * createBookingRequest's member paths on both backends, through the single context read and the
 * combined write (ADR 0017): the first request creates the member row with the request, the next
 * reuses it, a member the desk registered by phone is linked to the account, a blocked member is
 * refused, a phone linked to another account is a conflict, an account without a phone is
 * forbidden, and a seat or zone of another library is not found — nothing written on a refusal.
 */
import { DomainError } from '@studyspot/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerOf, testApp } from '../../test/support/http.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Database } from '../db/types.ts';
import { createBookingRequest, type NewRequest } from './booking-requests.ts';
import { type BuiltLibrary, buildLibrary, clientFor, createStudent, createTenant } from './test-fixture.ts';

/** Thursday 2026-01-01 09:00 in Asia/Kolkata; requests are for the next day. */
const NOW = Date.parse('2026-01-01T03:30:00Z');
const slot = (start: string) => ({ kind: 'hours' as const, date: '2026-01-02', start, hours: 1 });

describe.each(backends)('createBookingRequest on %s', (kind) => {
  const t = useTestDatabase(kind);
  let tenantId: string;
  let lib: BuiltLibrary;
  let other: BuiltLibrary;

  const request = (userId: string, input: Partial<NewRequest> & { start?: string }) =>
    t().db.tenantAsUser(tenantId, userId, (tx) =>
      createBookingRequest(
        tx,
        tenantId,
        userId,
        { libraryId: lib.id, zoneId: lib.zoneId, slot: slot(input.start ?? '10:00'), ...input },
        NOW,
      ),
    );
  const codeOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'ok',
      (error: unknown) => (error instanceof DomainError ? error.code : String(error)),
    );
  const members = (db: Database, phone: string) =>
    db.platform((tx) =>
      tx.query<{ id: string; user_id: string | null }>(
        'SELECT id, user_id FROM members WHERE library_id = $1 AND phone = $2',
        [lib.id, phone],
      ),
    );
  const deskMember = (phone: string, status: 'active' | 'blocked') =>
    t().db.platform((tx) =>
      tx.query(
        `INSERT INTO members (tenant_id, library_id, name, phone, status) VALUES ($1, $2, 'Desk', $3, $4)`,
        [tenantId, lib.id, phone, status],
      ),
    );
  const requestCount = (userId: string) =>
    t().db.platform(async (tx) => {
      const [row] = await tx.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM booking_requests WHERE requested_by = $1',
        [userId],
      );
      return row?.n ?? 0;
    });

  beforeAll(async () => {
    const app = testApp(t().db);
    tenantId = await createTenant(t().db, 'members');
    const owner = clientFor(app.app, app.auth.bearer(ownerOf(tenantId)));
    lib = await buildLibrary(owner);
    other = await buildLibrary(owner, { name: 'Other Room' });
  });

  it('creates the member with the first request and reuses it for the next', async () => {
    const userId = await createStudent(t().db, '+919830000001', 'Meera');
    const first = await request(userId, {});
    const second = await request(userId, { seatId: lib.seatIds[0], zoneId: undefined, start: '12:00' });
    expect(first).toMatchObject({ status: 'pending', zoneId: lib.zoneId, seatId: null });
    expect(second).toMatchObject({ status: 'pending', seatId: lib.seatIds[0] });
    expect(await members(t().db, '+919830000001')).toEqual([{ id: expect.any(String), user_id: userId }]);
  });

  it('links a member the desk registered with the same phone', async () => {
    await deskMember('+919830000002', 'active');
    const userId = await createStudent(t().db, '+919830000002');
    expect(await codeOf(request(userId, {}))).toBe('ok');
    expect(await members(t().db, '+919830000002')).toEqual([{ id: expect.any(String), user_id: userId }]);
  });

  it('refuses a blocked member, a phone taken by another account, and an account without a phone', async () => {
    await deskMember('+919830000003', 'blocked');
    const blocked = await createStudent(t().db, '+919830000003');
    expect(await codeOf(request(blocked, {}))).toBe('member_banned');

    const first = await createStudent(t().db, '+919830000004');
    await request(first, {});
    // The number moves to a new account (numbers get reassigned): the member stays the first one's.
    const newcomer = await createStudent(t().db, '+919830000014');
    await t().db.platform(async (tx) => {
      await tx.query(`UPDATE users SET phone = '+919830000024' WHERE id = $1`, [first]);
      await tx.query(`UPDATE users SET phone = '+919830000004' WHERE id = $1`, [newcomer]);
    });
    expect(await codeOf(request(newcomer, {}))).toBe('conflict');

    // Only student accounts must have a phone; a staff account without one cannot request.
    const [staff] = await t().db.platform((tx) =>
      tx.query<{ id: string }>(
        `INSERT INTO users (role, name, email, password_hash) VALUES ('staff', 'Desk', 'desk@example.in', 'x')
         RETURNING id`,
      ),
    );
    expect(await codeOf(request(staff?.id as string, {}))).toBe('forbidden');
    expect(await requestCount(blocked)).toBe(0);
    expect(await requestCount(newcomer)).toBe(0);
  });

  it("does not find another library's seat or zone, nor an unknown library", async () => {
    const userId = await createStudent(t().db, '+919830000005');
    const seat = request(userId, { seatId: other.seatIds[0], zoneId: undefined });
    expect(await codeOf(seat)).toBe('not_found');
    expect(await codeOf(request(userId, { zoneId: other.zoneId }))).toBe('not_found');
    expect(await codeOf(request(userId, { libraryId: crypto.randomUUID() }))).toBe('not_found');
    expect(await requestCount(userId)).toBe(0);
  });
});
