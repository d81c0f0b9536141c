/**
 * Decides what reaches the hub from the cloud (ADR 0022): students' remote booking requests and the
 * cloud's commands on bookings and on the waitlist (ADR 0026, waitlist-commands.ts). A request is
 * decided by the same allocator, rules and transaction as a kiosk booking; a command is applied by
 * it. Every answer is written in the decision's own transaction (answers.ts) and reaches the cloud
 * through the outbox.
 *
 *   request pending ──place──▶ held ──(paid, or nothing to pay)──▶ confirmed   answer: accepted
 *          └──── a rule refuses (seat_taken, outside_hours, …) ─────────────▶ answer: rejected(code)
 *   command pending ──cancel / confirm the booking, join / leave / accept──▶ applied | rejected(code)
 *
 * A confirm of a held waitlist offer (the student paid for it in the cloud) accepts the offer's
 * entry, so the entry ends `accepted` as it does when the desk takes the money.
 *
 * A request whose member has not arrived through the members shape yet waits for the next sweep.
 * Sweeps run when the shape consumer applies a batch (`poke`) and every few seconds.
 */
import type { SlotRequest as Slot } from '@studyspot/core';
import { DomainError, resolveSlot, SlotRequest } from '@studyspot/core';
import type { Allocator, Changes } from '../allocator/allocator.ts';
import type { WaitlistDesk } from '../allocator/waitlist.ts';
import type { Clock } from '../clock.ts';
import type { BookingStore } from '../store/bookings.ts';
import type { Catalog } from '../store/catalog.ts';
import { type Db, decide, prepared } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';
import { answerCommand, answerRequest, type CommandRow, type RequestRow } from './answers.ts';
import { applyWaitlistCommand, isWaitlistKind, waitlistMustWait } from './waitlist-commands.ts';

export interface RemoteDeskDeps {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  bookings: BookingStore;
  members: MemberStore;
  allocator: Allocator;
  waitlist: WaitlistDesk;
  onError?: (error: unknown) => void;
}

const cloud: Actor = { kind: 'system', id: 'cloud' };
const SWEEP_MS = 5_000;
/** How long a request may name a seat or zone the catalog shapes have not delivered yet. */
const PLACE_GRACE_MS = 2 * 60_000;
const BATCH = 100;

export class RemoteDesk {
  readonly #d: RemoteDeskDeps;
  #timer: ReturnType<typeof setInterval> | null = null;
  #queued = false;
  #ready: () => boolean = () => true;

  constructor(deps: RemoteDeskDeps) {
    this.#d = deps;
  }

