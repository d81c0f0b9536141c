/**
 * How the all-accepted path cuts a batch into runs (runs.ts): one run while no entity repeats and
 * no mutation names an entity a later one creates; a kind that reads cloud state stands alone;
 * inside a run, tables in foreign-key order and rows in batch order.
 */
import type { ParsedMutation } from '@studyspot/sync/mutations';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { stepsOf } from './runs.ts';

const member = (id = uuidv7()) =>
  ({ kind: 'member.upsert', payload: { id, libraryId: 'l' } }) as unknown as ParsedMutation;
const booking = (id: string, memberId: string) =>
  ({ kind: 'booking.upsert', payload: { id, memberId, membershipId: null } }) as unknown as ParsedMutation;
const payment = (id: string, bookingId: string, memberId: string) =>
  ({ kind: 'payment.upsert', payload: { id, bookingId, memberId } }) as unknown as ParsedMutation;
const decision = (id: string) => ({ kind: 'request.decide', payload: { id } }) as unknown as ParsedMutation;

/** Each step as kind → payload ids, or the lone mutation's kind. */
const shape = (mutations: ParsedMutation[]) =>
  stepsOf(mutations).map((step) =>
    step.kind === 'one'
      ? step.mutation.kind
      : step.runs.map((run) => [run.kind, run.payloads.map((p) => (p as { id: string }).id)]),
  );

describe('stepsOf', () => {
  const [m, b1, b2, p1, p2] = ['m', 'b1', 'b2', 'p1', 'p2'];

  it('writes a catch-up batch as one run, tables in foreign-key order, rows in batch order', () => {
    const batch = [booking(b1, m), payment(p1, b1, m), booking(b2, m), payment(p2, b2, m)];
    expect(shape(batch)).toEqual([
      [
        ['booking.upsert', [b1, b2]],
        ['payment.upsert', [p1, p2]],
      ],
    ]);
  });

  it('starts a new run where an entity is written again', () => {
    const batch = [booking(b1, m), payment(p1, b1, m), booking(b1, m), payment(p2, b1, m)];
    expect(shape(batch)).toEqual([
      [
        ['booking.upsert', [b1]],
        ['payment.upsert', [p1]],
      ],
      [
        ['booking.upsert', [b1]],
        ['payment.upsert', [p2]],
      ],
    ]);
  });

  it('starts a new run where an entity named earlier in the run is created', () => {
    expect(shape([booking(b1, m), member(m)])).toEqual([
      [['booking.upsert', [b1]]],
      [['member.upsert', [m]]],
    ]);
  });

  it('keeps a member written before its bookings in the same run, ahead of them', () => {
    expect(shape([member(m), booking(b1, m), payment(p1, b1, m)])).toEqual([
      [
        ['member.upsert', [m]],
        ['booking.upsert', [b1]],
        ['payment.upsert', [p1]],
      ],
    ]);
  });

  it('writes a kind that reads cloud state on its own, between runs', () => {
    expect(shape([booking(b1, m), decision('r'), booking(b2, m)])).toEqual([
      [['booking.upsert', [b1]]],
      'request.decide',
      [['booking.upsert', [b2]]],
    ]);
  });

  it('treats ids case-insensitively, as Postgres does', () => {
    const upper = 'B1-UPPER';
    expect(shape([booking(upper, m), booking(upper.toLowerCase(), m)])).toHaveLength(2);
  });
});
