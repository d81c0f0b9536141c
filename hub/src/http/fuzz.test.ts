/**
 * OpenAPI-driven fuzzing of the real server: for every operation in /api/v1/openapi.json, seeded
 * and bounded runs of random and boundary inputs and mutated valid examples, sent with a staff
 * token. Never a 5xx; every error is `{ code: string, ... }`; a rejected request changes nothing
 * in the database (sessions excepted: logins write there and are not part of the domain state).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../test/fixture.ts';
import { demoLogin } from '../seed.ts';
import type { FuzzRequest, IdPools, OpenApiDoc, Operation } from './fuzz-support.ts';
import { digestDb, operationsOf, requestArb } from './fuzz-support.ts';
import type { TestApi } from './testing.ts';
import { startTestApi } from './testing.ts';

const SEED = 20261130;
const RUNS = 30;

describe('OpenAPI fuzz', () => {
  let t: TestApi;
  let operations: Operation[];
  let pools: IdPools;

  beforeAll(async () => {
    t = await startTestApi();
    const doc = (await t.call('GET', '/openapi.json', { token: null })).body as OpenApiDoc;
    operations = operationsOf(doc);
    pools = await seedPools(t);
  });
  afterAll(() => t.close());

  it('covers every operation in the document', () => {
    expect(operations.length).toBe(38); // + GET /me/bookings (ADR 0024)
  });

  it('never answers 5xx, always says { code }, and rejected requests change nothing', async () => {
    let rejected = 0;
    let accepted = 0;
    const seen = new Map<string, number>();
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestArb(op, pools), async (request) => {
          const status = await send(t, op, request);
          const key = `${op.method} ${op.path} ${status}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
          if (status >= 400) rejected++;
          else accepted++;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    if (process.env.FUZZ_REPORT)
      console.log(
        [...seen]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join('\n'),
      );
    expect(rejected + accepted).toBe(operations.length * RUNS);
    expect(rejected).toBeGreaterThan(accepted);
    expect(accepted).toBeGreaterThan(operations.length * 3);
  }, 120_000);
});

async function send(t: TestApi, op: Operation, request: FuzzRequest): Promise<number> {
  // Logging out would end the token every other run uses; each logout gets a session of its own.
  const token = op.path.endsWith('/auth/logout')
    ? t.auth.sessions.open({ id: t.f.ids.staffId, name: 'Front desk', role: 'owner' }, t.f.clock.now()).token
    : t.staffToken;
  const before = digestDb(t.f.db, ['sessions']);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (request.contentType) headers['content-type'] = request.contentType;
  const res = await fetch(`${t.url}${request.url}`, { method: op.method, headers, body: request.body });
  const text = await res.text();
  const context = `${op.method} ${request.url} ${request.body?.slice(0, 300) ?? ''} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, context).toBeLessThan(500);
  if (res.status >= 400) {
    expect(typeof JSON.parse(text).code, context).toBe('string');
    expect(digestDb(t.f.db, ['sessions']), `${context} changed the database`).toBe(before);
  }
  return res.status;
}

/** Real members, bookings, waitlist entries and kiosks, so generated ids reach real rows. */
async function seedPools(t: TestApi): Promise<IdPools> {
  const members = Array.from({ length: 8 }, () => t.f.newMember());
  const seats = t.f.ids.seatIds;
  const bookings: string[] = [];
  for (const [i, memberId] of members.slice(0, 4).entries()) {
    const slot = { kind: 'hours', date: TODAY, start: `${String(10 + i).padStart(2, '0')}:00`, hours: 1 };
    const res = await t.call('POST', '/holds', { body: { seatId: seats[i], memberId, slot } });
    bookings.push(res.body.id);
  }
  const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.evening };
  const entry = await t.call('POST', '/waitlist', { body: { memberId: members[5], zoneId: null, slot } });
  const kiosk = await t.call('POST', '/kiosk-devices', { body: { name: 'fuzz kiosk' } });
  const { shiftIds, planIds, zoneIds } = t.f.ids;
  return {
    seatId: seats.slice(0, 12),
    memberId: members,
    shiftId: Object.values(shiftIds),
    planId: Object.values(planIds),
    zoneId: [...zoneIds],
    username: [demoLogin.username],
    password: [demoLogin.password],
    pin: [demoLogin.pin],
    any: [...bookings, ...members, entry.body.id, kiosk.body.id, seats[0] as string],
  };
}
