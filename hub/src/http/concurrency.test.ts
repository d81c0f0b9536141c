import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../test/fixture.ts';
import type { TestApi } from './testing.ts';
import { startTestApi } from './testing.ts';

describe('200 concurrent holds for one seat and slot', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('exactly one wins (201), 199 are 409 seat_taken, and SQLite holds one active booking', async () => {
    const members = Array.from({ length: 200 }, () => t.f.newMember());
    const seatId = t.f.ids.seatIds[20];
    const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.evening };
    const replies = await Promise.all(
      members.map((memberId) => t.call('POST', '/holds', { body: { seatId, memberId, slot } })),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    const refused = replies.filter((r) => r.status === 409);
    expect(refused).toHaveLength(199);
    expect(new Set(refused.map((r) => r.body.code))).toEqual(new Set(['seat_taken']));
    const active = t.f.db
      .prepare(
        `SELECT count(*) FROM bookings WHERE seat_id = ? AND state IN ('held','confirmed','checked_in')`,
      )
      .pluck()
      .get(seatId);
    expect(active).toBe(1);
  });
});
