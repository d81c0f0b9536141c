/**
 * A waiting student's place in line (`ahead` on GET /v1/me/waitlist): counted in the hub's offer
 * order over other members' entries — earlier joins, overlapping times, competing zones — and only
 * for entries still waiting.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-databases.ts';
import { addStudent, seedShop } from '../billing/billing.fixture.ts';
import { myWaitlist } from './waitlist.ts';

const at = (hour: number) => new Date(Date.UTC(2026, 11, 20, hour)).toISOString();

describe.each(['postgres', 'pglite'] as const)('places in line on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('counts earlier waiting entries that compete for the same seats and time', async () => {
    const { db } = t();
    const shop = await seedShop(db, `ahead-${kind}`);
    const { tenantId, libraryId } = shop;
    const [quiet, loud] = await db.platform(async (tx) => {
      const [zone] = await tx.query<{ id: string }>('SELECT id FROM zones WHERE library_id = $1', [
        libraryId,
      ]);
      const [other] = await tx.query<{ id: string }>(
        `INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Group') RETURNING id`,
        [tenantId, libraryId],
      );
      return [zone?.id, other?.id] as [string, string];
    });
    const students = await db.platform(async (tx) => {
      const list = [];
      for (let i = 0; i < 6; i++) list.push(await addStudent(tx, tenantId, libraryId));
      return list;
    });
    /** One entry per student, joined `minute` minutes into the hour, for `from`..`to` o'clock. */
    const entries: [number, string | null, number, number, string][] = [
      [0, quiet, 9, 13, 'waiting'], // first in line for the quiet zone
      [1, null, 10, 12, 'waiting'], // any zone: competes with everyone
      [2, loud, 9, 13, 'waiting'], // another zone: does not compete with quiet
      [3, quiet, 14, 18, 'waiting'], // another time: does not overlap
      [4, quiet, 9, 13, 'offered'], // already offered: no longer in line
      [5, quiet, 11, 12, 'waiting'], // behind 0 and 1
    ];
    const ids = entries.map(() => crypto.randomUUID());
    await db.tenant(tenantId, async (tx) => {
      for (const [i, zoneId, from, to, state] of entries)
        await tx.query(
          `INSERT INTO waitlist_entries (tenant_id, id, library_id, member_id, zone_id, starts_at, ends_at, state, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [tenantId, ids[i], libraryId, students[i]?.memberId, zoneId, at(from), at(to), state, at(i)],
        );
    });
    const ahead = async (i: number) => {
      const userId = students[i]?.principal.userId as string;
      const page = await myWaitlist(db, userId, 50, undefined);
      expect(page.items.map((item) => item.id)).toEqual([ids[i]]);
      return page.items[0]?.ahead;
    };
    expect(await ahead(0)).toBe(0);
    expect(await ahead(1)).toBe(1); // behind 0 (any zone competes with quiet)
    expect(await ahead(2)).toBe(1); // behind 1 only
    expect(await ahead(3)).toBe(0);
    expect(await ahead(4)).toBeNull();
    expect(await ahead(5)).toBe(2);
  });
});
