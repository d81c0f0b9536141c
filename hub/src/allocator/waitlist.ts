/**
 * The waitlist desk. [BOOK-10] First come, first served: when a seat frees, the earliest waiting
 * entry it suits gets an offer — a hold on that seat in the member's name that lapses after
 * `waitlistOfferMinutes`. Accepting confirms the hold; a lapsed offer passes to the next in line.
 * Everything runs inside the allocator's transaction that freed the seat.
 */
import type { Booking, SlotRequest, WaitlistEntry } from '@studyspot/core';
import { DomainError, isOfferLive, offerExpiry, resolveSlot, toError, waitlistQueue } from '@studyspot/core';
import { v7 as uuidv7 } from 'uuid';
import type { HubBus } from '../events.ts';
import type { Catalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { decide, nextRev } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import { system } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';
import { appendOutbox } from '../store/outbox.ts';
import type { WaitlistRow } from '../store/rows.ts';
import { toWaitlistEntry } from '../store/rows.ts';
import type { Allocator, Changes, Payment } from './allocator.ts';

export type Entry = WaitlistEntry & { bookingId: string | null };

export interface JoinInput {
  memberId: string;
  zoneId: string | null;
  slot: SlotRequest;
}

export class WaitlistDesk {
  readonly #db: Db;
  readonly #catalog: Catalog;
  readonly #members: MemberStore;
  readonly #allocator: Allocator;
  readonly #bus: HubBus;
  #pending: Entry[] = [];

  constructor(deps: { db: Db; catalog: Catalog; members: MemberStore; allocator: Allocator; bus: HubBus }) {
    this.#db = deps.db;
    this.#catalog = deps.catalog;
    this.#members = deps.members;
    this.#allocator = deps.allocator;
    this.#bus = deps.bus;
  }

  byId(id: string): Entry | null {
    const row = this.#db.prepare('SELECT * FROM waitlist WHERE id = ?').get(id) as WaitlistRow | undefined;
    return row ? toWaitlistEntry(row) : null;
  }

  list(state: WaitlistEntry['state'] | undefined, limit: number, afterCreatedAt = -1): Entry[] {
    return (
      this.#db
        .prepare(
          'SELECT * FROM waitlist WHERE (? IS NULL OR state = ?) AND created_at > ? ORDER BY created_at, id LIMIT ?',
        )
        .all(state ?? null, state ?? null, afterCreatedAt, limit) as WaitlistRow[]
    ).map(toWaitlistEntry);
  }

  join(input: JoinInput, actor: Actor, now: number): Entry {
    return this.#run((changes) => this.joinInside(input, actor, now, changes));
  }

  /**
   * Joins inside the caller's transaction. The remote desk applies a cloud `waitlist.join` this way,
   * under the entry id the cloud chose (ADR 0026).
   */
  joinInside(input: JoinInput & { id?: string }, _actor: Actor, now: number, changes: Changes): Entry {
    const { library, shifts, zones } = this.#catalog.data;
    if (!this.#members.byId(input.memberId))
      throw new DomainError('not_found', 'no such member', { field: 'memberId' });
    if (input.zoneId !== null && !zones.some((z) => z.id === input.zoneId)) {
      throw new DomainError('not_found', 'no such zone', { field: 'zoneId' });
    }
    const resolved = resolveSlot(input.slot, library, shifts);
    if (!resolved.ok) throw toError([resolved.violation]);
    const { startsAt, endsAt, shiftId } = resolved.interval;
    if (endsAt <= now) throw new DomainError('in_past', 'that time has already passed', { field: 'slot' });
    const dup = this.#db
      .prepare(
        `SELECT 1 FROM waitlist WHERE member_id = ? AND state IN ('waiting','offered') AND starts_at < ? AND ends_at > ?`,
      )
      .get(input.memberId, endsAt, startsAt);
    if (dup) throw new DomainError('already_waiting', 'the member is already waiting for that time', {});
    const id = input.id ?? uuidv7();
    this.#db
      .prepare(
        `INSERT INTO waitlist (id, library_id, member_id, zone_id, starts_at, ends_at, shift_id, slot, state,
           created_at, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'waiting', ?, ?)`,
      )
      .run(
        id,
        library.id,
        input.memberId,
        input.zoneId,
        startsAt,
        endsAt,
        shiftId,
        JSON.stringify(input.slot),
        now,
        0,
      );
    if (!this.#offerAnySeat(this.#entry(id), now, changes)) this.#touch(id, now);
    return this.#entry(id);
  }

  leave(id: string, actor: Actor, now: number): Entry {
    return this.#run((changes) => this.leaveInside(id, actor, now, changes));
  }

  /** Leaves inside the caller's transaction; an offer's hold is released to the next in line. */
  leaveInside(id: string, actor: Actor, now: number, changes: Changes): Entry {
    const entry = this.#mustGet(id);
    if (entry.state !== 'waiting' && entry.state !== 'offered') {
      throw new DomainError('invalid_transition', `a ${entry.state} waitlist entry cannot be left`, { id });
    }
    const left = this.#setState(entry.id, 'left', now);
    if (entry.state === 'offered' && entry.bookingId)
      this.#releaseOffer(entry.bookingId, actor, now, changes);
    return left;
  }

  accept(id: string, payment: Payment | null, actor: Actor, now: number): Booking {
    return this.#run((changes) => this.acceptInside(id, payment, actor, now, changes));
  }

  /** Accepts a live offer inside the caller's transaction: its hold is confirmed (paid if due). */
  acceptInside(id: string, payment: Payment | null, actor: Actor, now: number, changes: Changes): Booking {
    const entry = this.#mustGet(id);
    if (!isOfferLive(entry, now) || !entry.bookingId) {
      throw new DomainError('offer_expired', 'there is no live offer on this entry', { id });
    }
    const booking = this.#allocator.confirmInside(entry.bookingId, payment, actor, now, changes);
    this.#setState(entry.id, 'accepted', now);
    return booking;
  }

  /** The entry whose open offer is the hold `bookingId`, or null when that hold is no such offer. */
  offerOf(bookingId: string): Entry | null {
    const row = this.#db
      .prepare(`SELECT * FROM waitlist WHERE booking_id = ? AND state = 'offered'`)
      .get(bookingId) as WaitlistRow | undefined;
    return row ? toWaitlistEntry(row) : null;
  }

  /** Called by the allocator inside the transaction that cancelled, expired or no-showed `freed`. */
  seatFreed(freed: Booking, now: number, changes: Changes): void {
    if (freed.source === 'waitlist') {
      const offered = this.#db
        .prepare(`SELECT id FROM waitlist WHERE booking_id = ? AND state = 'offered'`)
        .pluck()
        .get(freed.id) as string | undefined;
      if (offered) this.#setState(offered, 'expired', now);
    }
    const seat = this.#catalog.seat(freed.seatId);
    if (seat?.status !== 'active') return;
    const candidates = (
      this.#db
        .prepare(`SELECT * FROM waitlist WHERE state = 'waiting' AND starts_at < ? AND ends_at > ?`)
        .all(freed.endsAt, freed.startsAt) as WaitlistRow[]
    ).map(toWaitlistEntry);
    for (const entry of waitlistQueue(candidates, seat.zoneId)) {
      if (this.#tryOffer(entry, seat.id, now, changes)) return;
    }
  }

  /** Waiting entries whose time has passed are closed; the scheduler calls this. */
  expireStale(now: number): number {
    const stale = this.#db
      .prepare(`SELECT id FROM waitlist WHERE state = 'waiting' AND ends_at <= ?`)
      .pluck()
      .all(now) as string[];
    for (const id of stale) this.#setState(id, 'expired', now);
    return stale.length;
  }

  #offerAnySeat(entry: Entry, now: number, changes: Changes): boolean {
    for (const seat of this.#catalog.data.seats) {
      if (entry.zoneId !== null && seat.zoneId !== entry.zoneId) continue;
      if (seat.status === 'active' && this.#tryOffer(entry, seat.id, now, changes)) return true;
    }
    return false;
  }

  /** Places the offer's hold in a savepoint, so a refused placement leaves nothing behind. */
  #tryOffer(entry: Entry, seatId: string, now: number, changes: Changes): boolean {
    const { policy } = this.#catalog.data;
    const until = Math.min(offerExpiry(now, policy), entry.endsAt);
    const slot = JSON.parse(
      (this.#db.prepare('SELECT slot FROM waitlist WHERE id = ?').pluck().get(entry.id) as string) ?? 'null',
    ) as SlotRequest;
    try {
      const held = this.#db.transaction(() =>
        this.#allocator.place(
          { seatId, memberId: entry.memberId, slot, source: 'waitlist' },
          'held',
          null,
          system,
          now,
          changes,
          until,
        ),
      )();
      this.#db
        .prepare(
          `UPDATE waitlist SET state = 'offered', offered_seat_id = ?, offer_expires_at = ?, booking_id = ? WHERE id = ?`,
        )
        .run(seatId, until, held.id, entry.id);
      this.#touch(entry.id, now);
      return true;
    } catch (error) {
      if (error instanceof DomainError || (error instanceof Error && error.message === 'seat_taken'))
        return false;
      throw error;
    }
  }

  #releaseOffer(bookingId: string, actor: Actor, now: number, changes: Changes): void {
    const booking = this.#allocator.bookingInside(bookingId);
    if (booking?.state === 'held') this.#allocator.cancelInside(booking, actor, now, changes);
  }

  /** Publishes the entries changed by the transaction that just committed. */
  flush(): void {
    const done = this.#pending;
    this.#pending = [];
    for (const e of done) this.#bus.emit('waitlist:changed', e);
  }

  /** Forgets the changes of a transaction that rolled back. */
  discard(): void {
    this.#pending = [];
  }

  #run<T>(work: (changes: Changes) => T): T {
    const changes: Changes = [];
    let result: T;
    try {
      result = decide(this.#db, () => work(changes));
    } catch (error) {
      this.discard();
      throw error;
    }
    for (const [b, prev] of changes) this.#bus.emit('booking:changed', b, prev);
    this.flush();
    return result;
  }

  /** Bumps the entry's rev and queues its new state for the cloud and for listeners. */
  #touch(id: string, now: number): Entry {
    this.#db.prepare('UPDATE waitlist SET rev = ? WHERE id = ?').run(nextRev(this.#db), id);
    const entry = this.#entry(id);
    appendOutbox(this.#db, 'waitlist.upsert', entry.id, entry, now);
    this.#pending.push(entry);
    return entry;
  }

  #setState(id: string, state: WaitlistEntry['state'], now: number): Entry {
    this.#db.prepare('UPDATE waitlist SET state = ? WHERE id = ?').run(state, id);
    return this.#touch(id, now);
  }

  #entry(id: string): Entry {
    return this.byId(id) as Entry;
  }

  #mustGet(id: string): Entry {
    const entry = this.byId(id);
    if (!entry) throw new DomainError('not_found', 'no such waitlist entry', { id });
    return entry;
  }
}
