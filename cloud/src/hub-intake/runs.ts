/**
 * The order in which the all-accepted path writes a batch (ADR 0025): as few statements as
 * possible with the outcome of writing the mutations one at a time, in order. The batch is cut
 * into runs; inside a run every row kind is written in one statement per table, tables in the
 * order their foreign keys need (members → memberships → bookings and their passes → payments →
 * waitlist entries → audit lines), rows in batch order.
 *
 * That is the sequential outcome as long as, inside a run, no entity is written twice (the rev
 * guard would compare against a row of the same statement, which Postgres refuses) and no mutation
 * names an entity that a later one in the same run creates (one at a time, that reference is
 * missing and refused; table by table it would be found). So a run ends where a mutation's entity
 * is already named in it — written, or referenced by an earlier one — and the reference then fails
 * exactly as it would have, sending the batch to the per-mutation path. A kind that reads or
 * updates cloud state (a request decision, a command result, a telemetry rollup) is a run of its
 * own, written by itself.
 *
 *   [B1 P1 B2 P2 B1' P3]  →  run {bookings: B1 B2, payments: P1 P2}  then  run {bookings: B1', payments: P3}
 */
import type { ParsedMutation } from '@studyspot/sync/mutations';
import { isRowKind, type RowKind, type RowRun, rowKinds } from './writers.ts';

export type Step = { kind: 'rows'; runs: RowRun[] } | { kind: 'one'; mutation: ParsedMutation };

/** The hub entities a mutation's row references (its foreign keys to hub-written rows). */
function referenced(m: ParsedMutation): (string | null | undefined)[] {
  switch (m.kind) {
    case 'booking.upsert':
      return [m.payload.memberId, m.payload.membershipId];
    case 'membership.upsert':
      return [m.payload.memberId];
    case 'payment.upsert':
      return [m.payload.memberId, m.payload.bookingId];
    case 'waitlist.upsert':
      return [m.payload.memberId, m.payload.bookingId];
    default:
      return [];
  }
}

/** Ids as Postgres prints them: a hub's upper-case id names the same row. */
const key = (id: string) => id.toLowerCase();

/** Cuts `mutations` (each to be written, in order) into the steps that write them. */
export function stepsOf(mutations: readonly ParsedMutation[]): Step[] {
  const steps: Step[] = [];
  let run = new Map<RowKind, unknown[]>();
  let named = new Set<string>();
  const close = () => {
    if (run.size === 0) return;
    const runs = rowKinds.flatMap((kind) => {
      const payloads = run.get(kind);
      return payloads ? [{ kind, payloads } as RowRun] : [];
    });
    steps.push({ kind: 'rows', runs });
    run = new Map();
    named = new Set();
  };
  for (const m of mutations) {
    if (!isRowKind(m.kind)) {
      close();
      steps.push({ kind: 'one', mutation: m });
      continue;
    }
    const id = key(m.payload.id);
    if (named.has(id)) close();
    named.add(id);
    for (const ref of referenced(m)) if (ref) named.add(key(ref));
    const payloads = run.get(m.kind) ?? [];
    payloads.push(m.payload);
    run.set(m.kind, payloads);
  }
  close();
  return steps;
}
