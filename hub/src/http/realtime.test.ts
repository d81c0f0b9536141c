import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../test/fixture.ts';
import type { TestApi } from './testing.ts';
import { startTestApi } from './testing.ts';

const within = <T>(ms: number, what: string, wait: (resolve: (value: T) => void) => void): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    wait((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });

describe('realtime (socket.io on the API server)', () => {
  let t: TestApi;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });
  afterAll(() => t.close());

  const connect = (token: string | undefined) => {
    const socket = io(t.url, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    return socket;
  };

  it('pushes seat:changed to an authenticated kiosk within a second of POST /holds', async () => {
    const socket = connect(t.kioskToken);
    await within(1000, 'connect', (done) => socket.on('connect', () => done(undefined)));
    const changed = within<{ seatId: string; state: string; bookingId: string }>(
      1000,
      'seat:changed',
      (done) => socket.on('seat:changed', done),
    );
    const seatId = t.f.ids.seatIds[7];
    const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.morning };
    const held = await t.call('POST', '/holds', { body: { seatId, memberId: t.f.newMember(), slot } });
    expect(held.status).toBe(201);
    expect(await changed).toEqual({
      seatId,
      state: 'held',
      bookingId: held.body.id,
      startsAt: held.body.startsAt,
      endsAt: held.body.endsAt,
    });
  });

  it('forwards waitlist:changed to staff sockets', async () => {
    const socket = connect(t.staffToken);
    await within(1000, 'connect', (done) => socket.on('connect', () => done(undefined)));
    const changed = within<{ id: string; state: string }>(1000, 'waitlist:changed', (done) =>
      socket.on('waitlist:changed', done),
    );
    const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.evening };
    const joined = await t.call('POST', '/waitlist', {
      body: { memberId: t.f.newMember(), zoneId: null, slot },
    });
    expect(await changed).toMatchObject({ id: joined.body.id, state: 'offered' });
  });

  it('refuses sockets without a valid token', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const socket = connect(token);
      const error = await within<Error>(1000, 'connect_error', (done) => socket.on('connect_error', done));
      expect(error.message).toBe('unauthorized');
    }
  });

  it('pushes device changes and alerts to staff as they happen', async () => {
    const socket = connect(t.staffToken);
    await within(1000, 'connect', (done) => socket.on('connect', () => done(undefined)));
    const device = within<{ id: string; state: string }>(1000, 'device:changed', (done) =>
      socket.on('device:changed', done),
    );
    const unlocked = await t.call('POST', '/devices/door-main/unlock', { body: { reason: 'fire drill' } });
    expect(unlocked.status).toBe(200);
    expect(await device).toMatchObject({ id: 'door-main', role: 'lock', state: 'unlocked' });

    const alert = within<{ kind: string }>(1000, 'alert:raised', (done) => socket.on('alert:raised', done));
    t.f.bus.emit('alert:raised', {
      id: 'a1',
      kind: 'environment',
      severity: 'warning',
      subject: 'env-1',
      message: 'CO2 1450 ppm',
      at: t.f.clock.now(),
      detail: {},
    });
    expect(await alert).toMatchObject({ kind: 'environment', message: 'CO2 1450 ppm' });
  });
});
