/**
 * The owner portal's reads of a library (issue #6), on both backends: its bookings (member, seat,
 * a cancel still waiting for the hub), members and payments, newest first and keyset-paged, with
 * their filters; staff of another library do not find them; and the usage report — occupancy by
 * weekday × hour in the library's time zone, revenue by plan and by shift, the no-show rate —
 * computed from rows written the way the hub's mirror and billing write them.
 */
import { describe, expect, it } from 'vitest';
import { ownerOf, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import { buildLibrary, clientFor, createTenant } from '../../catalog/test-fixture.ts';
import type { Tx } from '../../db/types.ts';

interface Ids {
  tenantId: string;
  libraryId: string;
  seatIds: string[];
  shiftId: string;
  hourlyPlan: string;
  shiftPlan: string;
}

async function insertMember(tx: Tx, ids: Ids, name: string, phone: string, at: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO members (tenant_id, library_id, name, phone, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [ids.tenantId, ids.libraryId, name, phone, at],
  );
  return row?.id as string;
}

/** A booking at local (IST) wall-clock times `start`..`end` of `date`. */
async function insertBooking(
  tx: Tx,
  ids: Ids,
  b: {
    seat: number;
    member: string;
    date: string;
    start: string;
    end: string;
    state: string;
    shift?: boolean;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, shift_id, state, source)
     VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, $7, $8, 'kiosk') RETURNING id`,
    [
      ids.tenantId,
      ids.libraryId,
      ids.seatIds[b.seat],
      b.member,
      `${b.date}T${b.start}:00+05:30`,
      `${b.date}T${b.end}:00+05:30`,
      b.shift ? ids.shiftId : null,
      b.state,
    ],
  );
  return row?.id as string;
}

async function insertPayment(
  tx: Tx,
  ids: Ids,
  p: {
    member: string;
    booking?: string;
    plan?: string;
    amount: number;
    refunded?: number;
    at: string | null;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO payments (tenant_id, library_id, member_id, purpose, booking_id, plan_id, description,
       subtotal_paise, tax_paise, tax_rate_bp, amount_paise, refunded_paise, provider, status, idempotency_key,
       captured_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'seat', $7, 0, 0, $7, $8, 'cash', $9, gen_random_uuid()::text, $10)`,
    [
      ids.tenantId,
      ids.libraryId,
      p.member,
      p.booking ? 'booking' : 'membership',
      p.booking ?? null,
      p.plan ?? null,
      p.amount,
      p.refunded ?? 0,
      p.at === null ? 'pending' : p.refunded ? 'partially_refunded' : 'captured',
      p.at,
    ],
  );
}

