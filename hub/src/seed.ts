/**
 * The demo library `npm start` sets up on first run: two zones, 60 seats, morning/evening/full-day
 * shifts, INR plans with 18% GST, and a desk login. Also used by tests as a realistic fixture.
 */

import { hash } from '@node-rs/argon2';
import type { OpeningHours, Policy } from '@studyspot/core';
import { defaultPolicy } from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from './store/db.ts';

export const demoLogin = { username: 'desk', password: 'studyspot-demo', pin: '2468' } as const;

export interface DemoIds {
  libraryId: string;
  zoneIds: [string, string];
  seatIds: string[];
  shiftIds: { morning: string; evening: string; fullDay: string };
  planIds: Record<'hourly' | 'morning' | 'evening' | 'dayPass' | 'monthlyMorning' | 'monthlyFull', string>;
  staffId: string;
}

const everyDay = (open: string, close: string): OpeningHours => ({
  mon: { open, close },
  tue: { open, close },
  wed: { open, close },
  thu: { open, close },
  fri: { open, close },
  sat: { open, close },
  sun: { open: '08:00', close: '20:00' },
});

/** Inserts the demo library unless a library exists; returns its ids either way (null if foreign). */
export async function seedDemo(db: Db, options: { policy?: Partial<Policy> } = {}): Promise<DemoIds | null> {
  const existing = db.prepare(`SELECT value FROM meta WHERE key = 'demo_ids'`).pluck().get() as
    | string
    | undefined;
  if (existing) return JSON.parse(existing) as DemoIds;
  if (db.prepare('SELECT 1 FROM libraries').get()) return null;
  const passwordHash = await hash(demoLogin.password);
  const pinHash = await hash(demoLogin.pin);
  const ids: DemoIds = {
    libraryId: uuidv7(),
    zoneIds: [uuidv7(), uuidv7()],
    seatIds: [],
    shiftIds: { morning: uuidv7(), evening: uuidv7(), fullDay: uuidv7() },
    planIds: {
      hourly: uuidv7(),
      morning: uuidv7(),
      evening: uuidv7(),
      dayPass: uuidv7(),
      monthlyMorning: uuidv7(),
      monthlyFull: uuidv7(),
    },
    staffId: uuidv7(),
  };
  db.transaction(() => insertDemo(db, ids, { ...defaultPolicy, ...options.policy }, passwordHash, pinHash))();
  return ids;
}

function insertDemo(db: Db, ids: DemoIds, policy: Policy, passwordHash: string, pinHash: string): void {
  const L = ids.libraryId;
  db.prepare(
    `INSERT INTO libraries (id, name, timezone, address, geo, amenities, opening_hours, slot_minutes, currency, policy)
     VALUES (?, ?, 'Asia/Kolkata', ?, ?, ?, ?, 60, 'INR', ?)`,
  ).run(
    L,
    'Gyan Study Library, Koramangala',
    JSON.stringify({
      line1: '14, 5th Cross, 6th Block',
      city: 'Bengaluru',
      state: 'Karnataka',
      postalCode: '560095',
      country: 'IN',
    }),
    JSON.stringify({ lat: 12.9352, lng: 77.6245 }),
    JSON.stringify(['wifi', 'ac', 'power', 'lockers', 'water', 'cctv']),
    JSON.stringify(everyDay('06:00', '22:00')),
    JSON.stringify(policy),
  );
  const zone = db.prepare('INSERT INTO zones (id, library_id, name, description) VALUES (?, ?, ?, ?)');
  zone.run(ids.zoneIds[0], L, 'Silent Hall', 'Open desks, no talking');
  zone.run(ids.zoneIds[1], L, 'AC Cabins', 'Private cabins with lockers');
  const seat = db.prepare(
    `INSERT INTO seats (id, library_id, zone_id, number, type, features, status, lock_id, sensor_id)
     VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
  );
  for (let i = 1; i <= 60; i++) {
    const id = uuidv7();
    ids.seatIds.push(id);
    const cabin = i > 40;
    const number = cabin ? `C${String(i - 40).padStart(2, '0')}` : `A${String(i).padStart(2, '0')}`;
    const features = cabin ? ['locker', 'lamp', 'power'] : i % 8 === 1 ? ['window', 'power'] : ['power'];
    seat.run(
      id,
      L,
      cabin ? ids.zoneIds[1] : ids.zoneIds[0],
      number,
      cabin ? 'cabin' : i % 8 === 1 ? 'window' : 'standard',
      JSON.stringify(features),
      cabin ? `locker-${number}` : null,
      `sensor-${number}`,
    );
  }
  const shift = db.prepare('INSERT INTO shifts (id, library_id, name, start, end) VALUES (?, ?, ?, ?, ?)');
  shift.run(ids.shiftIds.morning, L, 'Morning', '06:00', '14:00');
  shift.run(ids.shiftIds.evening, L, 'Evening', '14:00', '22:00');
  shift.run(ids.shiftIds.fullDay, L, 'Full day', '06:00', '22:00');
  const plan = db.prepare(
    `INSERT INTO plans (id, library_id, name, kind, shift_id, zone_id, price_paise, tax_rate_bp, duration_days, active)
     VALUES (?, ?, ?, ?, ?, NULL, ?, 1800, ?, 1)`,
  );
  const p = ids.planIds;
  plan.run(p.hourly, L, 'Hourly', 'hourly', null, 4000, null);
  plan.run(p.morning, L, 'Morning shift', 'shift', ids.shiftIds.morning, 15000, null);
  plan.run(p.evening, L, 'Evening shift', 'shift', ids.shiftIds.evening, 15000, null);
  plan.run(p.dayPass, L, 'Day pass', 'day_pass', null, 25000, null);
  plan.run(p.monthlyMorning, L, 'Monthly — morning', 'monthly', ids.shiftIds.morning, 180000, 30);
  plan.run(p.monthlyFull, L, 'Monthly — full day', 'monthly', null, 300000, 30);
  db.prepare(
    `INSERT INTO staff (id, library_id, username, name, role, password_hash, pin_hash) VALUES (?, ?, ?, ?, 'owner', ?, ?)`,
  ).run(ids.staffId, L, demoLogin.username, 'Front desk', passwordHash, pinHash);
  db.prepare(`INSERT INTO meta (key, value) VALUES ('demo_ids', ?)`).run(JSON.stringify(ids));
}
