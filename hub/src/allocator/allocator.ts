/**
 * The allocator decides every change to seat allocation on this hub. Each decision is one
 * `BEGIN IMMEDIATE` transaction: read what exists, run the `core` rules, write the booking, its
 * payment or audit rows and their outbox rows, commit — then publish the change on the bus. The
 * SQLite trigger on `bookings` is the second line of defence behind [BOOK-4].
 */
import { randomBytes } from 'node:crypto';
import type { Booking, BookingEvent, BookingSource, SlotRequest } from '@studyspot/core';
import {
  checkBooking,
  checkInWindow,
  coveringMembership,
  DAY,
  DomainError,
  holdExpiry,
  nextState,
  quoteBooking,
  resolveSlot,
  toError,
} from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { HubBus } from '../events.ts';
import type { BookingStore } from '../store/bookings.ts';
import type { Catalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { decide } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import { audit, recordCash } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';
import type { WaitlistDesk } from './waitlist.ts';

export interface PlaceInput {
  seatId: string;
  memberId: string;
  slot: SlotRequest;
  source: BookingSource;
}

/** Cash taken at the desk now, or an online payment the cloud captured (its row stays there). */
export type Payment = { method: 'cash' } | { method: 'online' };

export interface AllocatorDeps {
  db: Db;
  catalog: Catalog;
  bookings: BookingStore;
  members: MemberStore;
  bus: HubBus;
}

export type Changes = [Booking, Booking | null][];

export class Allocator {
  readonly #d: AllocatorDeps;
  #waitlist: WaitlistDesk | null = null;

  constructor(deps: AllocatorDeps) {
    this.#d = deps;
  }

  /** The waitlist promotes freed seats inside the same transaction that frees them. */
  useWaitlist(waitlist: WaitlistDesk): void {
    this.#waitlist = waitlist;
  }

  /** Reserves a seat for `holdMinutes`; payment or a membership confirms it. [BOOK-9] */
  hold(input: PlaceInput, actor: Actor, now: number): Booking {
    return this.#commit((changes) => this.place(input, 'held', null, actor, now, changes));
  }

  /** Books and confirms at once: covered by a membership, or paid now in cash at the desk. */
  book(input: PlaceInput, payment: Payment | null, actor: Actor, now: number): Booking {
    return this.#commit((changes) => this.place(input, 'confirmed', payment, actor, now, changes));
  }

  confirm(bookingId: string, payment: Payment | null, actor: Actor, now: number): Booking {
    return this.#commit((changes) => this.confirmInside(bookingId, payment, actor, now, changes));
  }

  /** Confirms inside the caller's transaction (the waitlist's accept uses it). */
  confirmInside(
    bookingId: string,
    payment: Payment | null,
    actor: Actor,
    now: number,
    changes: Changes,
  ): Booking {
    const booking = this.#get(bookingId);
    if (booking.state === 'held' && booking.holdExpiresAt !== null && booking.holdExpiresAt <= now) {
      throw new DomainError('hold_expired', 'the hold has lapsed; book again', { bookingId });
    }
    if (booking.state === 'held') this.#settle(booking, payment, actor, now);
    return this.transition(booking, 'confirm', now, changes, { holdExpiresAt: null });
  }

  cancel(bookingId: string, actor: Actor, now: number): Booking {
    return this.#commit((changes) => this.cancelInside(this.#get(bookingId), actor, now, changes));
  }

  cancelInside(booking: Booking, actor: Actor, now: number, changes: Changes): Booking {
    const cancelled = this.transition(booking, 'cancel', now, changes);
    audit(this.#d.db, actor, 'booking.cancel', booking.id, {}, now);
    return cancelled;
  }

  bookingInside(bookingId: string): Booking | null {
    return this.#d.bookings.byId(bookingId);
  }

  checkIn(bookingId: string, _actor: Actor, now: number): Booking {
    return this.#commit((changes) => {
      const booking = this.#get(bookingId);
      const early = checkInWindow(booking, this.#d.catalog.data.policy, now);
      if (early && booking.state === 'confirmed') throw toError([early]);
      return this.transition(booking, 'check_in', now, changes, { checkedInAt: now });
    });
  }

  checkOut(bookingId: string, _actor: Actor, now: number): Booking {
    return this.#commit((changes) =>
      this.transition(this.#get(bookingId), 'check_out', now, changes, { checkedOutAt: now }),
    );
  }

  /** Runs `work` in one write transaction and publishes the bookings it changed after commit. */
  #commit<T>(work: (changes: Changes) => T): T {
    const changes: Changes = [];
    let result: T;
    try {
      result = decide(this.#d.db, () => work(changes));
    } catch (error) {
      this.#waitlist?.discard();
      throw error;
    }
    for (const [booking, previous] of changes) this.#d.bus.emit('booking:changed', booking, previous);
    this.#waitlist?.flush();
    return result;
  }

  /** Runs scheduler work in one write transaction, publishing like any other decision. */
  run<T>(work: (changes: Changes) => T): T {
    return this.#commit(work);
  }

  #get(bookingId: string): Booking {
    const booking = this.#d.bookings.byId(bookingId);
    if (!booking) throw new DomainError('not_found', 'no such booking', { bookingId });
    return booking;
  }

  /** Takes payment for a booking that needs it. */
  #settle(booking: Booking, payment: Payment | null, actor: Actor, now: number): void {
    if (booking.amountPaise === 0) return;
    if (!payment) {
      throw new DomainError('payment_required', 'this booking must be paid before it is confirmed', {
        amountPaise: booking.amountPaise + booking.taxPaise,
      });
    }
    if (payment.method === 'online') return;
    recordCash(
      this.#d.db,
      {
        libraryId: booking.libraryId,
        memberId: booking.memberId,
        planId: null,
        bookingId: booking.id,
        price: {
          subtotalPaise: booking.amountPaise,
          taxPaise: booking.taxPaise,
          totalPaise: booking.amountPaise + booking.taxPaise,
          taxRateBp: 0,
        },
        recordedBy: actor,
      },
      now,
    );
  }

  /**
   * Places a new booking in `state` inside the caller's transaction. Exposed for the waitlist and
   * scheduler, which decide inside transactions of their own.
   */
  place(
    input: PlaceInput,
    state: 'held' | 'confirmed',
    payment: Payment | null,
    actor: Actor,
    now: number,
    changes: Changes,
    holdUntil?: number,
  ): Booking {
    const { library, policy, shifts, plans } = this.#d.catalog.data;
    const seat = this.#d.catalog.seat(input.seatId);
    if (!seat) throw new DomainError('not_found', 'no such seat', { field: 'seatId' });
    const member = this.#d.members.byId(input.memberId);
    if (!member) throw new DomainError('not_found', 'no such member', { field: 'memberId' });
    if (member.status !== 'active')
      throw new DomainError('forbidden', 'the member is blocked', { field: 'memberId' });
    const resolved = resolveSlot(input.slot, library, shifts);
    if (!resolved.ok) throw toError([resolved.violation]);
    const { interval } = resolved;
    const violations = checkBooking(
      { seat, memberId: member.id, interval },
      {
        library,
        seatBookings: this.#d.bookings.seatOverlapping(seat.id, interval.startsAt, interval.endsAt),
        memberBookings: this.#d.bookings.memberAround(member.id, interval.startsAt, interval.endsAt),
        noShowStarts: this.#d.bookings.noShowStarts(member.id, now - 366 * DAY),
      },
      policy,
      now,
    );
    const refused = toError(violations);
    if (refused) throw refused;
    const membership = coveringMembership(
      this.#d.members.memberships(member.id),
      seat,
      interval,
      library,
      shifts,
    );
    const quote = quoteBooking(input.slot, seat.zoneId, plans, membership);
    if ('code' in quote) throw toError([quote]);
    const booking = this.#d.bookings.insert(
      {
        id: uuidv7(),
        libraryId: library.id,
        seatId: seat.id,
        memberId: member.id,
        ...interval,
        state,
        source: input.source,
        membershipId: quote.membershipId,
        amountPaise: quote.subtotalPaise,
        taxPaise: quote.taxPaise,
        holdExpiresAt: state === 'held' ? (holdUntil ?? holdExpiry(now, policy)) : null,
        checkedInAt: null,
        checkedOutAt: null,
        createdAt: now,
        updatedAt: now,
      },
      randomBytes(32).toString('base64url'),
      now,
    );
    if (state === 'confirmed') this.#settle(booking, payment, actor, now);
    changes.push([booking, null]);
    return booking;
  }

  /** Applies a lifecycle event inside the caller's transaction; frees the seat to the waitlist. */
  transition(
    booking: Booking,
    event: BookingEvent,
    now: number,
    changes: Changes,
    patch: Partial<Booking> = {},
  ): Booking {
    const next = nextState(booking.state, event);
    if (!next) {
      throw new DomainError(
        'invalid_transition',
        `a ${booking.state} booking cannot ${event.replace('_', ' ')}`,
        {
          bookingId: booking.id,
          state: booking.state,
          event,
        },
      );
    }
    const updated = this.#d.bookings.update({ ...booking, ...patch, state: next }, now);
    changes.push([updated, booking]);
    if (next === 'cancelled' || next === 'expired' || next === 'no_show') {
      this.#waitlist?.seatFreed(updated, now, changes);
    }
    return updated;
  }
}
