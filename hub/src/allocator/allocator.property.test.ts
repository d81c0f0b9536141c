/**
 * Random sequences of holds, bookings, confirms, cancels, check-ins, check-outs and clock advances
 * (with scheduler ticks: expiries, no-shows, completions, waitlist offers) against the real
 * allocator on a real SQLite file. After every step the database must satisfy the invariants of
 * core/SPEC.md, checked with SQL over what was actually committed.
 */

import { bannedUntil, DAY, DomainError, instantToLocal, MINUTE } from '@studyspot/core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fixture } from '../../test/fixture.ts';
import { hubFixture, system, TODAY } from '../../test/fixture.ts';

type Cmd =
  | { op: 'hold' | 'book'; seat: number; member: number; day: number; start: number; hours: number }
  | { op: 'shift'; seat: number; member: number; day: number; evening: boolean }
  | { op: 'confirm' | 'cancel' | 'checkIn' | 'checkOut'; pick: number }
  | { op: 'wait'; member: number; day: number; start: number }
  | { op: 'advance'; minutes: number };

const SEATS = 4;
const MEMBERS = 5;
const seatCmd = { seat: fc.nat(SEATS - 1), member: fc.nat(MEMBERS - 1), day: fc.nat(2) };
const command: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({
    op: fc.constantFrom('hold' as const, 'book' as const),
    ...seatCmd,
    start: fc.integer({ min: 5, max: 21 }),
    hours: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({ op: fc.constant('shift' as const), ...seatCmd, evening: fc.boolean() }),
  fc.record({
    op: fc.constantFrom('confirm' as const, 'cancel' as const, 'checkIn' as const, 'checkOut' as const),
    pick: fc.nat(1000),
  }),
  fc.record({
    op: fc.constant('wait' as const),
    member: fc.nat(MEMBERS - 1),
    day: fc.nat(2),
    start: fc.integer({ min: 6, max: 20 }),
  }),
  fc.record({ op: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 12 * 60 }) }),
);

const dateOf = (day: number) => `2026-12-0${day}`.replace('2026-12-00', TODAY);
const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;

function assertInvariants(f: Fixture): void {
  const { db } = f;
  const active = `state IN ('held','confirmed','checked_in')`;
  // [BOOK-4] no two active bookings of one seat overlap
  const seatClash = db
    .prepare(`SELECT count(*) FROM bookings a JOIN bookings b ON a.seat_id = b.seat_id AND a.id < b.id
      WHERE a.${active} AND b.${active} AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`)
    .pluck()
    .get();
  expect(seatClash).toBe(0);
  // [BOOK-5] one member, one seat at any instant
  const memberClash = db
    .prepare(`SELECT count(*) FROM bookings a JOIN bookings b ON a.member_id = b.member_id AND a.id < b.id
      WHERE a.${active} AND b.${active} AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at`)
    .pluck()
    .get();
  expect(memberClash).toBe(0);
  // [BOOK-7] per-day quota, counting everything that was not cancelled or expired
  const { policy, library } = f.catalog.data;
  const perDay = new Map<string, number>();
  for (const b of db
    .prepare(`SELECT member_id, starts_at FROM bookings WHERE state NOT IN ('cancelled','expired')`)
    .all() as { member_id: string; starts_at: number }[]) {
    const key = `${b.member_id}/${instantToLocal(b.starts_at, library.timezone).date}`;
    perDay.set(key, (perDay.get(key) ?? 0) + 1);
  }
  for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(policy.maxBookingsPerDay);
  // The outbox carries the latest state of every booking (same-transaction invariant).
  const stale = db
    .prepare(`SELECT count(*) FROM bookings b WHERE b.rev <> (SELECT json_extract(o.payload, '$.rev') FROM outbox o
      WHERE o.kind = 'booking.upsert' AND o.entity_id = b.id ORDER BY o.seq DESC LIMIT 1)`)
    .pluck()
    .get();
  expect(stale).toBe(0);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('allocator under random command sequences', () => {
  it('never breaks an invariant', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 60 }), async (cmds) => {
        const f = await hubFixture({
          maxBookingsPerDay: 2,
          noShowStrikes: { count: 2, windowDays: 3, banDays: 2 },
        });
        const members = Array.from({ length: MEMBERS }, () => f.newMember());
        try {
          for (const cmd of cmds) {
            run(f, members, cmd);
            assertInvariants(f);
          }
        } finally {
          f.close();
        }
      }),
      { seed: 42, numRuns: 60 },
    );
    // The sequences must actually exercise the allocator, not only be refused.
    expect(outcomes.placed).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(50);
    expect(outcomes.transitions).toBeGreaterThan(30);
  });
});

const outcomes = { placed: 0, refused: 0, transitions: 0 };

function run(f: Fixture, members: string[], cmd: Cmd): void {
  const now = f.clock.now();
  const seatId = 'seat' in cmd ? (f.ids.seatIds[40 + cmd.seat] as string) : '';
  const memberId = 'member' in cmd ? (members[cmd.member] as string) : '';
  const all = f.db
    .prepare(`SELECT id FROM bookings WHERE state IN ('held','confirmed','checked_in') ORDER BY id`)
    .pluck()
    .all() as string[];
  const picked = 'pick' in cmd ? all[cmd.pick % Math.max(all.length, 1)] : undefined;
  try {
    switch (cmd.op) {
      case 'hold':
      case 'book': {
        const slot = {
          kind: 'hours' as const,
          date: dateOf(cmd.day),
          start: hhmm(cmd.start),
          hours: cmd.hours,
        };
        const noShows = f.bookings.noShowStarts(memberId, now - 366 * DAY);
        const placed =
          cmd.op === 'hold'
            ? f.allocator.hold({ seatId, memberId, slot, source: 'kiosk' }, system, now)
            : f.allocator.book({ seatId, memberId, slot, source: 'staff' }, { method: 'cash' }, system, now);
        // [BOOK-11] a banned member never gets a booking
        expect(bannedUntil(noShows, f.catalog.data.policy, now)).toBeNull();
        expect(placed.endsAt).toBeGreaterThan(now);
        outcomes.placed++;
        return;
      }
      case 'shift': {
        const shiftId = cmd.evening ? f.ids.shiftIds.evening : f.ids.shiftIds.morning;
        f.allocator.hold(
          { seatId, memberId, slot: { kind: 'shift', date: dateOf(cmd.day), shiftId }, source: 'kiosk' },
          system,
          now,
        );
        outcomes.placed++;
        return;
      }
      case 'wait': {
        const slot = { kind: 'hours' as const, date: dateOf(cmd.day), start: hhmm(cmd.start), hours: 1 };
        f.waitlist.join({ memberId, zoneId: f.ids.zoneIds[1], slot }, system, now);
        return;
      }
      case 'confirm':
        if (picked) f.allocator.confirm(picked, { method: 'cash' }, system, now);
        outcomes.transitions++;
        return;
      case 'cancel':
        if (picked) f.allocator.cancel(picked, system, now);
        outcomes.transitions++;
        return;
      case 'checkIn':
        if (picked) f.allocator.checkIn(picked, system, now);
        outcomes.transitions++;
        return;
      case 'checkOut':
        if (picked) f.allocator.checkOut(picked, system, now);
        outcomes.transitions++;
        return;
      case 'advance':
        f.clock.advance(cmd.minutes * MINUTE);
        f.scheduler.tick(f.clock.now());
        return;
    }
  } catch (error) {
    // Refusals are expected; anything else is a bug.
    if (!(error instanceof DomainError)) throw error;
    outcomes.refused++;
  }
}
