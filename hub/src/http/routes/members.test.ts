import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../../test/fixture.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('member routes', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('pages through 120 members with the cursor: every one exactly once, in (name, id) order', async () => {
    const created = new Set<string>();
    for (let i = 0; i < 120; i++) {
      // 40 distinct names, so pages break inside runs of equal names
      const res = await t.call('POST', '/members', {
        body: {
          name: `Student ${String(i % 40).padStart(2, '0')}`,
          phone: `+91900000${String(i).padStart(4, '0')}`,
        },
      });
      expect(res.status).toBe(201);
      created.add(res.body.id);
    }
    const seen: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/members?q=Student&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await t.call('GET', query);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(pages).toBe(18);
    expect(seen).toHaveLength(120);
    expect(new Set(seen.map((m) => m.id))).toEqual(created);
    const keys = seen.map((m) => `${m.name}|${m.id}`);
    expect([...keys].sort()).toEqual(keys);
  });

  it('searches by phone and escapes LIKE wildcards', async () => {
    const res = await t.call('GET', '/members?q=%2B919000000042');
    expect(res.body.items).toHaveLength(1);
    expect((await t.call('GET', '/members?q=%25')).body.items).toHaveLength(0);
  });

  it('refuses a duplicate phone with 409 conflict, and bad fields with 400', async () => {
    const dup = await t.call('POST', '/members', { body: { name: 'Again', phone: '+919000000001' } });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'conflict', field: 'phone' });
    const bad = await t.call('POST', '/members', { body: { name: 'X', phone: '12' } });
    expect(bad.body).toMatchObject({ code: 'validation_failed', field: 'phone' });
    const email = await t.call('POST', '/members', {
      body: { name: 'X', phone: '+919111111111', email: 'nope' },
    });
    expect(email.body.field).toBe('email');
  });

  it('reads a member with their memberships; 404 for an unknown id', async () => {
    const created = await t.call('POST', '/members', {
      body: { name: 'Asha', phone: '+919222222222', email: 'asha@example.in' },
    });
    const sold = await t.call('POST', '/payments/cash', {
      body: { memberId: created.body.id, planId: t.f.ids.planIds.monthlyMorning, startsOn: TODAY },
    });
    expect(sold.status).toBe(201);
    const read = await t.call('GET', `/members/${created.body.id}`);
    expect(read.body).toMatchObject({ name: 'Asha', email: 'asha@example.in' });
    expect(read.body.memberships).toHaveLength(1);
    expect((await t.call('GET', '/members/01890000-0000-7000-8000-000000000000')).body.code).toBe(
      'not_found',
    );
  });

  it('is staff-only', async () => {
    expect((await t.call('GET', '/members', { token: t.kioskToken })).status).toBe(403);
    expect((await t.call('GET', '/members', { token: null })).status).toBe(401);
  });
});
