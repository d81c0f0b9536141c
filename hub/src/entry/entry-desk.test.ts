import { MINUTE, makePass } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { at, hubFixture, system, TODAY } from '../../test/fixture.ts';
import { SimLock } from '../drivers/sim/sim-lock.ts';
import { EntryDesk } from './entry-desk.ts';

describe('entry desk', () => {
  let f: Fixture;
  let door: SimLock;
  let locker: SimLock;
  let desk: EntryDesk;
  const kiosk = { kind: 'kiosk' as const, id: 'entrance' };

  beforeEach(async () => {
    f = await hubFixture();
    door = new SimLock({ id: 'door-main', ackTimeoutMs: 200 });
    locker = new SimLock({ id: 'locker-C01', ackTimeoutMs: 200 });
    const signal = new AbortController().signal;
    await door.start(signal);
    await locker.start(signal);
    const locks = new Map([
      ['door-main', door],
      ['locker-C01', locker],
    ]);
    desk = new EntryDesk({ ...f, locks, doorLockId: 'door-main', unlockMs: 3_000 });
  });
  afterEach(async () => {
    await door.stop();
    await locker.stop();
    f.close();
  });

  const cabin = () => f.catalog.data.seats.find((s) => s.lockId === 'locker-C01')?.id as string;
  const bookCabin = (memberId = f.newMember('Asha')) =>
    f.allocator.book(
      {
        seatId: cabin(),
        memberId,
        slot: { kind: 'hours', date: TODAY, start: '10:00', hours: 2 },
        source: 'staff',
      },
      { method: 'cash' },
      system,
      f.clock.now(),
    );
  const passFor = (bookingId: string, now: number) => {
    const b = f.bookings.byId(bookingId);
    const secret = f.bookings.passSecret(bookingId);
    if (!b || !secret) throw new Error('no booking');
    return makePass({ libraryId: b.libraryId, memberId: b.memberId, bookingId, secret }, now);
  };
  const audits = () =>
    f.db.prepare(`SELECT action, detail FROM audit WHERE action LIKE 'entry.%' ORDER BY at, id`).all();

  it('checks in, unlocks the door and the seat locker, and audits it', async () => {
    const b = bookCabin();
    const now = at('09:50');
    const result = await desk.scan(passFor(b.id, now), kiosk, now);
    expect(result).toEqual({
      ok: true,
      bookingId: b.id,
      memberName: 'Asha',
      seatNumber: 'C01',
      door: 'unlocked',
      locker: 'unlocked',
    });
    expect(f.bookings.byId(b.id)?.state).toBe('checked_in');
    expect(audits()).toEqual([
      { action: 'entry.unlock', detail: expect.stringContaining('"door":"unlocked"') },
    ]);
  });

  it('denies, with the reason, and audits every denial', async () => {
    const b = bookCabin();
    const now = at('09:50');
    const cases: [string, string][] = [
      ['hello', 'unknown_pass'],
      [passFor(b.id, now - 2 * MINUTE), 'expired'], // a screenshot from two minutes ago
      [passFor(b.id, at('09:00')).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'bad_signature'],
    ];
    for (const [code, reason] of cases) {
      expect(await desk.scan(code, kiosk, now)).toMatchObject({ ok: false, reason });
    }
    expect(await desk.scan(passFor(b.id, at('09:00')), kiosk, at('09:00'))).toMatchObject({
      ok: false,
      reason: 'not_yet',
    });
    await desk.scan(passFor(b.id, now), kiosk, now);
    expect(await desk.scan(passFor(b.id, now + MINUTE), kiosk, now + MINUTE)).toMatchObject({
      ok: false,
      reason: 'already_inside',
    });
    expect(audits().filter((a) => (a as { action: string }).action === 'entry.denied')).toHaveLength(5);
    expect(f.bookings.byId(b.id)?.state).toBe('checked_in');
  });

  it('reports a jammed locker and an unacknowledged door as they are, never as unlocked', async () => {
    const b = bookCabin();
    locker.device.faults.jam = true;
    door.device.faults.drop = true;
    const now = at('09:55');
    const result = await desk.scan(passFor(b.id, now), kiosk, now);
    expect(result).toMatchObject({ ok: true, door: 'unknown', locker: 'jammed' });
  });

  it('refuses a held (unpaid) booking', async () => {
    const m = f.newMember();
    const held = f.allocator.hold(
      {
        seatId: f.ids.seatIds[0] as string,
        memberId: m,
        slot: { kind: 'hours', date: TODAY, start: '10:00', hours: 1 },
        source: 'kiosk',
      },
      system,
      f.clock.now(),
    );
    const now = at('09:55');
    expect(await desk.scan(passFor(held.id, now), kiosk, now)).toMatchObject({
      ok: false,
      reason: 'not_confirmed',
    });
  });
});
