/**
 * Students' booking requests and their own rows, on both backends: core's slot rules refuse
 * outside hours, off the grid, in the past and too far ahead (422 with the code); unknown seats
 * are 404; an Idempotency-Key replay returns the same request and a reused key with another body
 * is 409; pending requests can be cancelled once; the /me lists show one student's rows only.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ownerOf, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import {
  type BuiltLibrary,
  buildLibrary,
  type Call,
  clientFor,
  createStudent,
  createTenant,
} from '../../catalog/test-fixture.ts';
import type { Principal } from '../env.ts';

/** Thursday 2026-01-01 09:00 in Asia/Kolkata. */
const NOW = Date.parse('2026-01-01T03:30:00Z');

describe.each(backends)('booking requests on %s', (kind) => {
  const t = useTestDatabase(kind);
  let lib: BuiltLibrary;
  let asha: Call;
  let ravi: Call;
  let app: ReturnType<typeof testApp>;
  const hours = (date: string, start: string, n = 2) => ({ kind: 'hours', date, start, hours: n });

  beforeAll(async () => {
    app = testApp(t().db, { rateLimits: { booking: { limit: 1000, windowMs: 60_000 } } });
    app.clock.now = NOW;
    const owner = clientFor(app.app, app.auth.bearer(ownerOf(await createTenant(t().db, 'requests'))));
    lib = await buildLibrary(owner);
    const student = async (phone: string): Promise<Call> => {
      const principal: Principal = {
        userId: await createStudent(t().db, phone),
        role: 'student',
        tenantId: null,
      };
      return clientFor(app.app, app.auth.bearer(principal));
    };
    asha = await student('+919811111111');
    ravi = await student('+919822222222');
  });

  it('stores a valid request as pending with the resolved interval', async () => {
    const res = await asha('POST', '/booking-requests', {
      libraryId: lib.id,
      seatId: lib.seatIds[0],
      slot: hours('2026-01-02', '10:00'),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      seatId: lib.seatIds[0],
      zoneId: null,
      startsAt: Date.parse('2026-01-02T04:30:00Z'),
      endsAt: Date.parse('2026-01-02T06:30:00Z'),
    });
    const shift = await asha('POST', '/booking-requests', {
      libraryId: lib.id,
      zoneId: lib.zoneId,
      slot: { kind: 'shift', date: '2026-01-03', shiftId: lib.shiftId },
    });
    expect(shift.body).toMatchObject({
      status: 'pending',
      zoneId: lib.zoneId,
      startsAt: Date.parse('2026-01-03T02:30:00Z'),
    });
  });

  it('refuses requests core refuses, with the code and the field', async () => {
    const post = (slot: unknown, extra: Record<string, unknown> = { seatId: lib.seatIds[0] }) =>
      ravi('POST', '/booking-requests', { libraryId: lib.id, slot, ...extra });
    const cases: [unknown, number, string][] = [
      [hours('2026-01-02', '21:00'), 422, 'outside_hours'],
      [hours('2026-01-04', '10:00'), 422, 'outside_hours'],
      [hours('2026-01-02', '10:15'), 422, 'off_grid'],
      [hours('2025-12-30', '10:00'), 422, 'in_past'],
      [hours('2026-02-20', '10:00'), 422, 'too_far_ahead'],
      [{ kind: 'shift', date: '2026-01-02', shiftId: crypto.randomUUID() }, 422, 'off_grid'],
      [{ kind: 'hours', date: '2026-13-01', start: '10:00', hours: 1 }, 400, 'validation_failed'],
    ];
    for (const [slot, status, code] of cases) {
      const res = await post(slot);
      expect([JSON.stringify(slot), res.status, res.body.code]).toEqual([JSON.stringify(slot), status, code]);
    }
    expect((await post(hours('2026-01-02', '10:00'), { seatId: crypto.randomUUID() })).status).toBe(404);
    expect(
      (await post(hours('2026-01-02', '10:00'), { seatId: lib.seatIds[0], zoneId: lib.zoneId })).body.field,
    ).toBe('seatId');
    const unknownLibrary = await ravi('POST', '/booking-requests', {
      libraryId: crypto.randomUUID(),
      zoneId: lib.zoneId,
      slot: hours('2026-01-02', '10:00'),
    });
    expect(unknownLibrary.body).toMatchObject({ code: 'not_found', field: 'libraryId' });
    expect((await ravi('GET', '/me/booking-requests')).body.items).toEqual([]);
  });

  it('replays an Idempotency-Key with the same request, and refuses the key for another body', async () => {
    const body = { libraryId: lib.id, seatId: lib.seatIds[1], slot: hours('2026-01-05', '12:00') };
    const key = { 'idempotency-key': 'retry-1' };
    const first = await ravi('POST', '/booking-requests', body, key);
    const again = await ravi('POST', '/booking-requests', body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await ravi('POST', '/booking-requests', { ...body, seatId: lib.seatIds[2] }, key);
    expect(other).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const mine = await ravi('GET', '/me/booking-requests');
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([first.body.id]);
  });

  it('cancels a pending request once; another student cannot see it', async () => {
    const created = await asha('POST', '/booking-requests', {
      libraryId: lib.id,
      seatId: lib.seatIds[2],
      slot: hours('2026-01-06', '08:00'),
    });
    expect((await ravi('DELETE', `/booking-requests/${created.body.id}`)).status).toBe(404);
    const cancelled = await asha('DELETE', `/booking-requests/${created.body.id}`);
    expect(cancelled.body).toMatchObject({ id: created.body.id, status: 'cancelled' });
    expect((await asha('DELETE', `/booking-requests/${created.body.id}`)).body.code).toBe(
      'invalid_transition',
    );
  });

  it("lists a student's own bookings and memberships across tenants", async () => {
    await t().db.platform(async (tx) => {
      const [m] = await tx.query<{ tenant_id: string; id: string }>(
        `SELECT m.tenant_id, m.id FROM members m JOIN users u ON u.id = m.user_id WHERE u.phone = '+919811111111'`,
      );
      await tx.query(
        `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, '2026-01-02T04:30Z', '2026-01-02T06:30Z', 'confirmed', 'remote')`,
        [m?.tenant_id, lib.id, lib.seatIds[0], m?.id],
      );
      await tx.query(
        `INSERT INTO memberships (tenant_id, library_id, member_id, plan_id, starts_on, ends_on, status)
         VALUES ($1, $2, $3, $4, '2026-01-01', '2026-01-30', 'active')`,
        [m?.tenant_id, lib.id, m?.id, lib.planIds[1]],
      );
    });
    const bookings = await asha('GET', '/me/bookings');
    expect(bookings.body.items).toHaveLength(1);
    expect(bookings.body.items[0]).toMatchObject({
      libraryName: 'Pune Reading Room',
      seatNumber: 'A1',
      state: 'confirmed',
    });
    const memberships = await asha('GET', '/me/memberships');
    expect(memberships.body.items[0]).toMatchObject({
      startsOn: '2026-01-01',
      endsOn: '2026-01-30',
      status: 'active',
    });
    expect((await asha('GET', '/me/booking-requests?limit=1')).body.nextCursor).toEqual(expect.any(String));
    expect((await ravi('GET', '/me/bookings')).body.items).toEqual([]);
    expect((await ravi('GET', '/me/memberships')).body.items).toEqual([]);
  });

  it('applies the booking rate limit per student', async () => {
    const limited = testApp(t().db);
    limited.clock.now = NOW;
    const principal: Principal = {
      userId: await createStudent(t().db, '+919833333333'),
      role: 'student',
      tenantId: null,
    };
    const call = clientFor(limited.app, limited.auth.bearer(principal));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push(
        (
          await call('POST', '/booking-requests', {
            libraryId: lib.id,
            zoneId: lib.zoneId,
            slot: hours('2026-01-07', '08:00', 1),
          })
        ).status,
      );
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
