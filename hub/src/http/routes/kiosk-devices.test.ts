import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('kiosk device routes', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('registers a kiosk, shows its token once, lists it, and revoking it locks it out', async () => {
    const created = await t.call('POST', '/kiosk-devices', { body: { name: 'Reading room kiosk' } });
    expect(created.status).toBe(201);
    const { id, token } = created.body;
    expect(token).toMatch(/^[\w-]{43}$/);
    const hashes = t.f.db.prepare('SELECT token_hash FROM kiosk_devices').pluck().all();
    expect(hashes).not.toContain(token);

    const list = await t.call('GET', '/kiosk-devices');
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(id);
    expect(JSON.stringify(list.body)).not.toContain(token);

    expect((await t.call('GET', '/library', { token })).status).toBe(200);
    const revoked = await t.call('DELETE', `/kiosk-devices/${id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(t.f.clock.now());
    expect((await t.call('GET', '/library', { token })).status).toBe(401);
    expect((await t.call('DELETE', `/kiosk-devices/${id}`)).body.code).toBe('not_found');
  });

  it('is staff-only', async () => {
    const res = await t.call('POST', '/kiosk-devices', { body: { name: 'x' }, token: t.kioskToken });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect((await t.call('GET', '/kiosk-devices', { token: null })).status).toBe(401);
  });

  it('validates the name and the id', async () => {
    expect((await t.call('POST', '/kiosk-devices', { body: { name: '   ' } })).body.field).toBe('name');
    expect((await t.call('DELETE', '/kiosk-devices/not-a-uuid')).status).toBe(400);
  });
});
