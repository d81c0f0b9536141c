/**
 * The cloud's waitlist commands (ADR 0026): a student joins, leaves or accepts from the phone, and
 * the hub applies it through the same WaitlistDesk as the desk's LAN routes, inside the remote
 * desk's transaction, so the entry, the offer's hold and the answer commit together. A command's
 * `booking_id` column is its subject: for these kinds the waitlist entry (for a join, the id the
 * cloud chose for the entry it asks for).
 *
 *   waitlist.join   ──▶ entry waiting (or offered at once) | rejected already_waiting, in_past, …
 *   waitlist.leave  ──▶ entry left (an offer's hold passes on) | rejected invalid_transition
 *   waitlist.accept ──▶ entry accepted, hold confirmed        | rejected offer_expired, payment_required
 *
 * A command that cannot be judged yet waits for a later sweep: a join whose member or zone the
 * shapes have not delivered, a leave or accept of an entry whose join is still waiting.
 */
import { DomainError, SlotRequest, WaitlistEntry } from '@studyspot/core';
import type { Changes } from '../allocator/allocator.ts';
import type { WaitlistDesk } from '../allocator/waitlist.ts';
import type { Catalog } from '../store/catalog.ts';
import { type Db, prepared } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';
import type { CommandRow } from './answers.ts';

export const waitlistKinds = ['waitlist.join', 'waitlist.leave', 'waitlist.accept'] as const;
export type WaitlistKind = (typeof waitlistKinds)[number];

export const isWaitlistKind = (kind: string): kind is WaitlistKind =>
  (waitlistKinds as readonly string[]).includes(kind);

/** What a join carries; the hub resolves the slot itself, against its own catalog. */
export const JoinPayload = WaitlistEntry.pick({ memberId: true, zoneId: true }).extend({ slot: SlotRequest });

export interface WaitlistCommandDeps {
  db: Db;
  catalog: Catalog;
  members: MemberStore;
  waitlist: WaitlistDesk;
}

/** How long a join may name a zone the catalog shapes have not delivered yet. */
const ZONE_GRACE_MS = 2 * 60_000;

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseJoin(row: CommandRow) {
  const parsed = JoinPayload.safeParse(safeJson(row.payload));
  if (!parsed.success) throw new DomainError('validation_failed', 'a waitlist join without member and slot');
  return parsed.data;
}

/** True when the command must wait for a later sweep (see the module comment). */
export function waitlistMustWait(d: WaitlistCommandDeps, row: CommandRow, now: number): boolean {
  if (row.kind === 'waitlist.join') {
    const join = JoinPayload.safeParse(safeJson(row.payload));
    if (!join.success) return false; // rejected when applied
    if (!d.members.byId(join.data.memberId)) return true;
    const zoneId = join.data.zoneId;
    const zoneKnown = zoneId === null || d.catalog.data.zones.some((z) => z.id === zoneId);
    return !zoneKnown && now - row.created_at < ZONE_GRACE_MS;
  }
  if (d.waitlist.byId(row.booking_id)) return false;
  const join = prepared(
    d.db,
    `SELECT 1 FROM hub_commands WHERE kind = 'waitlist.join' AND booking_id = ? AND status = 'pending'`,
  ).get(row.booking_id);
  return join !== undefined;
}

/**
 * Applies a waitlist command inside the caller's transaction; a refusal throws its DomainError.
 * Repeats change nothing: a join of an entry that exists, a leave of a left entry, an accept of an
 * accepted one are applied as they stand.
 */
export function applyWaitlistCommand(
  d: WaitlistCommandDeps,
  row: CommandRow,
  actor: Actor,
  now: number,
  changes: Changes,
): void {
  const entryId = row.booking_id;
  const entry = d.waitlist.byId(entryId);
  switch (row.kind) {
    case 'waitlist.join':
      if (!entry) d.waitlist.joinInside({ ...parseJoin(row), id: entryId }, actor, now, changes);
      return;
    case 'waitlist.leave':
      if (!entry) throw new DomainError('not_found', 'no such waitlist entry on this hub');
      if (entry.state !== 'left') d.waitlist.leaveInside(entryId, actor, now, changes);
      return;
    case 'waitlist.accept':
      if (!entry) throw new DomainError('not_found', 'no such waitlist entry on this hub');
      if (entry.state !== 'accepted') d.waitlist.acceptInside(entryId, null, actor, now, changes);
      return;
    default:
      throw new DomainError('validation_failed', `unknown command ${row.kind}`);
  }
}
