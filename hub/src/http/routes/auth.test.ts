import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogin } from '../../seed.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

describe('auth routes', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  const login = (body: unknown) => t.call('POST', '/auth/login', { body, token: null });

  it('logs in with a password, stores only the token hash, and the token works until logout', async () => {
    const res = await login({ username: demoLogin.username, password: demoLogin.password });
    expect(res.status).toBe(200);
    expect(res.body.staff).toEqual({ id: t.f.ids.staffId, name: 'Front desk', role: 'owner' });
    expect(res.body.expiresAt).toBe(t.f.clock.now() + 12 * 3_600_000);
    const token: string = res.body.token;
    expect(token).toMatch(/^[\w-]{43}$/);
    const stored = t.f.db.prepare('SELECT token_hash FROM sessions').pluck().all() as string[];
    expect(stored).not.toContain(token);

    const me = await t.call('GET', '/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ role: 'staff', actor: { kind: 'staff', id: t.f.ids.staffId } });

    expect((await t.call('POST', '/auth/logout', { token })).status).toBe(204);
    const after = await t.call('GET', '/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthorized');
  });

  it('logs in with the desk PIN', async () => {
    const res = await login({ username: demoLogin.username, pin: demoLogin.pin });
    expect(res.status).toBe(200);
    expect(res.body.staff.id).toBe(t.f.ids.staffId);
  });

  it('refuses wrong secrets and unknown users with 401, and bad shapes with 400', async () => {
    expect((await login({ username: demoLogin.username, password: 'nope' })).body.code).toBe('unauthorized');
    expect((await login({ username: 'ghost', password: 'x' })).status).toBe(401);
    const both = await login({ username: 'desk', password: 'x', pin: '1234' });
    expect(both.status).toBe(400);
    expect(both.body).toMatchObject({ code: 'validation_failed', field: 'password' });
  });

  it('rate-limits failed logins per username and address, and the window slides with the clock', async () => {
    const wrong = { username: 'desk2', password: 'wrong' };
    for (let i = 0; i < 5; i++) expect((await login(wrong)).status).toBe(401);
    const limited = await login(wrong);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    t.f.clock.advance(61_000);
    expect((await login(wrong)).status).toBe(401);
  });

  it('blocks even the right password while limited', async () => {
    t.f.clock.advance(61_000);
    for (let i = 0; i < 5; i++) await login({ username: demoLogin.username, pin: '0000' });
    const right = await login({ username: demoLogin.username, password: demoLogin.password });
    expect(right.status).toBe(429);
    t.f.clock.advance(61_000);
    expect((await login({ username: demoLogin.username, password: demoLogin.password })).status).toBe(200);
  });

  it('tells a kiosk who it is, and refuses it a logout', async () => {
    const me = await t.call('GET', '/auth/me', { token: t.kioskToken });
    expect(me.body).toMatchObject({ role: 'kiosk', name: 'Entrance kiosk', staffRole: null });
    expect((await t.call('POST', '/auth/logout', { token: t.kioskToken })).status).toBe(403);
    expect((await t.call('GET', '/auth/me', { token: 'garbage' })).status).toBe(401);
    expect((await t.call('GET', '/auth/me', { token: null })).status).toBe(401);
  });

  it('sessions expire after 12 hours', async () => {
    const res = await login({ username: demoLogin.username, password: demoLogin.password });
    t.f.clock.advance(12 * 3_600_000);
    expect((await t.call('GET', '/auth/me', { token: res.body.token })).status).toBe(401);
  });
});
