/**
 * The hub's clock-driven decisions: lapsed holds expire [BOOK-9], confirmed bookings past their
 * grace period become no-shows [BOOK-12] and free the seat to the waitlist [BOOK-10], checked-in
 * bookings past their end complete, stale waitlist entries close. `tick(now)` does all that is due
 * at `now`, so the first tick after the hub was off catches up on everything it missed.
 */
import type { Booking, BookingEvent } from '@studyspot/core';
import { MINUTE, noShowAt } from '@studyspot/core';
import type { Allocator } from './allocator/allocator.ts';
import type { WaitlistDesk } from './allocator/waitlist.ts';
import type { Clock } from './clock.ts';
import type { BookingStore } from './store/bookings.ts';
import type { Catalog } from './store/catalog.ts';

export interface TickResult {
  expired: number;
  noShows: number;
  completed: number;
  waitlistClosed: number;
}

export interface SchedulerDeps {
  allocator: Allocator;
  waitlist: WaitlistDesk;
  bookings: BookingStore;
  catalog: Catalog;
  clock: Clock;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

export class Scheduler {
  readonly #d: SchedulerDeps;
  #timer: NodeJS.Timeout | null = null;

  constructor(deps: SchedulerDeps) {
    this.#d = deps;
  }

  async start(signal?: AbortSignal): Promise<void> {
    this.tick(this.#d.clock.now());
    this.#timer = setInterval(() => {
      try {
        this.tick(this.#d.clock.now());
      } catch (error) {
        this.#d.onError?.(error);
      }
    }, this.#d.intervalMs ?? 5_000);
    this.#timer.unref();
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /** Applies everything due at `now`, oldest deadline first, one transaction per booking. */
  tick(now: number): TickResult {
    if (!this.#d.catalog.loaded) this.#d.catalog.reload();
    if (!this.#d.catalog.loaded) return { expired: 0, noShows: 0, completed: 0, waitlistClosed: 0 };
    const { policy } = this.#d.catalog.data;
    const grace = policy.noShowGraceMinutes * MINUTE;
    const { bookings } = this.#d;
    const expired = this.#apply(bookings.due('held', 'hold_expires_at', now), 'hold_expired', now);
    // [BOOK-12] candidates by start; a booking sold after its start gets its grace from the sale
    const lapsed = bookings
      .due('confirmed', 'starts_at', now - grace)
      .filter((b) => noShowAt(b, policy) <= now);
    const noShows = this.#apply(lapsed, 'grace_elapsed', now);
    const completed = this.#apply(bookings.due('checked_in', 'ends_at', now), 'ended', now);
    const waitlistClosed = this.#d.allocator.run(() => this.#d.waitlist.expireStale(now));
    return { expired, noShows, completed, waitlistClosed };
  }

  #apply(due: Booking[], event: BookingEvent, now: number): number {
    let applied = 0;
    for (const candidate of due) {
      this.#d.allocator.run((changes) => {
        // Re-read inside the transaction: a request may have changed it since `due` was read.
        const booking = this.#d.allocator.bookingInside(candidate.id);
        if (booking?.state !== candidate.state) return;
        this.#d.allocator.transition(booking, event, now, changes);
        applied++;
      });
    }
    return applied;
  }
}
