/**
 * Prepares a hub data directory the way a running library has one: the demo library seeded with
 * a chosen policy and `count` members, so a child hub process can start on it.
 */
import { join } from 'node:path';
import type { Policy } from '@studyspot/core';
import { addDays } from '@studyspot/core';
import { seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { MemberStore } from '../../hub/src/store/members.ts';

export interface HubData {
  file: string;
  memberIds: string[];
  seatIds: string[];
  /** Tomorrow in Kolkata, so every slot on or after it is in the future for the whole run. */
  firstDate: string;
}

export async function prepareHubData(
  dir: string,
  count: number,
  policy: Partial<Policy> = {},
): Promise<HubData> {
  const file = join(dir, 'hub.db');
  const db = openDb(file);
  const ids = await seedDemo(db, { policy });
  if (!ids) throw new Error('seed failed');
  const members = new MemberStore(db);
  const memberIds = db.transaction(() =>
    Array.from(
      { length: count },
      (_, i) =>
        members.create(
          ids.libraryId,
          { name: `Member ${i}`, phone: `+9170${String(i).padStart(8, '0')}`, email: null },
          Date.now(),
        ).id,
    ),
  )();
  db.close();
  const today = new Date(Date.now() + 5.5 * 3_600_000).toISOString().slice(0, 10);
  return { file, memberIds, seatIds: ids.seatIds, firstDate: addDays(today, 1) };
}

/**
 * Booking k of a stream: seat k % 60 at hour 08 + (k / 60) % 12 on day k / 720, member k % 60 —
 * within every day's opening hours (Sundays open 08–20) and never two of a member's at once.
 */
export function distinctBooking(data: HubData, k: number) {
  const hour = 2 + (Math.floor(k / 60) % 12);
  return {
    seatId: data.seatIds[k % 60] as string,
    memberId: data.memberIds[k % 60] as string,
    slot: {
      kind: 'hours' as const,
      date: addDays(data.firstDate, Math.floor(k / 720)),
      start: `${String(6 + hour).padStart(2, '0')}:00`,
      hours: 1,
    },
    payment: { method: 'cash' as const },
  };
}
