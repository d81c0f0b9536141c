import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('devices and alerts over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('lists drivers with their confirmed lock state', async () => {
    const res = await api.call('GET', '/devices');
    expect(res.status).toBe(200);
    expect(res.body.drivers).toEqual([
      { id: 'door-main', role: 'lock', status: 'running', lockState: 'locked' },
    ]);
    expect(res.body.mqtt).toEqual([]);
    expect((await api.call('GET', '/devices', { token: api.kioskToken })).status).toBe(403);
  });

  it('unlocks by hand only with a reason, and audits it', async () => {
    expect((await api.call('POST', '/devices/door-main/unlock', { body: {} })).status).toBe(400);
    expect((await api.call('POST', '/devices/no-such/unlock', { body: { reason: 'courier' } })).status).toBe(
      404,
    );
    const res = await api.call('POST', '/devices/door-main/unlock', { body: { reason: 'courier delivery' } });
    expect(res).toMatchObject({ status: 200, body: { state: 'unlocked' } });
    const row = api.f.db
      .prepare(`SELECT actor, detail FROM audit WHERE action = 'device.manual_unlock'`)
      .get();
    expect(row).toMatchObject({
      actor: `staff:${api.f.ids.staffId}`,
      detail: expect.stringContaining('courier delivery'),
    });
  });

  it('lists open alerts', async () => {
    expect(await api.call('GET', '/alerts')).toMatchObject({ status: 200, body: { items: [] } });
  });
});
