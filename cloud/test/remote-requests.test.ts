/**
 * Remote requests and cloud commands end to end (issue #5 "Requests and commands", ADR 0022), on
 * both backends: a real cloud server with billing and the built-in test provider, and a real hub
 * (`runHub`) paired to it. A student's request reaches the hub through its shape and is decided by
 * the hub's allocator; the student pays against the hold and the capture's confirm command makes
 * the booking confirmed; the student cancels and is refunded by policy once the hub has applied the
 * cancel. With the hub off, a paid request and an owner's cancel wait visibly; when it comes back
 * the request is rejected (the seat went to someone else) and refunded in full, and the cancel is
 * applied.
 */
import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../hub/src/main.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { json, seedShop } from '../src/billing/billing.fixture.ts';
import { student as otherStudent, TestAuth } from './support/http.ts';
import { useRemoteStack } from './support/remote-stack.ts';
import { openDaysAhead } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

const poll = { timeout: 20_000, interval: 50 };

interface Row {
  id: string;
  status?: string;
  state?: string;
  bookingId?: string | null;
  reason?: string | null;
}

describe.each(backends)('remote requests and hub commands on %s', (kind) => {
  const t = useTestDatabase(kind);
  const auth = new TestAuth();
  const stack = useRemoteStack(t, auth, 'remote-flow');
  let hub: RunningHub | null = null;

  it('decides, confirms on payment, cancels with a refund, and waits visibly while the hub is off', async () => {
    const shop = await seedShop(t().db, `remote-${kind}`);
    const seatId = (
      await t().db.platform((tx) =>
        tx.query<{ id: string }>('SELECT id FROM seats WHERE library_id = $1', [shop.libraryId]),
      )
    )[0]?.id as string;
    const owner = auth.bearer(shop.owner);
    const student = auth.bearer(shop.student);
    const get = async <T>(path: string, headers: Record<string, string>) =>
      (await (await fetch(`${stack.server.url}${path}`, { headers })).json()) as T;
    const post = (path: string, body: unknown, headers: Record<string, string>) =>
      fetch(`${stack.server.url}${path}`, json(body, headers));
    const mine = async (list: 'booking-requests' | 'bookings', id: string) =>
      (await get<{ items: Row[] }>(`/v1/me/${list}`, student)).items.find((r) => r.id === id);

    const { code } = (await (
      await post(`/v1/libraries/${shop.libraryId}/hubs`, { name: 'desk' }, owner)
    ).json()) as {
      code: string;
    };
    await pairHub({ cloudUrl: stack.server.url, code, dataDir: stack.dir, name: 'desk' });
    hub = await stack.startHub();
    const running = hub;
    await expect.poll(() => running.core.catalog.loaded, poll).toBe(true);

    // 1. request → the hub holds the seat → pay against the hold → confirmed
    const slot = { kind: 'day', date: openDaysAhead(1)[0] };
    const created = await post('/v1/booking-requests', { libraryId: shop.libraryId, seatId, slot }, student);
    expect(created.status).toBe(201);
    const request = (await created.json()) as Row;
    await expect.poll(() => mine('booking-requests', request.id), poll).toMatchObject({ status: 'accepted' });
    const bookingId = (await mine('booking-requests', request.id))?.bookingId as string;
    await expect.poll(() => mine('bookings', bookingId), poll).toMatchObject({ state: 'held' });

    const payment = (await (
      await post(
        '/v1/payments',
        { libraryId: shop.libraryId, purpose: 'booking_request', targetId: request.id },
        student,
      )
    ).json()) as { id: string; checkout: { url: string } };
    const paid = await fetch(new URL(`${payment.checkout.url}/pay`, stack.server.url), { method: 'POST' });
    expect(await paid.text()).toContain('Payment successful');
    await expect.poll(() => mine('bookings', bookingId), poll).toMatchObject({ state: 'confirmed' });
    expect(running.core.bookings.byId(bookingId)?.state).toBe('confirmed');
    // the pass seed reached the cloud with the booking: the student (only) can draw the pass
    const seed = await get<{ secret: string; memberId: string }>(
      `/v1/me/bookings/${bookingId}/pass`,
      student,
    );
    expect(seed.secret).toBe(running.core.bookings.passSecret(bookingId));
    const stranger = await fetch(`${stack.server.url}/v1/me/bookings/${bookingId}/pass`, {
      headers: auth.bearer(otherStudent()),
    });
    expect(stranger.status).toBe(404);

    // 2. the student cancels: pending until the hub applies it, then refunded by policy (≥ 24 h ahead: all)
    const cancel = await post(`/v1/me/bookings/${bookingId}/cancel`, {}, student);
    expect(cancel.status).toBe(202);
    expect(await cancel.json()).toMatchObject({ kind: 'booking.cancel', status: 'pending' });
    await expect.poll(() => mine('bookings', bookingId), poll).toMatchObject({ state: 'cancelled' });
    const commands = () =>
      get<{ items: Row[] }>(`/v1/libraries/${shop.libraryId}/commands`, owner).then((p) => p.items);
    await expect
      .poll(commands, poll)
      .toEqual([
        expect.objectContaining({ kind: 'booking.cancel', status: 'applied' }),
        expect.objectContaining({ kind: 'booking.confirm', status: 'applied' }),
      ]);
    await stack.billing.tasks.find((task) => task.name === 'hub outcomes')?.run(Date.now());
    const refunded = await get<{ refundedPaise: number; amountPaise: number }>(
      `/v1/payments/${payment.id}`,
      student,
    );
    expect(refunded.refundedPaise).toBe(refunded.amountPaise);

    // 3. the hub goes away; two paid requests for the same seat and day wait, visibly pending. When
    //    it is back, the first is accepted and confirmed, the second rejected and refunded in full.
    await running.stop();
    hub = null;
    const paidRequest = async () => {
      const res = await post('/v1/booking-requests', { libraryId: shop.libraryId, seatId, slot }, student);
      const row = (await res.json()) as Row;
      const pay = (await (
        await post(
          '/v1/payments',
          { libraryId: shop.libraryId, purpose: 'booking_request', targetId: row.id },
          student,
        )
      ).json()) as { id: string; checkout: { url: string } };
      await fetch(new URL(`${pay.checkout.url}/pay`, stack.server.url), { method: 'POST' });
      return { request: row, paymentId: pay.id };
    };
    const late = await paidRequest();
    const second = await paidRequest();
    expect(await mine('booking-requests', late.request.id)).toMatchObject({ status: 'pending' });
    expect(await mine('booking-requests', second.request.id)).toMatchObject({ status: 'pending' });

    hub = await stack.startHub();
    await expect
      .poll(() => mine('booking-requests', late.request.id), poll)
      .toMatchObject({ status: 'accepted' });
    const lateBooking = (await mine('booking-requests', late.request.id))?.bookingId as string;
    await expect.poll(() => mine('bookings', lateBooking), poll).toMatchObject({ state: 'confirmed' });
    await expect
      .poll(() => mine('booking-requests', second.request.id), poll)
      .toMatchObject({ status: 'rejected' });
    expect(['seat_taken', 'member_busy']).toContain(
      (await mine('booking-requests', second.request.id))?.reason,
    );
    await stack.billing.tasks.find((task) => task.name === 'hub outcomes')?.run(Date.now());
    const secondRefund = await get<{ refundedPaise: number; amountPaise: number }>(
      `/v1/payments/${second.paymentId}`,
      student,
    );
    expect(secondRefund.refundedPaise).toBe(secondRefund.amountPaise);

    // 4. the owner cancels while the hub is off: pending and listed; applied when it is back
    await hub.stop();
    hub = null;
    const ownerCancel = await post(
      `/v1/libraries/${shop.libraryId}/bookings/${lateBooking}/cancel`,
      { reason: 'library closed for repairs', refund: 'full' },
      owner,
    );
    expect(ownerCancel.status).toBe(202);
    const waiting = await get<{ items: Row[] }>(
      `/v1/libraries/${shop.libraryId}/commands?status=pending`,
      owner,
    );
    expect(waiting.items).toEqual([
      expect.objectContaining({ kind: 'booking.cancel', bookingId: lateBooking }),
    ]);
    hub = await stack.startHub();
    await expect.poll(() => mine('bookings', lateBooking), poll).toMatchObject({ state: 'cancelled' });
    await expect
      .poll(
        () => get<{ items: Row[] }>(`/v1/libraries/${shop.libraryId}/commands?status=pending`, owner),
        poll,
      )
      .toEqual({ items: [], nextCursor: null });
    await stack.billing.tasks.find((task) => task.name === 'hub outcomes')?.run(Date.now());
    const lateRefund = await get<{ refundedPaise: number; amountPaise: number }>(
      `/v1/payments/${late.paymentId}`,
      student,
    );
    expect(lateRefund.refundedPaise).toBe(lateRefund.amountPaise);
  });
});
