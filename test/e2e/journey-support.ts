/**
 * What the whole-journey test adds to the student app's stack (a cloud with a hub paired to it,
 * mobile-support): the hub's door, played by the firmware simulator's MQTT lock with its own
 * broker credential, as kiosk-support and the demo devices bind it (`door-main` → `lock-1`); and
 * the hub's first desk login, written as `studyspot-hub staff add` writes it (staff accounts are
 * not replicated from the cloud), with the demo's username, password and PIN so the kiosk's
 * pairing screen and the desk sign-in work as they do on the demo hub.
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { MqttLockDevice } from '@studyspot/firmware-sim';
import type { Page } from 'playwright-core';
import { Authenticator } from '../../hub/src/auth/authenticator.ts';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import type { RunningHub } from '../../hub/src/main.ts';
import { demoLogin } from '../../hub/src/seed.ts';
import { until } from '../support/browser.ts';
import type { MobileStackOptions } from './mobile-support.ts';

const DOOR = { driver: 'door-main', device: 'lock-1' } as const;
const allDay = { open: '00:00', close: '24:00' };

/**
 * The paired hub drives a door lock, and the paired library is open round the clock: the test
 * books today on the real clock and checks in at once, whatever hour it runs.
 */
export const journeyOptions: MobileStackOptions = {
  hub: {
    drivers: {
      devices: [{ kind: 'mqtt-lock', id: DOOR.driver, deviceId: DOOR.device, ackTimeoutMs: 3_000 }],
    },
    entry: { doorLockId: DOOR.driver, unlockMs: 1_500 },
  },
  pairedHours: {
    mon: allDay,
    tue: allDay,
    wed: allDay,
    thu: allDay,
    fri: allDay,
    sat: allDay,
    sun: allDay,
  },
};

export interface Door {
  /** How many times the simulated lock's latch has been seen open since `start`. */
  openings(): number;
  /** Whether the latch is open now (an unlock while open only extends it: no new opening). */
  isOpen(): boolean;
  stop(): Promise<void>;
}

/** Provisions the door lock's credential on the hub, connects the simulated lock and watches its latch. */
export async function startDoor(hub: RunningHub, libraryId: string): Promise<Door> {
  const { secret } = await createDeviceCredential(hub.core.db, {
    id: DOOR.device,
    libraryId,
    kind: 'lock',
    name: 'Main door',
  });
  const lock = new MqttLockDevice(`mqtt://127.0.0.1:${hub.mqttPort}`, {
    libraryId,
    deviceId: DOOR.device,
    secret,
  });
  await lock.start();
  await until(() => hub.hardware.get(DOOR.driver)?.state === 'locked', 10_000, 'the door lock');
  // the latch stays open for the entry's unlockMs (1.5 s); sampling every 20 ms sees each opening
  let openings = 0;
  let open = false;
  const timer = setInterval(() => {
    const now = lock.latch === 'unlocked';
    if (now && !open) openings++;
    open = now;
  }, 20);
  return {
    openings: () => openings,
    isOpen: () => lock.latch === 'unlocked',
    async stop() {
      clearInterval(timer);
      await lock.stop();
    },
  };
}

export type DeskCall = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * The hub's first desk login (an owner), with the demo's credentials; returns a caller of the hub
 * API with a session of that account, as the desk's own screens hold one.
 */
export async function addDeskLogin(hub: RunningHub, libraryId: string): Promise<DeskCall> {
  const [passwordHash, pinHash] = await Promise.all([hash(demoLogin.password), hash(demoLogin.pin)]);
  const id = randomUUID();
  hub.core.db
    .prepare(
      'INSERT INTO staff (id, library_id, username, name, role, password_hash, pin_hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(id, libraryId, demoLogin.username, 'Front desk', 'owner', passwordHash, pinHash);
  const clock = hub.core.clock;
  const { token } = new Authenticator(hub.core.db, clock).sessions.open(
    { id, name: 'Front desk', role: 'owner' },
    clock.now(),
  );
  return async (method, path, body) => {
    const res = await fetch(`${hub.url}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
}

/** Signs in on the hub's staff dashboard and waits for the seat map. */
export async function signInAtDesk(page: Page): Promise<void> {
  await page.getByLabel('Username').fill(demoLogin.username);
  await page.getByLabel('Password').fill(demoLogin.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Seats' }).waitFor();
}
