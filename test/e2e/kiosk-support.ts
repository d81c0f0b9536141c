/**
 * The stack the app tests drive, as `npm start` runs it but on loopback ports and a temp dir: the
 * demo library seeded into SQLite, a real hub (`runHub`: HTTP + socket.io + the built apps + the
 * aedes broker) on a manual clock set to a Monday morning, the firmware simulator's MQTT door
 * lock (its own credential) that acknowledges the hub's unlock commands, and a QR reader by the
 * door that publishes scans over MQTT as its own device. `stopHub()` and
 * `startHub()` take the hub down and bring it back on the same data directory and HTTP port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceTopic, makePass } from '@studyspot/core';
import { MqttLockDevice } from '@studyspot/firmware-sim';
import mqtt from 'mqtt';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { Authenticator } from '../../hub/src/auth/authenticator.ts';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import { ManualClock } from '../../hub/src/clock.ts';
import { HubConfig } from '../../hub/src/config.ts';
import type { RunningHub } from '../../hub/src/main.ts';
import { runHub } from '../../hub/src/main.ts';
import type { DemoIds } from '../../hub/src/seed.ts';
import { demoLogin, seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { at, TODAY } from '../../hub/test/fixture.ts';
import { freePort } from '../support/hub-process.ts';

export { at, TODAY };

export interface AppStack {
  hub: RunningHub;
  ids: DemoIds;
  clock: ManualClock;
  lock: MqttLockDevice;
  url: string;
  staffToken: string;
  /** Calls the hub API as staff; the body's JSON, whatever the status. */
  api(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** A confirmed, cash-paid booking for a new member; returns its id and the member's. */
  book(
    name: string,
    phone: string,
    seatIndex: number,
    start: string,
  ): Promise<{ bookingId: string; memberId: string }>;
  /** How many times the simulated door lock has reported itself unlocked (its MQTT state). */
  doorOpenings(): number;
  /** A QR reader by the door (an MQTT device with its own credential) reads `code`. */
  readerScan(code: string): Promise<void>;
  /** The sensor under seat A20 (an MQTT device) reports the seat occupied or free. */
  seatA20(occupied: boolean): Promise<void>;
  /** The booking's rotating pass as the member's phone would show it now (hub clock). */
  passOf(bookingId: string, memberId: string): string;
  /** Stops the hub (as a power cut would); `startHub` brings it back on the same data and port. */
  stopHub(): Promise<void>;
  startHub(): Promise<void>;
  stop(): Promise<void>;
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function startAppStack(name: string): Promise<AppStack> {
  await ensureAppsBuilt(['kiosk', 'portal']);
  const dir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
  const db = openDb(join(dir, 'hub.db'));
  const ids = (await seedDemo(db)) as DemoIds;
  const door = await createDeviceCredential(db, {
    id: 'lock-1',
    libraryId: ids.libraryId,
    kind: 'lock',
    name: 'Main door',
  });
  const reader = await createDeviceCredential(db, {
    id: 'reader-1',
    libraryId: ids.libraryId,
    kind: 'qr_reader',
    name: 'Door reader',
  });
  const seatSensor = await createDeviceCredential(db, {
    id: 'seat-20',
    libraryId: ids.libraryId,
    kind: 'seat_sensor',
    name: 'Sensor under A20',
  });
  db.close();
  const secrets: Record<string, string> = { 'reader-1': reader.secret, 'seat-20': seatSensor.secret };
  const clock = new ManualClock(at('09:45'));
  const config = HubConfig.parse({
    dataDir: dir,
    http: { host: '127.0.0.1', port: await freePort() },
    mqtt: { host: '127.0.0.1', port: await freePort() },
    drivers: {
      devices: [
        { kind: 'mqtt-lock', id: 'door-main', deviceId: 'lock-1', ackTimeoutMs: 2_000 },
        { kind: 'mqtt-reader', id: 'reader-door', deviceId: 'reader-1' },
        { kind: 'mqtt-sensor', id: 'sensor-A20', deviceId: 'seat-20' },
      ],
    },
    entry: { doorLockId: 'door-main', unlockMs: 800 },
  });
  const start = async () => {
    const hub = await runHub(config, { clock, logger: pino({ level: 'silent' }) });
    return hub;
  };
  let hub = await start();
  const lock = new MqttLockDevice(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    libraryId: ids.libraryId,
    deviceId: 'lock-1',
    secret: door.secret,
  });
  await lock.start();
  await waitFor(() => hub.hardware.get('door-main')?.state === 'locked', 'the door lock');
  const staffToken = new Authenticator(hub.core.db, clock).sessions.open(
    { id: ids.staffId, name: 'Front desk', role: 'owner' },
    clock.now(),
  ).token;

  // Watch the door's own state reports, as staff may (read-only): each `unlocked` is an opening.
  let openings = 0;
  const watchDoor = async () => {
    const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
      username: 'staff',
      password: staffToken,
      clientId: `e2e-door-watch-${Date.now()}`,
      reconnectPeriod: 0,
    });
    watcher.on('message', (_topic, payload) => {
      if ((JSON.parse(payload.toString()) as { state?: string }).state === 'unlocked') openings++;
    });
    await watcher.subscribeAsync(deviceTopic(ids.libraryId, 'lock-1', 'state'));
    return watcher;
  };
  let watcher = await watchDoor();

  /**
   * Publishes telemetry as one of the simulated devices, with its own credential. The device stays
   * connected afterwards, as a real one would: a device that drops off is unavailable, and what an
   * unavailable sensor said last counts for nothing.
   */
  const devices = new Map<string, mqtt.MqttClient>();
  const publishAs = async (deviceId: string, telemetry: Record<string, unknown>) => {
    let client = devices.get(deviceId);
    if (!client) {
      client = await mqtt.connectAsync(`mqtt://127.0.0.1:${hub.mqttPort}`, {
        username: deviceId,
        password: secrets[deviceId],
        clientId: deviceId,
        reconnectPeriod: 0,
      });
      devices.set(deviceId, client);
    }
    await client.publishAsync(deviceTopic(ids.libraryId, deviceId, 'telemetry'), JSON.stringify(telemetry));
  };
  const disconnectDevices = async () => {
    await Promise.all([...devices.values()].map((c) => c.endAsync(true)));
    devices.clear();
  };

  const stack: AppStack = {
    get hub() {
      return hub;
    },
    ids,
    clock,
    lock,
    get url() {
      return hub.url;
    },
    staffToken,
    async api(method, path, body) {
      const res = await fetch(`${hub.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async book(memberName, phone, seatIndex, startTime) {
      const member = await stack.api('POST', '/members', { name: memberName, phone });
      const memberId = member.body.id as string;
      const booked = await stack.api('POST', '/bookings', {
        seatId: ids.seatIds[seatIndex],
        memberId,
        slot: { kind: 'hours', date: TODAY, start: startTime, hours: 2 },
        payment: { method: 'cash' },
      });
      if (booked.status !== 201) throw new Error(`booking failed: ${JSON.stringify(booked.body)}`);
      return { bookingId: booked.body.id as string, memberId };
    },
    readerScan: (code) => publishAs('reader-1', { kind: 'qr_reader', code, at: clock.now() }),
    // The sensor's coin cell is nearly flat: the devices page flags it.
    seatA20: (occupied) =>
      publishAs('seat-20', { kind: 'seat_sensor', occupied, batteryPct: 12, at: clock.now() }),
    passOf(bookingId, memberId) {
      const secret = hub.core.bookings.passSecret(bookingId);
      if (!secret) throw new Error('no pass secret');
      return makePass({ libraryId: ids.libraryId, memberId, bookingId, secret }, clock.now());
    },
    doorOpenings: () => openings,
    async stopHub() {
      await disconnectDevices();
      await watcher.endAsync(true);
      await hub.stop();
    },
    async startHub() {
      hub = await start();
      await waitFor(() => hub.hardware.get('door-main')?.state === 'locked', 'the door lock after restart');
      watcher = await watchDoor();
    },
    async stop() {
      await disconnectDevices();
      await watcher.endAsync(true);
      await lock.stop();
      await hub.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** Registers the tablet through the pairing screen, as staff would on the day it is installed. */
export async function pairKiosk(page: Page): Promise<void> {
  await page.getByLabel('Staff username').fill(demoLogin.username);
  await page.getByLabel('Password or PIN').fill(demoLogin.pin);
  await page.getByRole('button', { name: 'Register this tablet' }).click();
  await page.getByRole('heading', { name: 'Show your StudySpot pass to the camera' }).waitFor();
}
