/**
 * The entrance. A scanned pass (kiosk camera over HTTP, or a serial/MQTT reader) is verified on the
 * hub with no cloud in the path, the booking is checked in, the door and the seat's locker are
 * unlocked, and the outcome — granted or denied with a reason — is audited. Denials say why in
 * words a student at the door understands (the kiosk translates the code).
 */
import type { Booking, PassRejection } from '@studyspot/core';
import { DomainError, MINUTE, parsePass, verifyPass } from '@studyspot/core';
import type { Allocator } from '../allocator/allocator.ts';
import type { LockDriver, LockState } from '../drivers/types.ts';
import type { HubBus } from '../events.ts';
import type { BookingStore } from '../store/bookings.ts';
import type { Catalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { decide } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import { audit } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';

export type DenyReason = PassRejection | 'banned' | 'already_inside' | 'not_confirmed';

export type EntryResult =
  | {
      ok: true;
      bookingId: string;
      memberName: string;
      seatNumber: string;
      door: LockState | null;
      locker: LockState | null;
    }
  | { ok: false; reason: DenyReason; message: string };

const messages: Record<DenyReason, string> = {
  expired: 'This pass has expired. Open the app for a fresh code, or ask at the desk.',
  not_yet: 'Your booking has not started yet. Check-in opens shortly before your slot.',
  wrong_library: 'This pass is for another library.',
  bad_signature: 'This pass is not valid. Open the app for a fresh code.',
  unknown_pass: 'This code is not a StudySpot pass.',
  banned: 'Your account is blocked. Please see the desk.',
  already_inside: 'You are already checked in.',
  not_confirmed: 'This booking is not paid yet. Please pay at the desk.',
};

/** Finds a lock driver by the id bound in config (door) or on a seat (locker). */
export interface LockLookup {
  get(lockId: string): LockDriver | undefined;
}

export interface EntryDeps {
  db: Db;
  catalog: Catalog;
  bookings: BookingStore;
  members: MemberStore;
  allocator: Allocator;
  locks: LockLookup;
  doorLockId: string | null;
  unlockMs: number;
  /** Resolves once the check-in is on disk (the hub's group commit). */
  durable?: () => Promise<void>;
  /** Told every decision as `entry:scanned`, so the kiosk shows a serial reader's scans too. */
  bus?: HubBus;
}

export class EntryDesk {
  readonly #d: EntryDeps;

  constructor(deps: EntryDeps) {
    this.#d = deps;
  }

  async scan(code: string, actor: Actor, now: number): Promise<EntryResult> {
    const result = await this.#scan(code, actor, now);
    this.#d.bus?.emit('entry:scanned', { via: actor, at: now, result });
    return result;
  }

  async #scan(code: string, actor: Actor, now: number): Promise<EntryResult> {
    const decision = this.#decide(code, actor, now);
    if (!decision.ok) return decision;
    const { booking, memberName, seatNumber, lockerId } = decision;
    // The check-in is on disk before the door opens: the door is its acknowledgement.
    await this.#d.durable?.();
    const [door, locker] = await Promise.all([this.#unlock(this.#d.doorLockId), this.#unlock(lockerId)]);
    decide(this.#d.db, () =>
      audit(
        this.#d.db,
        actor,
        'entry.unlock',
        booking.id,
        { door, locker, lockerId, doorLockId: this.#d.doorLockId },
        now,
      ),
    );
    return { ok: true, bookingId: booking.id, memberName, seatNumber, door, locker };
  }

  /** Verifies and checks in; audits a denial. Synchronous, so nothing interleaves with it. */
  #decide(code: string, actor: Actor, now: number) {
    const deny = (reason: DenyReason, subject: string | null) => {
      decide(this.#d.db, () => audit(this.#d.db, actor, 'entry.denied', subject, { reason }, now));
      return { ok: false as const, reason, message: messages[reason] };
    };
    const parsed = parsePass(code.trim());
    if (!parsed) return deny('unknown_pass', null);
    const booking = this.#d.bookings.byId(parsed.bookingId);
    const secret = this.#d.bookings.passSecret(parsed.bookingId);
    if (!booking || !secret) return deny('unknown_pass', null);
    const { library, policy } = this.#d.catalog.data;
    const verdict = verifyPass(
      parsed,
      { ...booking, bookingId: booking.id, secret },
      { libraryId: library.id, earlyMs: policy.checkInEarlyMinutes * MINUTE },
      now,
    );
    if (!verdict.ok) return deny(verdict.reason, booking.id);
    const member = this.#d.members.byId(booking.memberId);
    if (member?.status !== 'active') return deny('banned', booking.id);
    const refused = this.#stateRefusal(booking);
    if (refused) return deny(refused, booking.id);
    try {
      this.#d.allocator.checkIn(booking.id, actor, now);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return deny(error.code === 'too_early' ? 'not_yet' : 'expired', booking.id);
    }
    const seat = this.#d.catalog.seat(booking.seatId);
    return {
      ok: true as const,
      booking,
      memberName: member.name,
      seatNumber: seat?.number ?? '?',
      lockerId: seat?.lockId ?? null,
    };
  }

  #stateRefusal(booking: Booking): DenyReason | null {
    switch (booking.state) {
      case 'confirmed':
        return null;
      case 'checked_in':
        return 'already_inside';
      case 'held':
        return 'not_confirmed';
      case 'completed':
      case 'cancelled':
      case 'expired':
      case 'no_show':
        return 'expired';
    }
  }

  /** Unlocks a lock if one is bound; `unknown` when it does not confirm, never a guessed `unlocked`. */
  async #unlock(lockId: string | null): Promise<LockState | null> {
    if (!lockId) return null;
    const lock = this.#d.locks.get(lockId);
    if (!lock) return 'unavailable';
    try {
      return await lock.unlock(this.#d.unlockMs);
    } catch {
      return lock.state === 'unlocked' ? 'unlocked' : 'unknown';
    }
  }
}
