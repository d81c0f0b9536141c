/**
 * Owners manage libraries, layout, shifts, plans and staff — on both backends: every write is
 * audited in its transaction, bodies are validated with core's schemas naming the field, another
 * tenant's ids are 404 (never 403), staff read only their libraries, and lists page by cursor.
 */
import { describe, expect, it } from 'vitest';
import { ownerOf, platformAdmin, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import {
  buildLibrary,
  clientFor,
  createTenant,
  libraryBody,
  type Reply,
} from '../../catalog/test-fixture.ts';

describe.each(backends)('library management on %s', (kind) => {
  const t = useTestDatabase(kind);

  const setup = async (slug: string) => {
    const { app, auth } = testApp(t().db);
    const tenantId = await createTenant(t().db, slug);
    const owner = ownerOf(tenantId);
    return { app, auth, tenantId, owner, call: clientFor(app, auth.bearer(owner)) };
  };

  it('builds a library with zones, a seat grid, shifts and plans, each write audited', async () => {
    const { call, tenantId, owner } = await setup('build');
    const built = await buildLibrary(call);
    const library = await call('GET', `/manage/libraries/${built.id}`);
    expect(library.body).toMatchObject({
      name: 'Pune Reading Room',
      published: true,
      tenantId,
      slotMinutes: 30,
    });
    const seats = await call('GET', `/manage/libraries/${built.id}/seats`);
    expect(seats.body.items.map((s: { number: string; col: number }) => [s.number, s.col])).toEqual([
      ['A1', 0],
      ['A2', 1],
      ['A3', 2],
    ]);
    const audit = await call('GET', '/audit?limit=200');
    expect(audit.body.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'library.create',
      'zone.create',
      'seats.upsert',
      'shift.create',
      'plan.create',
      'plan.create',
      'library.publish',
    ]);
    expect(audit.body.items[0]).toMatchObject({ actorUserId: owner.userId, actorRole: 'owner', tenantId });
  });

  it('upserts seats by number: moves, retypes and takes a seat out of service', async () => {
    const { call } = await setup('seats');
    const built = await buildLibrary(call);
    const path = `/manage/libraries/${built.id}/seats`;
    const changed = await call('PUT', path, {
      seats: [
        { number: 'A2', zoneId: built.zoneId, type: 'window', status: 'out_of_service', row: 4, col: 7 },
      ],
    });
    expect(changed.status).toBe(200);
    expect(changed.body.items[0]).toMatchObject({
      id: built.seatIds[1],
      type: 'window',
      status: 'out_of_service',
      row: 4,
    });
    const duplicate = await call('PUT', path, {
      seats: [
        { number: 'B1', zoneId: built.zoneId },
        { number: 'B1', zoneId: built.zoneId },
      ],
    });
    expect(duplicate).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'seats' } });
    const strangeZone = await call('PUT', path, { seats: [{ number: 'B1', zoneId: crypto.randomUUID() }] });
    expect(strangeZone).toMatchObject({ status: 400, body: { field: 'seats.zoneId' } });
  });

  it('validates with core schemas and names the field', async () => {
    const { call } = await setup('valid');
    const badZone = await call('POST', '/manage/libraries', libraryBody({ timezone: 'Mars/Olympus' }));
    expect(badZone.body).toMatchObject({ code: 'validation_failed', field: 'timezone' });
    const built = await buildLibrary(call);
    const shift = await call('PATCH', `/manage/shifts/${built.shiftId}`, { start: '15:00' });
    expect(shift).toMatchObject({ status: 400, body: { code: 'validation_failed', field: 'end' } });
    const plan = await call('POST', `/manage/libraries/${built.id}/plans`, {
      name: 'Bad',
      kind: 'shift',
      pricePaise: 100,
      taxRateBp: 1800,
    });
    expect(plan.body).toMatchObject({ code: 'validation_failed', field: 'shiftId' });
    const price = await call('PATCH', `/manage/plans/${built.planIds[0]}`, { pricePaise: 12.5 });
    expect(price.body).toMatchObject({ code: 'validation_failed', field: 'pricePaise' });
    const hours = await call('PATCH', `/manage/libraries/${built.id}`, {
      openingHours: { ...libraryBody().openingHours, mon: { open: '22:00', close: '08:00' } },
    });
    expect(hours.body).toMatchObject({ code: 'validation_failed', field: 'openingHours.mon.close' });
  });

  it("answers 404 for another tenant's library and its children, and changes nothing", async () => {
    const a = await setup('tenant-a');
    const b = await setup('tenant-b');
    const theirs = await buildLibrary(b.call);
    for (const [method, path, body] of [
      ['GET', `/manage/libraries/${theirs.id}`],
      ['PATCH', `/manage/libraries/${theirs.id}`, { name: 'Mine now' }],
      ['DELETE', `/manage/libraries/${theirs.id}`],
      ['GET', `/manage/libraries/${theirs.id}/seats`],
      ['POST', `/manage/libraries/${theirs.id}/zones`, { name: 'Sneaky' }],
      ['PATCH', `/manage/zones/${theirs.zoneId}`, { name: 'Sneaky' }],
      ['DELETE', `/manage/plans/${theirs.planIds[0]}`],
      ['PUT', `/manage/libraries/${theirs.id}/seats`, { seats: [{ number: 'Z9', zoneId: theirs.zoneId }] }],
    ] as const) {
      const reply = await a.call(method, path, body);
      expect([method, path, reply.status, reply.body.code]).toEqual([method, path, 404, 'not_found']);
    }
    expect((await b.call('GET', `/manage/libraries/${theirs.id}`)).body.name).toBe('Pune Reading Room');
  });

  it('lets staff read only their libraries and write nothing', async () => {
    const { app, auth, call, tenantId } = await setup('staffed');
    const mine = await buildLibrary(call);
    const other = await buildLibrary(call, { name: 'Other branch' });
    const staff = clientFor(
      app,
      auth.bearer({ userId: crypto.randomUUID(), role: 'staff', tenantId, libraryIds: [mine.id] }),
    );
    expect((await staff('GET', `/manage/libraries/${mine.id}/zones`)).status).toBe(200);
    expect((await staff('GET', `/manage/libraries/${other.id}`)).status).toBe(404);
    expect((await staff('GET', '/manage/libraries')).body.items.map((l: { id: string }) => l.id)).toEqual([
      mine.id,
    ]);
    expect((await staff('PATCH', `/manage/libraries/${mine.id}`, { name: 'x' })).status).toBe(403);
    const admin = clientFor(app, auth.bearer(platformAdmin()));
    expect((await admin('POST', '/manage/libraries', libraryBody())).status).toBe(403);
  });

  it('pages libraries with a keyset cursor: every row once, in order', async () => {
    const { call } = await setup('paging');
    for (let i = 0; i < 7; i++) await call('POST', '/manage/libraries', libraryBody({ name: `Branch ${i}` }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Reply = await call('GET', `/manage/libraries?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((l: { name: string }) => l.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `Branch ${i}`));
    const garbage = await call('GET', '/manage/libraries?cursor=bm9wZQ');
    expect(garbage.body).toMatchObject({ code: 'validation_failed', field: 'cursor' });
    expect((await call('GET', '/manage/libraries?limit=201')).status).toBe(400);
  });

  it('refuses to delete a zone that still has seats (409), deletes an empty one', async () => {
    const { call } = await setup('deletes');
    const built = await buildLibrary(call);
    const inUse = await call('DELETE', `/manage/zones/${built.zoneId}`);
    expect(inUse).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const spare = await call('POST', `/manage/libraries/${built.id}/zones`, { name: 'Spare' });
    expect((await call('DELETE', `/manage/zones/${spare.body.id}`)).status).toBe(204);
    expect((await call('GET', `/manage/libraries/${built.id}/zones`)).body.items).toHaveLength(1);
  });
});
