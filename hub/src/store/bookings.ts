/**
 * Booking queries and writes, with statements prepared once. Writes here are only ever called
 * inside the allocator's or scheduler's transaction, and each appends its outbox row there too.
 */
import type { Booking } from '@studyspot/core';
import { DAY } from '@studyspot/core';
import type { Db } from './db.ts';
import { nextRev, prepared } from './db.ts';
import { appendOutbox } from './outbox.ts';
import type { BookingRow } from './rows.ts';
import { toBooking } from './rows.ts';

const ACTIVE = `('held','confirmed','checked_in')`;

export interface BookingFilter {
  memberId?: string;
  seatId?: string;
  state?: Booking['state'];
  from?: number;
  to?: number;
}

export class BookingStore {
  readonly #db: Db;
  readonly #byId;
  readonly #seatOverlap;
  readonly #memberWindow;
  readonly #noShows;
  readonly #insert;
  readonly #update;
  readonly #secret;

  constructor(db: Db) {
    this.#db = db;
    this.#byId = db.prepare('SELECT * FROM bookings WHERE id = ?');
    this.#seatOverlap = db.prepare(
      `SELECT * FROM bookings WHERE seat_id = ? AND state IN ${ACTIVE} AND starts_at < ? AND ends_at > ?`,
    );
    this.#memberWindow = db.prepare(
      'SELECT * FROM bookings WHERE member_id = ? AND starts_at >= ? AND starts_at < ?',
    );
    this.#noShows = db.prepare(
      `SELECT starts_at FROM bookings WHERE member_id = ? AND state = 'no_show' AND starts_at >= ?`,
    );
    this.#insert = db.prepare(
      `INSERT INTO bookings (id, library_id, seat_id, member_id, starts_at, ends_at, shift_id, state, source,
         membership_id, amount_paise, tax_paise, hold_expires_at, checked_in_at, checked_out_at, created_at,
         updated_at, rev, pass_secret)
       VALUES (@id, @libraryId, @seatId, @memberId, @startsAt, @endsAt, @shiftId, @state, @source, @membershipId,
         @amountPaise, @taxPaise, @holdExpiresAt, @checkedInAt, @checkedOutAt, @createdAt, @updatedAt, @rev,
         @passSecret)`,
    );
    this.#update = db.prepare(
      `UPDATE bookings SET state = @state, membership_id = @membershipId, hold_expires_at = @holdExpiresAt,
         checked_in_at = @checkedInAt, checked_out_at = @checkedOutAt, updated_at = @updatedAt, rev = @rev
       WHERE id = @id`,
    );
    this.#secret = db.prepare('SELECT pass_secret FROM bookings WHERE id = ?').pluck();
  }

  byId(id: string): Booking | null {
    const row = this.#byId.get(id) as BookingRow | undefined;
    return row ? toBooking(row) : null;
  }

  passSecret(id: string): string | null {
    return (this.#secret.get(id) as string | undefined) ?? null;
  }

  /** Active bookings of a seat that overlap [startsAt, endsAt). */
  seatOverlapping(seatId: string, startsAt: number, endsAt: number): Booking[] {
    return (this.#seatOverlap.all(seatId, endsAt, startsAt) as BookingRow[]).map(toBooking);
  }

  /** A member's bookings starting within a day either side of the interval: enough for [BOOK-5] and [BOOK-7]. */
  memberAround(memberId: string, startsAt: number, endsAt: number): Booking[] {
    return (this.#memberWindow.all(memberId, startsAt - DAY, endsAt + DAY) as BookingRow[]).map(toBooking);
  }

  noShowStarts(memberId: string, since: number): number[] {
    return (this.#noShows.all(memberId, since) as { starts_at: number }[]).map((r) => r.starts_at);
  }

  insert(booking: Omit<Booking, 'rev'>, passSecret: string, now: number): Booking {
    const stored = { ...booking, rev: nextRev(this.#db) };
    this.#insert.run({ ...stored, passSecret });
    // the pass secret goes up once, so the student's phone can draw the pass (ADR 0023)
    appendOutbox(this.#db, 'booking.upsert', stored.id, { ...stored, passSecret }, now);
    return stored;
  }

  update(booking: Booking, now: number): Booking {
    const stored = { ...booking, updatedAt: now, rev: nextRev(this.#db) };
    this.#update.run(stored);
    appendOutbox(this.#db, 'booking.upsert', stored.id, stored, now);
    return stored;
  }

  /** Bookings matching `filter`, newest start first, keyset-paged by (starts_at, id). */
  list(filter: BookingFilter, limit: number, after?: { startsAt: number; id: string }): Booking[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      args.push(value);
    };
    add('member_id = ?', filter.memberId);
    add('seat_id = ?', filter.seatId);
    add('state = ?', filter.state);
    add('ends_at > ?', filter.from);
    add('starts_at < ?', filter.to);
    if (after) {
      where.push('(starts_at < ? OR (starts_at = ? AND id < ?))');
      args.push(after.startsAt, after.startsAt, after.id);
    }
    const sql = `SELECT * FROM bookings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY starts_at DESC, id DESC LIMIT ?`;
    return (prepared(this.#db, sql).all(...args, limit) as BookingRow[]).map(toBooking);
  }

  /** Active bookings overlapping a time range, for the seat map. */
  activeBetween(from: number, to: number): Booking[] {
    const sql = `SELECT * FROM bookings WHERE state IN ${ACTIVE} AND starts_at < ? AND ends_at > ?`;
    return (prepared(this.#db, sql).all(to, from) as BookingRow[]).map(toBooking);
  }

  /** Bookings whose deadline for `event` has passed, oldest first. */
  due(
    state: Booking['state'],
    column: 'hold_expires_at' | 'starts_at' | 'ends_at',
    before: number,
  ): Booking[] {
    const sql = `SELECT * FROM bookings WHERE state = ? AND ${column} <= ? ORDER BY ${column}, id`;
    return (prepared(this.#db, sql).all(state, before) as BookingRow[]).map(toBooking);
  }
}
