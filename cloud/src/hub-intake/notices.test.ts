/**
 * What students hear from the hub's intake (notices.ts, ADR 0026), on both backends through the
 * real applier: an entry arriving `offered` enqueues one `waitlist_offer` for its member's account
 * — once, however often it is re-delivered, and not for an older echo or a member without an
 * account; a remote request accepted with its booking confirmed, and a payment's confirm applied,
 * each enqueue one `booking_confirmed`; a request only held enqueues nothing yet; a refused
 * request enqueues `booking_request_rejected`, and an owner's applied cancel `booking_cancelled`
 * (the student's own cancel nothing); a booking arriving `no_show` warns with the strikes so far.
 */
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SeededTenant, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { applyBatch } from './apply.ts';
import { bookingOf, HOUR, mutation, T0 } from './intake.fixture.ts';
import type { HubIdentity } from './types.ts';

describe.each(backends)('student notices from the hub intake on %s', (kind) => {
  const t = useTestDatabase(kind);
  let s: SeededTenant;
  let hub: HubIdentity;
  let userId: string;
  let memberId: string;
  let day = 0;

  beforeAll(async () => {
    s = await seedTenant(t().db, `notices-${kind}`);
    hub = { tenantId: s.tenantId, libraryId: s.libraryId, hubId: uuidv7() };
    ({ userId, memberId } = await t().db.platform(async (tx) => {
      const [user] = await tx.query<{ id: string }>(
        `INSERT INTO users (role, phone, name) VALUES ('student', '+919811122233', 'Meera') RETURNING id`,
      );
      const [member] = await tx.query<{ id: string }>(
        `INSERT INTO members (tenant_id, library_id, user_id, name, phone)
         VALUES ($1, $2, $3, 'Meera', '+919811122233') RETURNING id`,
        [s.tenantId, s.libraryId, user?.id],
      );
      return { userId: user?.id as string, memberId: member?.id as string };
    }));
  });

  const apply = async (...mutations: ReturnType<typeof mutation>[]) => {
    const { results } = await applyBatch(t().db, hub, mutations);
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'accepted'));
  };
  const messages = (messageKind: string) =>
    t().db.platform((tx) =>
      tx.query<{ content: { vars: Record<string, unknown> } }>(
        `SELECT content FROM notification_outbox WHERE user_id = $1 AND content->>'kind' = $2`,
        [userId, messageKind],
      ),
    );
  /** A booking of the seeded seat on a fresh day. */
  const booking = (over: Record<string, unknown> = {}) => {
    day++;
    const startsAt = T0 + day * 24 * HOUR;
    return bookingOf(
      { ...s, memberId },
      { startsAt, endsAt: startsAt + 2 * HOUR, source: 'remote', ...over },
    );
  };

  it('an offer is told once, not again on re-delivery, and not from an older echo', async () => {
    const hold = booking({ state: 'held', source: 'waitlist', holdExpiresAt: T0 + 15 * 60_000 });
    const entry = {
      id: uuidv7(),
      libraryId: s.libraryId,
      memberId,
      zoneId: null,
      startsAt: hold.startsAt,
      endsAt: hold.endsAt,
      shiftId: null,
      state: 'offered',
      offeredSeatId: s.seatId,
      offerExpiresAt: hold.holdExpiresAt,
      createdAt: T0,
      bookingId: hold.id,
      rev: 2,
    };
    await apply(mutation('booking.upsert', hold), mutation('waitlist.upsert', entry));
    await apply(mutation('waitlist.upsert', entry)); // re-delivered under a new mutation id
    await apply(mutation('waitlist.upsert', { ...entry, state: 'waiting', offeredSeatId: null, rev: 1 }));
    const offers = await messages('waitlist_offer');
    expect(offers).toHaveLength(1);
    expect(offers[0]?.content.vars).toMatchObject({
      seatLabel: 'A1',
      startsAt: hold.startsAt,
      offerExpiresAt: hold.holdExpiresAt,
    });
    // the seeded desk member has no account: nobody to tell
    await apply(mutation('waitlist.upsert', { ...entry, id: uuidv7(), memberId: s.memberId }));
    expect(await messages('waitlist_offer')).toHaveLength(1);
  });

  const pendingRequest = async (b: { startsAt: number; endsAt: number }) => {
    const id = uuidv7();
    await t().db.tenant(s.tenantId, (tx) =>
      tx.query(
        `INSERT INTO booking_requests (tenant_id, id, library_id, member_id, requested_by, seat_id, slot, starts_at, ends_at)
         VALUES ($1, $2, $3, $4, $5, $6, '{"kind":"day","date":"2026-12-02"}', to_timestamp($7::float8 / 1000),
           to_timestamp($8::float8 / 1000))`,
        [s.tenantId, id, s.libraryId, memberId, userId, s.seatId, b.startsAt, b.endsAt],
      ),
    );
    return id;
  };
  const decide = (id: string, bookingId: string) =>
    mutation('request.decide', {
      id,
      libraryId: s.libraryId,
      status: 'accepted',
      reason: null,
      bookingId,
      decidedAt: T0,
      rev: 5,
    });

  it('a request accepted and confirmed at once, and a held one once its paid confirm is applied', async () => {
    const confirmed = booking();
    await apply(mutation('booking.upsert', confirmed), decide(await pendingRequest(confirmed), confirmed.id));
    expect(await messages('booking_confirmed')).toHaveLength(1);

    const held = booking({ state: 'held', holdExpiresAt: T0 + 10 * 60_000 });
    await apply(mutation('booking.upsert', held), decide(await pendingRequest(held), held.id));
    expect(await messages('booking_confirmed')).toHaveLength(1);
    const commandId = uuidv7();
    await t().db.tenant(s.tenantId, (tx) =>
      tx.query(
        `INSERT INTO hub_commands (tenant_id, id, library_id, kind, booking_id) VALUES ($1, $2, $3, 'booking.confirm', $4)`,
        [s.tenantId, commandId, s.libraryId, held.id],
      ),
    );
    const result = {
      id: commandId,
      libraryId: s.libraryId,
      status: 'applied',
      code: null,
      decidedAt: T0,
      rev: 7,
    };
    await apply(
      mutation('booking.upsert', { ...held, state: 'confirmed', holdExpiresAt: null, rev: 2 }),
      mutation('command.result', result),
    );
    await apply(mutation('command.result', result)); // re-delivered
    const told = await messages('booking_confirmed');
    expect(told).toHaveLength(2);
    expect(told.map((m) => m.content.vars.startsAt).sort()).toEqual(
      [confirmed.startsAt, held.startsAt].sort(),
    );
  });

  it('a refused request is told once; a cancel the owner asked for is told, one the student asked for is not', async () => {
    const refused = booking();
    const requestId = await pendingRequest(refused);
    const refuse = mutation('request.decide', {
      id: requestId,
      libraryId: s.libraryId,
      status: 'rejected',
      reason: 'seat_taken',
      bookingId: null,
      decidedAt: T0,
      rev: 5,
    });
    await apply(refuse);
    await apply({ ...refuse, id: uuidv7() }); // the same decision re-delivered
    const rejected = await messages('booking_request_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.content.vars).toMatchObject({ startsAt: refused.startsAt });

    const ownerId = await t().db.platform(async (tx) => {
      const [owner] = await tx.query<{ id: string }>(
        `INSERT INTO users (role, email, password_hash, name) VALUES ('staff', 'notices-owner-${kind}@example.test', 'x', 'Owner')
         RETURNING id`,
      );
      return owner?.id as string;
    });
    const cancelled = async (requestedBy: string) => {
      const b = booking();
      await apply(mutation('booking.upsert', b));
      const commandId = uuidv7();
      await t().db.tenant(s.tenantId, (tx) =>
        tx.query(
          `INSERT INTO hub_commands (tenant_id, id, library_id, kind, booking_id, requested_by)
           VALUES ($1, $2, $3, 'booking.cancel', $4, $5)`,
          [s.tenantId, commandId, s.libraryId, b.id, requestedBy],
        ),
      );
      await apply(
        mutation('booking.upsert', { ...b, state: 'cancelled', rev: 2 }),
        mutation('command.result', {
          id: commandId,
          libraryId: s.libraryId,
          status: 'applied',
          code: null,
          decidedAt: T0,
          rev: 7,
        }),
      );
      return b;
    };
    const byOwner = await cancelled(ownerId);
    await cancelled(userId);
    const told = await messages('booking_cancelled');
    expect(told).toHaveLength(1);
    expect(told[0]?.content.vars).toMatchObject({ seatLabel: 'A1', startsAt: byOwner.startsAt });
  });

  it('a missed booking warns once, counting the strikes in the policy window', async () => {
    const first = booking({ state: 'no_show' });
    await apply(mutation('booking.upsert', first));
    await apply(mutation('booking.upsert', first)); // re-delivered
    const second = booking();
    await apply(mutation('booking.upsert', second));
    expect(await messages('no_show_warning')).toHaveLength(1); // confirmed is no warning
    await apply(mutation('booking.upsert', { ...second, state: 'no_show', rev: 2 }));
    // the desk member has no account: nobody to warn
    await apply(mutation('booking.upsert', booking({ state: 'no_show', memberId: s.memberId })));
    const warned = await messages('no_show_warning');
    expect(
      warned.map((m) => [m.content.vars.startsAt, m.content.vars.strikes, m.content.vars.maxStrikes]).sort(),
    ).toEqual(
      [
        [first.startsAt, 1, 3],
        [second.startsAt, 2, 3],
      ].sort(),
    );
  });
});
