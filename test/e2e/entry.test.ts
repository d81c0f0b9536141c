/**
 * End to end at the entrance: a real hub (SQLite, aedes broker on TCP, HTTP) with an MQTT door lock
 * driver, and the firmware simulator's lock connected over MQTT with its own credential. A rotating
 * pass scanned at the kiosk opens the door and the simulated lock acknowledges; a pass from two
 * minutes ago and a replayed unlock command do nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, MINUTE, makePass } from '@studyspot/core';
import { MqttLockDevice } from '@studyspot/firmware-sim';
import mqtt from 'mqtt';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../hub/src/auth/authenticator.ts';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import { ManualClock } from '../../hub/src/clock.ts';
import { HubConfig } from '../../hub/src/config.ts';
import type { RunningHub } from '../../hub/src/main.ts';
import { runHub } from '../../hub/src/main.ts';
import type { DemoIds } from '../../hub/src/seed.ts';
import { seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { at, TODAY } from '../../hub/test/fixture.ts';

describe('entrance, end to end over MQTT', () => {
  let dir: string;
  let hub: RunningHub;
  let ids: DemoIds;
  let lock: MqttLockDevice;
  let staffToken: string;
  let kioskToken: string;
  const clock = new ManualClock(at('09:45'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-entry-'));
    const db = openDb(join(dir, 'hub.db'));
    ids = (await seedDemo(db)) as DemoIds;
    const door = await createDeviceCredential(db, {
      id: 'lock-1',
      libraryId: ids.libraryId,
      kind: 'lock',
      name: 'Main door',
    });
    db.close();
    const config = HubConfig.parse({
      dataDir: dir,
      http: { host: '127.0.0.1', port: 0 },
      mqtt: { host: '127.0.0.1', port: 0 },
      drivers: { devices: [{ kind: 'mqtt-lock', id: 'door-main', deviceId: 'lock-1', ackTimeoutMs: 2_000 }] },
      entry: { doorLockId: 'door-main', unlockMs: 800 },
    });
    hub = await runHub(config, { clock, logger: pino({ level: 'silent' }) });
    lock = new MqttLockDevice(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      libraryId: ids.libraryId,
      deviceId: 'lock-1',
      secret: door.secret,
    });
    await lock.start();
    const auth = new Authenticator(hub.core.db, clock);
    staffToken = auth.sessions.open(
      { id: ids.staffId, name: 'Front desk', role: 'owner' },
      clock.now(),
    ).token;
    kioskToken = auth.kiosks.create(ids.libraryId, 'Entrance', clock.now()).token;
    // The door driver sees the lock come online before the first scan.
    for (let i = 0; i < 50 && hub.hardware.get('door-main')?.state !== 'locked'; i++)
      await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => {
    await lock?.stop();
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (path: string, body: unknown, token: string) => {
    const res = await fetch(`${hub.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('opens the door for the current pass, and not for a two-minute-old one or a replayed command', async () => {
    expect(hub.hardware.get('door-main')?.state).toBe('locked');
    const memberId = await newMember();
    const booked = await post(
      '/bookings',
      {
        seatId: ids.seatIds[3],
        memberId,
        slot: { kind: 'hours', date: TODAY, start: '10:00', hours: 2 },
        payment: { method: 'cash' },
      },
      staffToken,
    );
    expect(booked.status).toBe(201);
    const bookingId = booked.body.id as string;
    const secret = hub.core.bookings.passSecret(bookingId) as string;
    const passAt = (t: number) => makePass({ libraryId: ids.libraryId, memberId, bookingId, secret }, t);

    // A screenshot from two minutes ago: denied, the lock never moves.
    const old = await post('/entry/scan', { code: passAt(clock.now() - 2 * MINUTE) }, kioskToken);
    expect(old.body).toMatchObject({ ok: false, reason: 'expired' });
    expect(lock.latch).toBe('locked');

    // Capture the unlock command as it crosses the broker (staff may watch, read-only).
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      username: 'staff',
      password: staffToken,
      clientId: 'e2e-watch',
      reconnectPeriod: 0,
    });
    const commands: Command[] = [];
    await watcher.subscribeAsync(`studyspot/${ids.libraryId}/devices/lock-1/command`);
    watcher.on('message', (_t, payload) => commands.push(JSON.parse(payload.toString())));

    const scan = await post('/entry/scan', { code: passAt(clock.now()) }, kioskToken);
    // 'unlocked' is the lock's acknowledgement; a timed-out command answers 'unknown'
    expect(scan.body).toMatchObject({ ok: true, door: 'unlocked', seatNumber: 'A04' });
    expect(lock.latch).toBe('unlocked');
    expect(hub.core.bookings.byId(bookingId)?.state).toBe('checked_in');

    // The lock relocks by itself; then the captured command is delivered again: it is refused.
    for (let i = 0; i < 60 && lock.latch !== 'locked'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(lock.latch).toBe('locked');
    for (let i = 0; i < 40 && commands.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const [captured] = commands;
    if (!captured || !hub.broker) throw new Error('no unlock command was seen on the broker');
    const ack = await hub.broker.request('lock-1', captured, 2_000);
    expect(ack).toMatchObject({ ok: false, error: 'replayed', state: 'locked' });
    expect(lock.latch).toBe('locked');
    await watcher.endAsync();
  });

  async function newMember(): Promise<string> {
    const res = await post('/members', { name: 'Meera', phone: '+919811122233' }, staffToken);
    return res.body.id as string;
  }
});
