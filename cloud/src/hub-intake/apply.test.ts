/**
 * The applier on both backends: every kind lands in its table, a redelivery answers the same
 * result with one effect, an older rev never overwrites a newer row, another library's mutation is
 * refused and audited, a malformed mutation is refused alone, an overlapping booking is a
 * `conflict` (audited) and the route answers 200 with results, never a 5xx.
 */
import { v7 as uuidv7 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, testApp } from '../../test/support/http.ts';
import { type SeededTenant, seedLibrary, seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { applyBatch } from './apply.ts';
import { bookingOf, HOUR, mutation, T0 } from './intake.fixture.ts';
import type { HubIdentity } from './types.ts';

describe.each(backends)('hub mutation applier on %s', (kind) => {
  const t = useTestDatabase(kind);
  let s: SeededTenant;
  let hub: HubIdentity;
  let planId: string;
  let otherLibraryId: string;
  let day = 0;
  /** A booking on a fresh day, so tests never overlap each other. */
  const fresh = (over: Record<string, unknown> = {}) => {
    day++;
    return bookingOf(s, { startsAt: T0 + day * 24 * HOUR, endsAt: T0 + day * 24 * HOUR + HOUR, ...over });
  };
  const count = (sql: string, params: unknown[]) =>
    t().db.platform(async (tx) => Number((await tx.query<{ n: string }>(sql, params))[0]?.n));

  beforeAll(async () => {
    s = await seedTenant(t().db, `intake-${kind}`);
    hub = { tenantId: s.tenantId, libraryId: s.libraryId, hubId: uuidv7() };
    ({ planId, otherLibraryId } = await t().db.platform(async (tx) => ({
      planId: (await tx.query<{ id: string }>('SELECT id FROM plans WHERE tenant_id = $1', [s.tenantId]))[0]
        ?.id as string,
      otherLibraryId: await seedLibrary(tx, s.tenantId, 'the other room'),
    })));
  });

  it('applies each kind, returning the txid it recorded', async () => {
    const member = {
      id: uuidv7(),
      libraryId: s.libraryId,
      name: 'Ravi',
      phone: '+919812345678',
      email: null,
      status: 'active',
      createdAt: T0,
    };
    const membership = {
      id: uuidv7(),
      libraryId: s.libraryId,
      memberId: member.id,
      planId,
      shiftId: null,
      zoneId: null,
      startsOn: '2026-12-01',
      endsOn: '2026-12-30',
      status: 'provisional',
      createdAt: T0,
      paymentId: null,
    };
    const booking = fresh({ memberId: member.id });
    const payment = {
      id: uuidv7(),
      libraryId: s.libraryId,
      memberId: member.id,
      planId: null,
      bookingId: booking.id,
      method: 'cash',
      subtotalPaise: 5000,
      taxPaise: 900,
      totalPaise: 5900,
      status: 'captured',
      recordedBy: 'staff:desk',
      createdAt: T0,
    };
    const waitlist = {
      id: uuidv7(),
      libraryId: s.libraryId,
      memberId: member.id,
      zoneId: s.zoneId,
      startsAt: T0,
      endsAt: T0 + HOUR,
      shiftId: null,
      state: 'waiting',
      offeredSeatId: null,
      offerExpiresAt: null,
      bookingId: null,
      createdAt: T0,
    };
    const auditRow = {
      id: uuidv7(),
      at: T0,
      actor: 'staff:desk',
      action: 'door.unlock',
      subject: 'seat',
      detail: {},
    };
    const batch = [
      mutation('member.upsert', member, 1),
      mutation('membership.upsert', membership, 2),
      mutation('booking.upsert', booking, 3),
      mutation('payment.upsert', payment, 4),
      mutation('waitlist.upsert', waitlist, 5),
      mutation('audit.append', auditRow, 6),
    ];
    const response = await applyBatch(t().db, hub, batch);
    expect(response.results.map((r) => r.status)).toEqual(Array(6).fill('accepted'));
    expect(response.txid).toBeGreaterThan(0);
    expect(response.results.every((r) => r.status === 'accepted' && r.txid === response.txid)).toBe(true);
    const tables = ['members', 'memberships', 'bookings', 'payments', 'waitlist_entries', 'audit_log'];
    const ids = [member, membership, booking, payment, waitlist, auditRow].map((p) => p.id);
    for (const [i, table] of tables.entries()) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE id = $1`, [ids[i]]), table).toBe(1);
    }
    const recorded = await count('SELECT count(*) AS n FROM hub_mutations WHERE txid = $1', [response.txid]);
    expect(recorded).toBe(6);
  });

  it('keeps a telemetry rollup as one row per sensor, once however often it is delivered', async () => {
    const rollup = {
      id: uuidv7(),
      libraryId: s.libraryId,
      windowStart: T0,
      windowEnd: T0 + 15 * 60_000,
      sensors: [
        { sensorId: 'sensor-A1', kind: 'occupancy', samples: 90, stats: { occupiedShare: 0.5 } },
        {
          sensorId: 'env-1',
          kind: 'environment',
          samples: 15,
          stats: { temperatureC: { mean: 25, min: 24, max: 26 } },
        },
      ],
    };
    const m = mutation('telemetry.rollup', rollup);
    for (let i = 0; i < 2; i++) {
      const { results } = await applyBatch(t().db, hub, [m]);
      expect(results[0]?.status).toBe('accepted');
    }
    expect(await count('SELECT count(*) AS n FROM telemetry_rollups WHERE rollup_id = $1', [rollup.id])).toBe(
      2,
    );
    const foreign = await applyBatch(t().db, hub, [
      mutation('telemetry.rollup', { ...rollup, id: uuidv7(), libraryId: otherLibraryId }),
    ]);
    expect(foreign.results[0]).toMatchObject({ status: 'rejected', code: 'wrong_library' });
  });

  it('answers a redelivery with the same result and no second effect', async () => {
    const auditRow = {
      id: uuidv7(),
      at: T0,
      actor: 'system:hub',
      action: 'x',
      subject: null,
      detail: { a: 1 },
    };
    const batch = [mutation('booking.upsert', fresh()), mutation('audit.append', auditRow)];
    const first = await applyBatch(t().db, hub, batch);
    const again = await applyBatch(t().db, hub, batch);
    expect(again.results).toEqual(first.results.map((r) => ({ ...r, duplicate: true })));
    expect(again.txid).not.toBe(first.txid);
    expect(await count('SELECT count(*) AS n FROM audit_log WHERE id = $1', [auditRow.id])).toBe(1);
  });

  it('never overwrites a newer rev with an older one', async () => {
    const newer = fresh({ rev: 50, state: 'checked_in', checkedInAt: T0 });
    const older = { ...newer, rev: 40, state: 'cancelled', checkedInAt: null };
    const response = await applyBatch(t().db, hub, [
      mutation('booking.upsert', newer),
      mutation('booking.upsert', older),
    ]);
    expect(response.results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const [row] = await t().db.platform((tx) =>
      tx.query<{ rev: string; state: string }>('SELECT rev, state FROM bookings WHERE id = $1', [newer.id]),
    );
    expect({ rev: Number(row?.rev), state: row?.state }).toEqual({ rev: 50, state: 'checked_in' });
  });

  it('refuses and audits a mutation for another library', async () => {
    const m = mutation('booking.upsert', fresh({ libraryId: otherLibraryId }));
    const { results } = await applyBatch(t().db, hub, [m]);
    expect(results[0]).toMatchObject({ id: m.id, status: 'rejected', code: 'wrong_library' });
    const audited = await t().db.platform((tx) =>
      tx.query<{ action: string; target_id: string; detail: { code: string } }>(
        'SELECT action, target_id, detail FROM audit_log WHERE id = $1',
        [m.id],
      ),
    );
    expect(audited).toMatchObject([
      { action: 'hub.mutation_rejected', target_id: hub.hubId, detail: { code: 'wrong_library' } },
    ]);
    expect(await count('SELECT count(*) AS n FROM bookings WHERE id = $1', [m.payload.id])).toBe(0);
  });

  it('refuses a malformed mutation alone', async () => {
    const good = [mutation('booking.upsert', fresh()), mutation('booking.upsert', fresh())];
    const bad = [mutation('booking.upsert', { ...fresh(), seatId: 'not-a-uuid' }), { junk: true }, 42];
    const { results } = await applyBatch(t().db, hub, [good[0], ...bad, good[1]]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
      'accepted',
      'malformed',
      'malformed',
      'malformed',
      'accepted',
    ]);
    expect(results[1]?.id).toBe(bad[0] && (bad[0] as { id: string }).id);
  });

  it('answers an overlapping booking with conflict (audited) through the route, not a 5xx', async () => {
    const { app } = testApp(t().db, { authorizeHub: () => hub });
    const first = fresh();
    const overlapping = { ...first, id: uuidv7(), memberId: s.memberId };
    const m = mutation('booking.upsert', overlapping);
    const res = await app.request(
      '/v1/hub/mutations',
      jsonBody({ mutations: [mutation('booking.upsert', first), m] }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { results: { status: string; code?: string }[]; txid: number };
    expect(body.results.map((r) => r.code ?? r.status)).toEqual(['accepted', 'conflict']);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE id = $1`, [m.id])).toBe(1);
  });

  it('answers 401 without a hub identity and 400 for a bad envelope', async () => {
    const anonymous = testApp(t().db).app;
    expect((await anonymous.request('/v1/hub/mutations', jsonBody({ mutations: [1] }))).status).toBe(401);
    const { app } = testApp(t().db, { authorizeHub: () => hub });
    expect((await app.request('/v1/hub/mutations', jsonBody({ mutations: [] }))).status).toBe(400);
    expect((await app.request('/v1/hub/mutations', jsonBody({ nope: 1 }))).status).toBe(400);
  });
});
