/**
 * [BOOK-4] The database's last line of defence behind the hubs: the exclusion constraint refuses a
 * second active booking of one seat in an overlapping interval, and ignores cancelled (or other
 * inactive) bookings and back-to-back intervals.
 */
import { describe, expect, it } from 'vitest';
import type { SeededTenant } from '../../test/support/seed.ts';
import { seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { isExclusionViolation } from './pg-errors.ts';

describe.each(backends)('bookings exclusion constraint on %s', (kind) => {
  const t = useTestDatabase(kind);
  let s: SeededTenant;

  const book = (startsAt: string, endsAt: string, state: string) =>
    t().db.tenant(s.tenantId, (tx) =>
      tx.query(
        `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
         VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, $7, 'kiosk')`,
        [s.tenantId, s.libraryId, s.seatId, s.memberId, startsAt, endsAt, state],
      ),
    );

  it('refuses an overlapping active booking of the same seat', async () => {
    s = await seedTenant(t().db, 'exclusion');
    await book('2026-02-01T08:00Z', '2026-02-01T10:00Z', 'confirmed');
    const error = await book('2026-02-01T09:00Z', '2026-02-01T11:00Z', 'held').catch((e: unknown) => e);
    expect(isExclusionViolation(error)).toBe(true);
    await expect(book('2026-02-01T09:30Z', '2026-02-01T09:45Z', 'checked_in')).rejects.toThrow(
      /bookings_no_overlap/,
    );
  });

  it('allows cancelled, expired and no-show bookings over it, and back-to-back ones', async () => {
    for (const state of ['cancelled', 'expired', 'no_show', 'completed']) {
      await book('2026-02-01T08:30Z', '2026-02-01T09:30Z', state);
    }
    await book('2026-02-01T10:00Z', '2026-02-01T12:00Z', 'confirmed');
    await book('2026-02-01T06:00Z', '2026-02-01T08:00Z', 'held');
  });

  it('frees the seat when the booking is cancelled', async () => {
    await t().db.tenant(s.tenantId, (tx) =>
      tx.query(
        `UPDATE bookings SET state = 'cancelled' WHERE starts_at = '2026-02-01T08:00Z' AND state = 'confirmed'`,
      ),
    );
    await book('2026-02-01T09:00Z', '2026-02-01T10:00Z', 'confirmed');
  });
});