describe.each(backends)('a library’s bookings, members, payments and usage on %s', (kind) => {
  const t = useTestDatabase(kind);

  const setup = async (slug: string) => {
    const { app, auth } = testApp(t().db);
    const tenantId = await createTenant(t().db, slug);
    const owner = clientFor(app, auth.bearer(ownerOf(tenantId)));
    const built = await buildLibrary(owner);
    const other = await buildLibrary(owner, { name: 'Other room' });
    const ids: Ids = {
      tenantId,
      libraryId: built.id,
      seatIds: built.seatIds,
      shiftId: built.shiftId,
      hourlyPlan: built.planIds[0] as string,
      shiftPlan: built.planIds[1] as string,
    };
    const otherStaff = clientFor(
      app,
      auth.bearer({ userId: crypto.randomUUID(), role: 'staff', tenantId, libraryIds: [other.id] }),
    );
    return { owner, otherStaff, ids };
  };

  /** Monday 5 … Sunday 11 January 2026 in IST, plus rows just outside it. */
  const seedWeek = (ids: Ids) =>
    t().db.platform(async (tx) => {
      const asha = await insertMember(tx, ids, 'Asha Verma', '+919800000001', '2026-01-01T00:00Z');
      const ravi = await insertMember(tx, ids, 'Ravi Kumar', '+919800000002', '2026-01-02T00:00Z');
      await tx.query(
        `INSERT INTO memberships (tenant_id, library_id, member_id, plan_id, starts_on, ends_on, status)
         VALUES ($1, $2, $3, $4, '2026-01-01', '2099-01-01', 'active')`,
        [ids.tenantId, ids.libraryId, asha, ids.shiftPlan],
      );
      const day = { member: asha, date: '2026-01-05' };
      const b1 = await insertBooking(tx, ids, {
        ...day,
        seat: 0,
        start: '09:00',
        end: '11:00',
        state: 'completed',
      });
      await insertBooking(tx, ids, { ...day, seat: 1, start: '09:30', end: '10:30', state: 'checked_in' });
      await insertBooking(tx, ids, {
        ...day,
        member: ravi,
        seat: 2,
        start: '09:00',
        end: '10:00',
        state: 'no_show',
      });
      const tue = { member: ravi, date: '2026-01-06', start: '14:00', end: '15:00' };
      await insertBooking(tx, ids, { ...tue, seat: 0, state: 'cancelled' });
      await insertBooking(tx, ids, {
        ...day,
        date: '2026-01-12',
        seat: 0,
        start: '09:00',
        end: '10:00',
        state: 'completed',
      });
      const wed = { member: ravi, date: '2026-01-07', start: '08:00', end: '09:00' };
      const b6 = await insertBooking(tx, ids, { ...wed, seat: 1, state: 'confirmed', shift: true });
      await tx.query(
        `INSERT INTO hub_commands (tenant_id, library_id, kind, booking_id) VALUES ($1, $2, 'booking.cancel', $3)`,
        [ids.tenantId, ids.libraryId, b6],
      );
      await insertPayment(tx, ids, {
        member: asha,
        booking: b1,
        plan: ids.hourlyPlan,
        amount: 5900,
        at: '2026-01-05T04:00Z',
      });
      // 00:30 IST on Monday the 5th: inside the range although it is still the 4th in UTC
      await insertPayment(tx, ids, { member: ravi, booking: b6, amount: 11800, at: '2026-01-04T19:00Z' });
      await insertPayment(tx, ids, {
        member: asha,
        plan: ids.shiftPlan,
        amount: 23600,
        refunded: 10000,
        at: '2026-01-11T18:00Z',
      });
      await insertPayment(tx, ids, {
        member: asha,
        plan: ids.shiftPlan,
        amount: 23600,
        at: '2026-01-04T18:00Z',
      });
      await insertPayment(tx, ids, { member: ravi, plan: ids.shiftPlan, amount: 23600, at: null });
      return { asha, ravi, b1, b6 };
    });

  it('lists bookings newest first with member, seat and the pending cancel, filtered and paged', async () => {
    const { owner, otherStaff, ids } = await setup('activity-bookings');
    const { b6 } = await seedWeek(ids);
    const path = `/libraries/${ids.libraryId}/bookings`;
    const first = await owner('GET', `${path}?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((b: { state: string }) => b.state)).toEqual(['completed', 'confirmed']);
    const pending = first.body.items[1];
    expect(pending).toMatchObject({
      id: b6,
      memberName: 'Ravi Kumar',
      seatNumber: 'A2',
      shiftId: ids.shiftId,
    });
    expect(pending.pendingCancelId).toEqual(expect.any(String));
    expect(first.body.items[0].pendingCancelId).toBeNull();
    const rest = await owner('GET', `${path}?limit=10&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const states = rest.body.items.map((b: { state: string }) => b.state);
    expect(states.slice(0, 2)).toEqual(['cancelled', 'checked_in']);
    expect(states.slice(2).sort()).toEqual(['completed', 'no_show']);

    const monday = await owner('GET', `${path}?from=2026-01-05&to=2026-01-05`);
    expect(monday.body.items).toHaveLength(3);
    const noShows = await owner('GET', `${path}?state=no_show`);
    expect(noShows.body.items.map((b: { memberName: string }) => b.memberName)).toEqual(['Ravi Kumar']);
    expect((await owner('GET', `${path}?state=lost`)).status).toBe(400);
    expect((await otherStaff('GET', path)).status).toBe(404);
  });

  it('lists members with their memberships and bookings counted, searched by name or phone', async () => {
    const { owner, otherStaff, ids } = await setup('activity-members');
    await seedWeek(ids);
    const path = `/libraries/${ids.libraryId}/members`;
    const page = await owner('GET', `${path}?limit=1`);
    expect(page.body.items).toEqual([
      expect.objectContaining({ name: 'Ravi Kumar', activeMemberships: 0, bookings: 3 }),
    ]);
    const next = await owner('GET', `${path}?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body).toMatchObject({
      items: [{ name: 'Asha Verma', activeMemberships: 1, bookings: 3, phone: '+919800000001' }],
      nextCursor: null,
    });
    const byName = await owner('GET', `${path}?q=asha`);
    expect(byName.body.items.map((m: { name: string }) => m.name)).toEqual(['Asha Verma']);
    const byPhone = await owner('GET', `${path}?q=0000002`);
    expect(byPhone.body.items.map((m: { name: string }) => m.name)).toEqual(['Ravi Kumar']);
    expect((await otherStaff('GET', path)).status).toBe(404);
  });

  it('lists payments newest first with the member, by status', async () => {
    const { owner, ids } = await setup('activity-payments');
    await seedWeek(ids);
    const path = `/libraries/${ids.libraryId}/payments`;
    const all = await owner('GET', `${path}?limit=3`);
    expect(all.body.items).toHaveLength(3);
    const more = await owner('GET', `${path}?limit=3&cursor=${all.body.nextCursor}`);
    expect(more.body.items).toHaveLength(2);
    expect(more.body.nextCursor).toBeNull();
    const ids5 = new Set([...all.body.items, ...more.body.items].map((p: { id: string }) => p.id));
    expect(ids5.size).toBe(5);
    const pending = await owner('GET', `${path}?status=pending`);
    expect(pending.body.items).toEqual([
      expect.objectContaining({ memberName: 'Ravi Kumar', amountPaise: 23600, status: 'pending' }),
    ]);
  });

  it('reports occupancy by weekday and hour, revenue by plan and shift, and no-shows, in local time', async () => {
    const { owner, otherStaff, ids } = await setup('activity-usage');
    await seedWeek(ids);
    const path = `/libraries/${ids.libraryId}/reports/usage`;
    const report = await owner('GET', `${path}?from=2026-01-05&to=2026-01-11`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ timeZone: 'Asia/Kolkata', seats: 3 });
    expect(report.body.occupancy).toEqual([
      { weekday: 1, hour: 9, bookedHours: 2, days: 1, rate: 2 / 3 },
      { weekday: 1, hour: 10, bookedHours: 2, days: 1, rate: 2 / 3 },
      { weekday: 3, hour: 8, bookedHours: 1, days: 1, rate: 1 / 3 },
    ]);
    expect(report.body.revenueByPlan).toEqual([
      { id: ids.shiftPlan, name: 'Morning', payments: 1, amountPaise: 23600, refundedPaise: 10000 },
      { id: null, name: null, payments: 1, amountPaise: 11800, refundedPaise: 0 },
      { id: ids.hourlyPlan, name: 'Hourly', payments: 1, amountPaise: 5900, refundedPaise: 0 },
    ]);
    expect(report.body.revenueByShift).toEqual([
      { id: ids.shiftId, name: 'Morning', payments: 2, amountPaise: 35400, refundedPaise: 10000 },
      { id: null, name: null, payments: 1, amountPaise: 5900, refundedPaise: 0 },
    ]);
    expect(report.body.totals).toEqual({ payments: 3, amountPaise: 41300, refundedPaise: 10000 });
    expect(report.body.noShows).toEqual({
      decided: 3,
      noShows: 1,
      rate: 1 / 3,
      byWeekday: [{ weekday: 1, decided: 3, noShows: 1, rate: 1 / 3 }],
    });

    const twoWeeks = await owner('GET', `${path}?from=2026-01-05&to=2026-01-18`);
    expect(twoWeeks.body.occupancy[0]).toMatchObject({
      weekday: 1,
      hour: 9,
      bookedHours: 3,
      days: 2,
      rate: 0.5,
    });
    const tooLong = await owner('GET', `${path}?from=2026-01-01&to=2026-06-01`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('to');
    expect((await owner('GET', `${path}?from=2026-01-05&to=2026-01-04`)).status).toBe(400);
    expect((await otherStaff('GET', `${path}?from=2026-01-05&to=2026-01-11`)).status).toBe(404);
  });
});