  start(signal?: AbortSignal): void {
    this.sweep();
    this.#timer = setInterval(() => this.#safeSweep(), SWEEP_MS);
    this.#timer.unref();
    signal?.addEventListener('abort', () => void this.stop(), { once: true });
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  /**
   * Decide nothing until `ready` says so — main.ts waits for the shape consumer's first complete
   * sync, so a request is never judged against half a catalog.
   */
  gate(ready: () => boolean): void {
    this.#ready = ready;
  }

  /** Something new arrived: sweep soon (coalesced). */
  poke(): void {
    if (this.#queued) return;
    this.#queued = true;
    setImmediate(() => {
      this.#queued = false;
      this.#safeSweep();
    });
  }

  /** Decides every pending request and applies every pending command; returns how many. */
  sweep(): { requests: number; commands: number } {
    if (!this.#d.catalog.loaded || !this.#ready()) return { requests: 0, commands: 0 };
    const now = this.#d.clock.now();
    const requests = prepared(
      this.#d.db,
      `SELECT * FROM remote_requests WHERE status = 'pending' AND member_id IN (SELECT id FROM members)
        ORDER BY created_at, id LIMIT ${BATCH}`,
    ).all() as RequestRow[];
    let decided = 0;
    for (const row of requests) if (this.#decideRequest(row, now)) decided++;
    // a join whose member has not arrived waits out of the batch, like a request's
    const commands = prepared(
      this.#d.db,
      `SELECT * FROM hub_commands WHERE status = 'pending'
          AND CASE WHEN kind = 'waitlist.join' AND json_valid(payload)
                   THEN json_extract(payload, '$.memberId') IN (SELECT id FROM members) ELSE 1 END
        ORDER BY created_at, id LIMIT ${BATCH}`,
    ).all() as CommandRow[];
    let applied = 0;
    for (const row of commands) if (this.#applyCommand(row, now)) applied++;
    if (requests.length === BATCH || commands.length === BATCH) this.poke(); // more are waiting
    return { requests: decided, commands: applied };
  }

  #safeSweep(): void {
    try {
      this.sweep();
    } catch (error) {
      this.#d.onError?.(error);
    }
  }

  /** False when the request must wait (its member is not here yet). */
  #decideRequest(row: RequestRow, now: number): boolean {
    const { db, allocator, members } = this.#d;
    if (!members.byId(row.member_id)) return false; // the members shape has not delivered it yet
    const slot = SlotRequest.safeParse(JSON.parse(row.slot));
    if (!slot.success || (row.seat_id === null && row.zone_id === null)) {
      decide(db, () => answerRequest(db, row, { status: 'rejected', reason: 'validation_failed' }, now));
      return true;
    }
    if (!this.#placeKnown(row) && now - row.created_at < PLACE_GRACE_MS) return false;
    try {
      allocator.run((changes) => {
        const seatId = row.seat_id ?? this.#freeSeat(row.zone_id, slot.data);
        const input = { seatId, memberId: row.member_id, slot: slot.data, source: 'remote' as const };
        const held = allocator.place(input, 'held', null, cloud, now, changes);
        const settled = held.amountPaise + held.taxPaise === 0 || row.payment_status === 'paid';
        const booking = settled ? this.#confirm(held.id, now, changes) : held;
        answerRequest(db, row, { status: 'accepted', bookingId: booking.id }, now);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      decide(db, () => answerRequest(db, row, { status: 'rejected', reason: error.code }, now));
    }
    return true;
  }

  #placeKnown(row: RequestRow): boolean {
    const { catalog } = this.#d;
    if (row.seat_id) return catalog.seat(row.seat_id) !== undefined;
    return catalog.data.zones.some((z) => z.id === row.zone_id);
  }

  #confirm(bookingId: string, now: number, changes: Changes) {
    return this.#d.allocator.confirmInside(bookingId, { method: 'online' }, cloud, now, changes);
  }

  /** The first active seat of the zone with nothing overlapping the slot. [BOOK-4] */
  #freeSeat(zoneId: string | null, slot: Slot): string {
    const { library, shifts } = this.#d.catalog.data;
    const resolved = resolveSlot(slot, library, shifts);
    if (!resolved.ok) throw new DomainError(resolved.violation.code, resolved.violation.message);
    const { startsAt, endsAt } = resolved.interval;
    const seat = this.#d.catalog.data.seats.find(
      (s) =>
        s.zoneId === zoneId &&
        s.status === 'active' &&
        this.#d.bookings.seatOverlapping(s.id, startsAt, endsAt).length === 0,
    );
    if (!seat) throw new DomainError('seat_taken', 'no seat in this zone is free then', { zoneId });
    return seat.id;
  }

  /** False when the command must wait (see waitlist-commands.ts); otherwise it is answered. */
  #applyCommand(row: CommandRow, now: number): boolean {
    const { db, allocator } = this.#d;
    if (isWaitlistKind(row.kind) && waitlistMustWait(this.#d, row, now)) return false;
    try {
      allocator.run((changes) => {
        if (isWaitlistKind(row.kind)) applyWaitlistCommand(this.#d, row, cloud, now, changes);
        else this.#applyBookingCommand(row, now, changes);
        answerCommand(db, row, null, now);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      decide(db, () => answerCommand(db, row, error.code, now));
    }
    return true;
  }

  #applyBookingCommand(row: CommandRow, now: number, changes: Changes): void {
    const { allocator, waitlist } = this.#d;
    if (row.kind !== 'booking.cancel' && row.kind !== 'booking.confirm')
      throw new DomainError('validation_failed', `unknown command ${row.kind}`);
    const booking = allocator.bookingInside(row.booking_id);
    if (!booking) throw new DomainError('not_found', 'no such booking on this hub');
    if (row.kind === 'booking.cancel') {
      if (booking.state !== 'cancelled') allocator.cancelInside(booking, cloud, now, changes);
      return;
    }
    const offer = booking.state === 'held' ? waitlist.offerOf(booking.id) : null;
    if (offer) waitlist.acceptInside(offer.id, { method: 'online' }, cloud, now, changes);
    else if (booking.state === 'held') this.#confirm(booking.id, now, changes);
    else if (booking.state !== 'confirmed' && booking.state !== 'checked_in')
      throw new DomainError('invalid_transition', `a ${booking.state} booking cannot be confirmed`);
  }
}
