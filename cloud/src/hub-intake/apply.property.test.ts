/**
 * The all-accepted path (many rows per statement, ADR 0025) answers and writes exactly what the
 * per-mutation path does (ADR 0014), on both backends: random batches of member, booking, payment
 * and audit mutations — repeated entities, stale revisions, overlapping bookings (conflict),
 * payments for bookings and members that do not exist yet or only later in the batch, redelivered
 * mutations — go to two tenants with the same catalog and ids, one through `applyBatch`, one
 * through `applyEach`. Results (status, code, duplicate) and the rows left in every table the
 * intake writes are the same, and a duplicate carries the txid of the batch that first applied it.
 * Fixed seed, bounded runs.
 */
import { defaultPolicy } from '@studyspot/core';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { address, openingHours } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Database, Tx } from '../db/types.ts';
import { applyBatch, applyEach } from './apply.ts';
import type { HubIdentity } from './types.ts';

const DAY = Date.parse('2026-12-02T04:30:00Z');
const MIN = 60_000;
/** Start and end minutes of the slots: 0 and 1 overlap, 2 overlaps neither. */
const SLOTS = [
  [0, 60],
  [30, 90],
  [120, 180],
] as const;

const ids = {
  hub: uuidv7(),
  library: uuidv7(),
  zone: uuidv7(),
  seats: Array.from({ length: 4 }, () => uuidv7()),
  /** members[0] is in the catalog; the others exist only once a mutation creates them. */
  members: [uuidv7(), uuidv7(), uuidv7()],
  bookings: Array.from({ length: 5 }, () => uuidv7()),
  payments: Array.from({ length: 4 }, () => uuidv7()),
  audits: Array.from({ length: 3 }, () => uuidv7()),
};

type Op =
  | { kind: 'member'; m: number; rev: number }
  | { kind: 'booking'; b: number; seat: number; slot: number; m: number; state: number; rev: number }
  | { kind: 'payment'; p: number; b: number; m: number }
  | { kind: 'audit'; a: number }
  | { kind: 'again'; pick: number };

/** Mostly the member the catalog has, so that most batches are accepted whole. */
const member = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('member' as const),
      m: fc.integer({ min: 1, max: 2 }),
      rev: fc.nat(3),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('booking' as const),
      ...{
        b: fc.nat(4),
        seat: fc.nat(3),
        slot: fc.nat(2),
        m: member,
        state: fc.nat(2),
        rev: fc.integer({ min: 1, max: 4 }),
      },
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('payment' as const), p: fc.nat(3), b: fc.nat(4), m: member }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('audit' as const), a: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('again' as const), pick: fc.nat(40) }) },
);

const states = ['confirmed', 'cancelled', 'checked_in'] as const;

function payloadOf(o: Exclude<Op, { kind: 'again' }>): { kind: string; payload: { id: string } } {
  switch (o.kind) {
    case 'member':
      return {
        kind: 'member.upsert',
        payload: {
          ...{ id: ids.members[o.m] as string, libraryId: ids.library, name: `Member ${o.m} r${o.rev}` },
          ...{ phone: `+91980000000${o.m}`, email: null, status: 'active', createdAt: DAY, rev: o.rev },
        },
      };
    case 'booking': {
      const [from, to] = SLOTS[o.slot] as readonly [number, number];
      const id = ids.bookings[o.b] as string;
      return {
        kind: 'booking.upsert',
        payload: {
          ...{ id, libraryId: ids.library, seatId: ids.seats[o.seat], memberId: ids.members[o.m] },
          ...{ startsAt: DAY + from * MIN, endsAt: DAY + to * MIN, shiftId: null, state: states[o.state] },
          ...{ source: 'staff', membershipId: null, amountPaise: 4000, taxPaise: 720, holdExpiresAt: null },
          ...{ checkedInAt: o.state === 2 ? DAY + from * MIN : null, checkedOutAt: null },
          ...{ createdAt: DAY, updatedAt: DAY + o.rev, rev: o.rev, passSecret: `pass-secret-of-${id}` },
        },
      };
    }
    case 'payment':
      return {
        kind: 'payment.upsert',
        payload: {
          ...{ id: ids.payments[o.p] as string, libraryId: ids.library, memberId: ids.members[o.m] },
          ...{ planId: null, bookingId: ids.bookings[o.b], method: 'cash', subtotalPaise: 4000 },
          ...{
            taxPaise: 720,
            totalPaise: 4720,
            status: 'captured',
            recordedBy: 'staff:desk',
            createdAt: DAY,
          },
        },
      };
    case 'audit':
      return {
        kind: 'audit.append',
        payload: {
          ...{ id: ids.audits[o.a] as string, at: DAY, actor: 'staff:desk', action: 'door.unlock' },
          ...{ subject: 'seat', detail: { n: o.a } },
        },
      };
  }
}

