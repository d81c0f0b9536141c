/**
 * The student's waitlist end to end (issue #6 "join a waitlist and accept an offer", ADR 0026), on
 * both backends: a real cloud server with billing and the built-in test provider, and a real hub
 * (`runHub`) paired to it, on a library with one seat. The day is full; a student joins from the
 * cloud and the hub's entry waits; the desk cancels the booking and the hub offers the seat; the
 * offer reaches the cloud with a `waitlist_offer` message; the student pays for the offer's hold
 * and the hub confirms it, the entry accepted. Another day: the first offer lapses and passes to
 * the next student, who leaves. An offer a membership covers is accepted without paying. A second
 * join for the same time is refused `already_waiting`, and a join made while the hub is off waits,
 * visibly, until it is back.
 */
import { MINUTE } from '@studyspot/core';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../hub/src/clock.ts';
import type { RunningHub } from '../../hub/src/main.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { system } from '../../hub/src/store/ledger.ts';
import { addStudent, json, seedShop } from '../src/billing/billing.fixture.ts';
import type { Principal } from '../src/http/env.ts';
import { TestAuth } from './support/http.ts';
import { useRemoteStack } from './support/remote-stack.ts';
import { openDaysAhead } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

const poll = { timeout: 20_000, interval: 50 };

interface Item {
  id: string;
  state: string;
  code: string | null;
  seatNumber: string | null;
  offerExpiresAt: number | null;
  ahead: number | null;
  bookingId: string | null;
  bookingState: string | null;
  pricePaise: number | null;
  pending: { kind: string }[];
}

/** The hub's clock, which the test moves forward to let an offer lapse. */
class SkewedClock implements Clock {
  skew = 0;
  now(): number {
    return Date.now() + this.skew;
  }
}

