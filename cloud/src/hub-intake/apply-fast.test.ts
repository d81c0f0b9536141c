/**
 * The all-accepted fast path of `applyBatch` (apply-fast.ts) on both backends answers what the
 * per-mutation path answers: a batch mixing a redelivered mutation, new ones and an id repeated
 * inside the batch; and when one mutation is refused (its row lives in another library, or it
 * references nothing), the whole batch is redone mutation by mutation — the others land exactly
 * once, the refused one is not recorded. Rows are written many per statement (ADR 0025): a stale
 * rev in the middle of a batch, an entity written twice and a reference to an entity the batch
 * creates only later all end as they would one mutation at a time.
 */
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SeededTenant, seedLibrary, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { applyBatch } from './apply.ts';
import { bookingOf, HOUR, mutation, T0 } from './intake.fixture.ts';
import type { HubIdentity } from './types.ts';

describe.each(backends)('the all-accepted path of the applier on %s', (kind) => {
  const t = useTestDatabase(kind);
  let s: SeededTenant;
  let hub: HubIdentity;
  let other: { libraryId: string; seatId: string; memberId: string };
  let day = 0;
  /** A booking of the hub's library on a day of its own. */
  const booking = (over: Record<string, unknown> = {}) => {
    day++;
    const startsAt = T0 + day * 24 * HOUR;
    return bookingOf(s, { startsAt, endsAt: startsAt + HOUR, ...over });
  };
  const count = (sql: string, params: unknown[]) =>
    t().db.platform(async (tx) => Number((await tx.query<{ n: string }>(sql, params))[0]?.n));

  beforeAll(async () => {
    s = await seedTenant(t().db, `fast-${kind}`);
    hub = { tenantId: s.tenantId, libraryId: s.libraryId, hubId: uuidv7() };
    other = await t().db.platform(async (tx) => {
      const libraryId = await seedLibrary(tx, s.tenantId, 'the other room');
      const id = async (sql: string) =>
        (await tx.query<{ id: string }>(sql, [s.tenantId, libraryId]))[0]?.id as string;
      const zoneId = await id(
        `INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Z') RETURNING id`,
      );
      const seatId = await tx.query<{ id: string }>(
        `INSERT INTO seats (tenant_id, library_id, zone_id, number) VALUES ($1, $2, $3, 'B1') RETURNING id`,
        [s.tenantId, libraryId, zoneId],
      );
      const memberId = await id(
        `INSERT INTO members (tenant_id, library_id, name, phone) VALUES ($1, $2, 'Ravi', '+919800000009') RETURNING id`,
      );
      return { libraryId, seatId: seatId[0]?.id as string, memberId };
    });
  });

  it('answers redelivered, new and repeated mutations of one batch as the per-mutation path does', async () => {
    const old = mutation('booking.upsert', booking());
    const first = await applyBatch(t().db, hub, [old]);
    const fresh = mutation('booking.upsert', booking());
    const { results, txid } = await applyBatch(t().db, hub, [old, fresh, fresh]);
    expect(results).toEqual([
      { id: old.id, status: 'accepted', txid: first.txid, duplicate: true },
      { id: fresh.id, status: 'accepted', txid },
      { id: fresh.id, status: 'accepted', txid, duplicate: true },
    ]);
    expect(await count('SELECT count(*) AS n FROM hub_mutations WHERE id = $1', [fresh.id])).toBe(1);
    expect(await count('SELECT count(*) AS n FROM bookings WHERE id = $1', [fresh.payload.id])).toBe(1);
  });

  it('redoes the batch mutation by mutation when a row it names lives in another library', async () => {
    const elsewhere = booking(other);
    const stored = await applyBatch(t().db, { ...hub, libraryId: other.libraryId }, [
      mutation('booking.upsert', elsewhere),
    ]);
    expect(stored.results[0]?.status).toBe('accepted');
    const before = mutation('booking.upsert', booking());
    const mine = { libraryId: s.libraryId, seatId: s.seatId, memberId: s.memberId };
    const foreign = mutation('booking.upsert', { ...elsewhere, ...mine, rev: 2 });
    const after = mutation('booking.upsert', booking());
    const { results } = await applyBatch(t().db, hub, [before, foreign, after]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'accepted',
      'wrong_library',
      'accepted',
    ]);
    expect(await count('SELECT count(*) AS n FROM audit_log WHERE id = $1', [foreign.id])).toBe(1);
    for (const m of [before, after])
      expect(await count('SELECT count(*) AS n FROM bookings WHERE id = $1', [m.payload.id])).toBe(1);
  });

  it('redoes the batch mutation by mutation after a refusal while writing', async () => {
    const before = mutation('booking.upsert', booking());
    const dangling = mutation('booking.upsert', booking({ memberId: uuidv7() }));
    const after = mutation('booking.upsert', booking());
    const { results } = await applyBatch(t().db, hub, [before, dangling, after]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'accepted',
      'unknown_reference',
      'accepted',
    ]);
    expect(await count('SELECT count(*) AS n FROM hub_mutations WHERE id = $1', [dangling.id])).toBe(0);
    for (const m of [before, after]) {
      expect(await count('SELECT count(*) AS n FROM hub_mutations WHERE id = $1', [m.id])).toBe(1);
      expect(await count('SELECT count(*) AS n FROM bookings WHERE id = $1', [m.payload.id])).toBe(1);
    }
  });

  const rowOf = (id: string) =>
    t().db.platform(async (tx) => {
      const [row] = await tx.query<{ rev: string; state: string }>(
        'SELECT rev, state FROM bookings WHERE id = $1',
        [id],
      );
      return row && { rev: Number(row.rev), state: row.state };
    });

  it('keeps the newer row when a stale rev sits in the middle of a batch', async () => {
    const newer = booking({ rev: 7, state: 'checked_in', checkedInAt: T0 });
    const stale = { ...newer, rev: 5, state: 'cancelled', checkedInAt: null };
    const [a, b] = [booking(), booking()];
    const batch = [
      mutation('booking.upsert', newer),
      mutation('booking.upsert', a),
      mutation('booking.upsert', stale),
      mutation('booking.upsert', b),
    ];
    const { results, txid } = await applyBatch(t().db, hub, batch);
    expect(results).toEqual(batch.map((m) => ({ id: m.id, status: 'accepted', txid })));
    expect(await rowOf(newer.id)).toEqual({ rev: 7, state: 'checked_in' });
    for (const other of [a, b]) expect(await rowOf(other.id)).toEqual({ rev: 1, state: 'confirmed' });
    // and against a stored row: the stale echo alone changes nothing either
    await applyBatch(t().db, hub, [mutation('booking.upsert', booking()), mutation('booking.upsert', stale)]);
    expect(await rowOf(newer.id)).toEqual({ rev: 7, state: 'checked_in' });
  });

  it('ends with the later revision of an entity written twice in one batch', async () => {
    const first = booking();
    const paid = {
      ...{ id: uuidv7(), libraryId: s.libraryId, memberId: s.memberId, planId: null, bookingId: first.id },
      ...{ method: 'cash', subtotalPaise: 5000, taxPaise: 900, totalPaise: 5900, status: 'captured' },
      ...{ recordedBy: 'staff:desk', createdAt: T0 },
    };
    const checkedIn = { ...first, rev: 2, state: 'checked_in', checkedInAt: T0 + HOUR / 2 };
    const batch = [
      mutation('booking.upsert', first),
      mutation('payment.upsert', paid),
      mutation('booking.upsert', checkedIn),
    ];
    const { results, txid } = await applyBatch(t().db, hub, batch);
    expect(results).toEqual(batch.map((m) => ({ id: m.id, status: 'accepted', txid })));
    expect(await rowOf(first.id)).toEqual({ rev: 2, state: 'checked_in' });
    expect(await count('SELECT count(*) AS n FROM payments WHERE id = $1', [paid.id])).toBe(1);
  });

  it('refuses a payment for a booking that only a later mutation of the batch creates', async () => {
    const later = booking();
    const paid = {
      ...{ id: uuidv7(), libraryId: s.libraryId, memberId: s.memberId, planId: null, bookingId: later.id },
      ...{ method: 'cash', subtotalPaise: 5000, taxPaise: 900, totalPaise: 5900, status: 'captured' },
      ...{ recordedBy: 'staff:desk', createdAt: T0 },
    };
    const { results } = await applyBatch(t().db, hub, [
      mutation('payment.upsert', paid),
      mutation('booking.upsert', later),
    ]);
    // one at a time the booking does not exist yet when the payment is written
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'unknown_reference',
      'accepted',
    ]);
    expect(await count('SELECT count(*) AS n FROM payments WHERE id = $1', [paid.id])).toBe(0);
  });
});