/** Wire mutations, batch by batch; `again` redelivers an earlier mutation (same id). */
function materialize(batches: Op[][]): unknown[][] {
  const sent: unknown[] = [];
  return batches.map((ops) =>
    ops.map((o) => {
      if (o.kind === 'again' && sent.length > 0) return sent[o.pick % sent.length];
      const { kind, payload } = payloadOf(o.kind === 'again' ? { kind: 'audit', a: 0 } : o);
      const m = { id: uuidv7(), seq: sent.length, kind, entityId: payload.id, createdAt: DAY, payload };
      sent.push(m);
      return m;
    }),
  );
}

/** A tenant whose library, zone, seats and first member have the shared ids. */
async function tenantWithCatalog(db: Database, slug: string): Promise<HubIdentity> {
  return db.platform(async (tx: Tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      'INSERT INTO tenants (name, slug) VALUES ($1, $1) RETURNING id',
      [slug],
    );
    const t = tenant?.id as string;
    await tx.query(
      `INSERT INTO libraries (tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
         slot_minutes, policy) VALUES ($1, $2, 'Room', 'Asia/Kolkata', $3, 18.5, 73.8, $4, $5, 30, $6)`,
      [t, ids.library, address, [], openingHours, defaultPolicy],
    );
    await tx.query(`INSERT INTO zones (tenant_id, id, library_id, name) VALUES ($1, $2, $3, 'Z')`, [
      t,
      ids.zone,
      ids.library,
    ]);
    for (const [n, seat] of ids.seats.entries())
      await tx.query(
        'INSERT INTO seats (tenant_id, id, library_id, zone_id, number) VALUES ($1, $2, $3, $4, $5)',
        [t, seat, ids.library, ids.zone, `S${n}`],
      );
    await tx.query(
      `INSERT INTO members (tenant_id, id, library_id, name, phone) VALUES ($1, $2, $3, 'Asha', '+919800000000')`,
      [t, ids.members[0], ids.library],
    );
    return { tenantId: t, libraryId: ids.library, hubId: ids.hub };
  });
}

/** Every row the intake may have written for a tenant, without the tenant id, in a stable order. */
async function rowsOf(db: Database, tenantId: string): Promise<Record<string, unknown[]>> {
  const ms = (c: string) => `(extract(epoch FROM ${c}) * 1000)::int8 AS ${c}`;
  const queries = {
    members: 'SELECT id, name, phone, rev FROM members',
    bookings: `SELECT id, seat_id, member_id, ${ms('starts_at')}, ${ms('ends_at')}, state, rev, ${ms('updated_at')} FROM bookings`,
    booking_passes: 'SELECT booking_id AS id, secret FROM booking_passes',
    payments: 'SELECT id, booking_id, member_id, amount_paise, status FROM payments',
    audit_log: 'SELECT id, action, target_id, detail FROM audit_log',
    hub_mutations: 'SELECT id, kind, entity_id FROM hub_mutations',
  };
  return db.tenant(tenantId, async (tx) => {
    const out: Record<string, unknown[]> = {};
    for (const [table, sql] of Object.entries(queries))
      out[table] = await tx.query(`${sql} WHERE tenant_id = $1 ORDER BY id`, [tenantId]);
    return out;
  });
}

describe.each(backends)('the all-accepted path against the per-mutation path on %s', (kind) => {
  const t = useTestDatabase(kind);
  let run = 0;

  it('answers and writes the same for random batches', async () => {
    const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(batches, async (ops) => {
        run++;
        const fast = await tenantWithCatalog(t().db, `fast-${kind}-${run}`);
        const each = await tenantWithCatalog(t().db, `each-${kind}-${run}`);
        const firstTxid = new Map<string, number>();
        for (const batch of materialize(ops)) {
          const a = await applyBatch(t().db, fast, batch);
          const b = await applyEach(t().db, each, batch);
          const outcome = (r: (typeof a.results)[number]) => ({
            id: r.id,
            status: r.status,
            code: r.status === 'rejected' ? r.code : null,
            duplicate: r.status === 'accepted' && r.duplicate === true,
          });
          expect(a.results.map(outcome)).toEqual(b.results.map(outcome));
          for (const r of a.results) {
            if (r.status !== 'accepted' || !r.id) continue;
            if (!r.duplicate) firstTxid.set(r.id, r.txid);
            else expect(r.txid).toBe(firstTxid.get(r.id));
          }
        }
        expect(await rowsOf(t().db, fast.tenantId)).toEqual(await rowsOf(t().db, each.tenantId));
      }),
      { seed: 20261125, numRuns: 40 },
    );
  });
});