describe.each(backends)('the student’s waitlist through the hub on %s', (kind) => {
  const t = useTestDatabase(kind);
  const auth = new TestAuth();
  const clock = new SkewedClock();
  const stack = useRemoteStack(t, auth, 'waitlist-flow', clock);
  let hub: RunningHub | null = null;

  const call = (path: string, who: Principal, body?: unknown) =>
    fetch(
      `${stack.server.url}${path}`,
      body === undefined ? { headers: auth.bearer(who) } : json(body, auth.bearer(who)),
    );
  const waitlistOf = async (who: Principal) =>
    ((await (await call('/v1/me/waitlist', who)).json()) as { items: Item[] }).items;
  const itemOf = async (who: Principal, id: string) => (await waitlistOf(who)).find((i) => i.id === id);
  const messagesTo = (who: Principal, kind: string) =>
    t().db.platform((tx) =>
      tx.query<{ id: string }>(
        `SELECT id FROM notification_outbox WHERE user_id = $1 AND content->>'kind' = $2`,
        [who.userId, kind],
      ),
    );

  it('joins from the cloud, is offered a freed seat, pays, and the hub accepts; offers lapse and pass on', async () => {
    const shop = await seedShop(t().db, `waitlist-${kind}`);
    const students = await t().db.platform(async (tx) => [
      await addStudent(tx, shop.tenantId, shop.libraryId),
      await addStudent(tx, shop.tenantId, shop.libraryId),
      await addStudent(tx, shop.tenantId, shop.libraryId),
    ]);
    const [asha, ravi, meena] = students.map((s) => s.principal) as [Principal, Principal, Principal];
    const { code } = (await (
      await call(`/v1/libraries/${shop.libraryId}/hubs`, shop.owner, { name: 'desk' })
    ).json()) as {
      code: string;
    };
    await pairHub({ cloudUrl: stack.server.url, code, dataDir: stack.dir, name: 'desk' });
    hub = await stack.startHub();
    const running = hub;
    // the catalog and the members have arrived through the shapes
    const synced = () => {
      const { seats, plans } = running.core.catalog.data;
      const ready = seats.length > 0 && plans.some((p) => p.kind === 'day_pass');
      return ready && running.core.members.byId(shop.memberId) !== null;
    };
    await expect.poll(() => running.core.catalog.loaded && synced(), poll).toBe(true);
    const [first, second, third, fourth] = openDaysAhead(4) as [string, string, string, string];
    const seatId = running.core.catalog.data.seats[0]?.id as string;
    /** The desk books the library's only seat for a day, for the shop's own student (cash). */
    const fill = (date: string) =>
      running.core.allocator.book(
        { seatId, memberId: shop.memberId, slot: { kind: 'day', date }, source: 'kiosk' },
        { method: 'cash' },
        system,
        clock.now(),
      );
    const joinFor = async (who: Principal, date: string) => {
      const res = await call('/v1/me/waitlist', who, {
        libraryId: shop.libraryId,
        slot: { kind: 'day', date },
      });
      expect(res.status).toBe(202);
      const command = (await res.json()) as { kind: string; status: string; bookingId: string };
      expect(command).toMatchObject({ kind: 'waitlist.join', status: 'pending' });
      return command.bookingId; // the entry's id
    };

    // 1. the day is full: Asha joins from the cloud; the hub's entry waits; a second join is refused
    const full = fill(first);
    const entry = await joinFor(asha, first);
    await expect
      .poll(() => itemOf(asha, entry), poll)
      .toMatchObject({ state: 'waiting', ahead: 0, pending: [] });
    expect(running.core.waitlist.byId(entry)).toMatchObject({ state: 'waiting' });
    const again = await joinFor(asha, first);
    await expect
      .poll(() => itemOf(asha, again), poll)
      .toMatchObject({ state: 'refused', code: 'already_waiting' });

    // 2. the desk cancels the booking: the hub offers the seat, the cloud sees it and tells Asha once
    running.core.allocator.cancel(full.id, system, clock.now());
    await expect
      .poll(() => itemOf(asha, entry), poll)
      .toMatchObject({ state: 'offered', seatNumber: 'A1', bookingState: 'held', pricePaise: 11_800 });
    const offer = (await itemOf(asha, entry)) as Item;
    expect(offer.offerExpiresAt).toBeGreaterThan(Date.now());
    expect(await messagesTo(asha, 'waitlist_offer')).toHaveLength(1);

    // 3. a paid offer is accepted by paying for its hold; the capture's confirm makes the hub accept
    const free = await call(`/v1/me/waitlist/${entry}/accept`, asha, {});
    expect(free.status).toBe(422);
    expect(((await free.json()) as { code: string }).code).toBe('payment_required');
    const payment = (await (
      await call('/v1/payments', asha, {
        libraryId: shop.libraryId,
        purpose: 'booking',
        targetId: offer.bookingId,
      })
    ).json()) as { id: string; amountPaise: number; checkout: { url: string } };
    expect(payment.amountPaise).toBe(11_800);
    const paid = await fetch(new URL(`${payment.checkout.url}/pay`, stack.server.url), { method: 'POST' });
    expect(await paid.text()).toContain('Payment successful');
    await expect
      .poll(() => itemOf(asha, entry), poll)
      .toMatchObject({ state: 'accepted', bookingState: 'confirmed' });
    expect(running.core.waitlist.byId(entry)?.state).toBe('accepted');
    expect(running.core.bookings.byId(offer.bookingId as string)?.state).toBe('confirmed');
    await expect.poll(() => messagesTo(asha, 'booking_confirmed'), poll).toHaveLength(1);

    // 4. another day: Ravi's offer lapses and passes to Meena, who leaves; the hold goes back
    const taken = fill(second);
    const raviEntry = await joinFor(ravi, second);
    const meenaEntry = await joinFor(meena, second);
    await expect.poll(() => itemOf(meena, meenaEntry), poll).toMatchObject({ state: 'waiting', ahead: 1 });
    expect(await itemOf(ravi, raviEntry)).toMatchObject({ state: 'waiting', ahead: 0 });
    running.core.allocator.cancel(taken.id, system, clock.now());
    await expect.poll(() => itemOf(ravi, raviEntry), poll).toMatchObject({ state: 'offered', ahead: null });
    expect(await itemOf(meena, meenaEntry)).toMatchObject({ state: 'waiting', ahead: 0 });
    clock.skew += 16 * MINUTE; // past the library's waitlistOfferMinutes (15)
    running.core.scheduler.tick(clock.now());
    await expect.poll(() => itemOf(ravi, raviEntry), poll).toMatchObject({ state: 'expired' });
    await expect.poll(() => itemOf(meena, meenaEntry), poll).toMatchObject({ state: 'offered' });
    expect(await messagesTo(ravi, 'waitlist_offer')).toHaveLength(1);
    expect(await messagesTo(meena, 'waitlist_offer')).toHaveLength(1);
    const meenaHold = (await itemOf(meena, meenaEntry))?.bookingId as string;
    const leave = await call(`/v1/me/waitlist/${meenaEntry}/leave`, meena, {});
    expect(leave.status).toBe(202);
    await expect.poll(() => itemOf(meena, meenaEntry), poll).toMatchObject({ state: 'left', pending: [] });
    expect(running.core.bookings.byId(meenaHold)?.state).toBe('cancelled');

    // 5. an offer a membership covers costs nothing: accepted by command, without paying
    const meenaMember = students[2]?.memberId as string;
    await t().db.platform((tx) =>
      tx.query(
        `INSERT INTO memberships (tenant_id, library_id, member_id, plan_id, shift_id, starts_on, ends_on, status)
         SELECT $1, $2, $3, id, shift_id, current_date, current_date + 30, 'active' FROM plans WHERE id = $4`,
        [shop.tenantId, shop.libraryId, meenaMember, shop.monthlyPlanId],
      ),
    );
    await expect.poll(() => running.core.members.memberships(meenaMember).length, poll).toBe(1);
    const morning = running.core.catalog.data.shifts[0]?.id as string;
    const busy = fill(fourth);
    const joined = await call('/v1/me/waitlist', meena, {
      libraryId: shop.libraryId,
      slot: { kind: 'shift', date: fourth, shiftId: morning },
    });
    const covered = ((await joined.json()) as { bookingId: string }).bookingId;
    await expect.poll(() => itemOf(meena, covered), poll).toMatchObject({ state: 'waiting' });
    running.core.allocator.cancel(busy.id, system, clock.now());
    await expect.poll(() => itemOf(meena, covered), poll).toMatchObject({ state: 'offered', pricePaise: 0 });
    const accept = await call(`/v1/me/waitlist/${covered}/accept`, meena, {});
    expect(accept.status).toBe(202);
    expect(await accept.json()).toMatchObject({ kind: 'waitlist.accept', status: 'pending' });
    await expect
      .poll(() => itemOf(meena, covered), poll)
      .toMatchObject({ state: 'accepted', bookingState: 'confirmed', pending: [] });

    // 6. with the hub off, a join waits visibly; when the hub is back it is applied
    fill(third);
    await running.stop();
    hub = null;
    const offline = await joinFor(ravi, third);
    expect(await itemOf(ravi, offline)).toMatchObject({
      state: 'joining',
      pending: [{ kind: 'waitlist.join' }],
    });
    hub = await stack.startHub();
    await expect.poll(() => itemOf(ravi, offline), poll).toMatchObject({ state: 'waiting', pending: [] });
  });
});
