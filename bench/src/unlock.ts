/**
 * bench/unlock: scan-to-acknowledged-unlock latency. The bench process is the hub side — a seeded
 * hub core on a real SQLite file, the real `Broker` on 127.0.0.1, an `MqttLock` door driver over it
 * and an `EntryDesk` — while a child process (device-swarm.ts) runs 50 firmware-sim devices, one of
 * them the door lock, sending ~100 messages/s of background telemetry. Then it scans one fresh,
 * valid pass per booking, sequentially, and times `EntryDesk.scan()` until the lock's ack.
 *
 * Booking time is a manual clock (a Monday from 06:00, check-in open for the whole day), so the
 * bookings are valid whenever the bench runs; lock commands use the real clock, as in the hub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeviceKind, localToInstant, makePass } from '@studyspot/core';
import { Broker } from '../../hub/src/broker/broker.ts';
import { BrokerConfig } from '../../hub/src/broker/config.ts';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import { ManualClock } from '../../hub/src/clock.ts';
import { MqttLock } from '../../hub/src/drivers/mqtt/mqtt-lock.ts';
import { EntryDesk } from '../../hub/src/entry/entry-desk.ts';
import { buildHubCore, type HubCore } from '../../hub/src/hub.ts';
import { seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { system } from '../../hub/src/store/ledger.ts';
import { startDeviceSwarm, swarmDeviceIds } from './device-swarm.ts';
import type { Row } from './stats.ts';
import { round, summarize } from './stats.ts';

const SCANS = 500;
const WARMUP = 20;
const SEAT_SENSORS = 30;
const ENV_SENSORS = 19;
const BACKGROUND_PER_S = 100;
const GOAL_P99_MS = 20;
const DAY = '2026-11-30'; // a Monday; the demo library opens 06:00-22:00
const atLocal = (hour: number) => localToInstant(DAY, hour * 60, 'Asia/Kolkata');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const kiosk = { kind: 'kiosk' as const, id: 'bench-entrance' };

export async function unlock(): Promise<Record<string, Row[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-unlock-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const { core, libraryId } = await seededCore(dir, cleanups);
    const bookingIds = bookAll(core, libraryId, SCANS + WARMUP);
    const plan = { locks: 1, seatSensors: SEAT_SENSORS, envSensors: ENV_SENSORS };
    const ids = swarmDeviceIds(plan);
    const secrets: Record<string, string> = {};
    await Promise.all(
      Object.entries(ids).flatMap(([kind, list]) =>
        list.map(async (id) => {
          const made = await createDeviceCredential(core.db, {
            id,
            libraryId,
            kind: kind as DeviceKind,
            name: id,
          });
          secrets[id] = made.secret;
        }),
      ),
    );
    const broker = new Broker({
      db: core.db,
      libraryId,
      config: BrokerConfig.parse({ host: '127.0.0.1', port: 0, maxConnectionsPerAddress: 500 }),
      verifyStaffToken: () => false,
      logger: silent,
    });
    const lifetime = new AbortController();
    await broker.start(lifetime.signal);
    cleanups.push(() => broker.stop());
    const door = new MqttLock({ id: 'door-main', deviceId: 'lock-1', bus: broker, ackTimeoutMs: 3_000 });
    await door.start(lifetime.signal);
    cleanups.push(() => door.stop());
    const desk = new EntryDesk({
      ...core,
      locks: new Map([['door-main', door]]),
      doorLockId: 'door-main',
      unlockMs: 3_000,
    });

    const sensors = SEAT_SENSORS + ENV_SENSORS;
    const swarm = await startDeviceSwarm({
      mqttUrl: `mqtt://127.0.0.1:${broker.ports.tcp}`,
      libraryId,
      secrets,
      ...plan,
      sensorIntervalMs: Math.round((2 * sensors * 1000) / BACKGROUND_PER_S),
    });
    cleanups.push(() => swarm.stop());
    const all = Object.values(ids).flat();
    await until(() => all.every((id) => broker.isOnline(id)) && door.state === 'locked', 20_000, 'devices');

    let background = 0;
    const count = () => {
      background++;
    };
    broker.on('device:telemetry', count);
    broker.on('device:state', count);
    const phaseStart = performance.now();
    const run = await scanAll(core, desk, bookingIds);
    const phaseSeconds = (performance.now() - phaseStart) / 1000;
    broker.off('device:telemetry', count);
    broker.off('device:state', count);
    const lockOnly = summarize(await directUnlocks(door));

    const s = summarize(run.samples);
    return {
      'scan to acknowledged unlock': [
        {
          scans: s.count,
          'p50 ms': round(s.p50, 2),
          'p99 ms': round(s.p99, 2),
          'max ms': round(s.max, 2),
          'goal p99': `< ${GOAL_P99_MS} ms`,
          'goal met': s.p99 < GOAL_P99_MS ? 'yes' : 'no',
          'door not unlocked': run.notUnlocked,
          denied: run.denied,
        },
      ],
      'where the time goes': [
        {
          part: `door.unlock() alone, MQTT command to ack (${lockOnly.count}×)`,
          'p50 ms': round(lockOnly.p50, 2),
          'p99 ms': round(lockOnly.p99, 2),
          'max ms': round(lockOnly.max, 2),
        },
      ],
      load: [
        {
          'devices connected': all.length,
          'background msgs/s (measured)': Math.round(background / phaseSeconds),
          'device swarm': 'child process',
          broker: 'in bench process',
        },
      ],
    };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((err: unknown) => console.error('unlock bench cleanup failed:', err));
    }
  }
}

async function seededCore(dir: string, cleanups: (() => void)[]) {
  const db = openDb(join(dir, 'hub.db'));
  cleanups.push(() => db.close());
  const ids = await seedDemo(db, { policy: { checkInEarlyMinutes: 16 * 60, maxBookingsPerDay: 24 } });
  if (!ids) throw new Error('seed failed');
  const core = buildHubCore(db, new ManualClock(atLocal(5)));
  core.catalog.reload();
  return { core, libraryId: ids.libraryId };
}

/** One confirmed, cash-paid booking per scan: seats without a locker, one-hour slots from 06:00. */
function bookAll(core: HubCore, libraryId: string, n: number): string[] {
  const seats = core.catalog.data.seats.filter((seat) => !seat.lockId).map((seat) => seat.id);
  const now = core.clock.now();
  return core.db.transaction(() =>
    Array.from({ length: n }, (_, k) => {
      const phone = `+9180${String(k).padStart(8, '0')}`;
      const member = core.members.create(libraryId, { name: `Scanner ${k}`, phone, email: null }, now);
      const hour = 6 + Math.floor(k / seats.length);
      const slot = {
        kind: 'hours' as const,
        date: DAY,
        start: `${String(hour).padStart(2, '0')}:00`,
        hours: 1,
      };
      const seatId = seats[k % seats.length] as string;
      const input = { seatId, memberId: member.id, slot, source: 'staff' as const };
      return core.allocator.book(input, { method: 'cash' }, system, now).id;
    }),
  )();
}

/** Sequential scans; the first WARMUP are not measured. Bounded by count and by 120 s. */
async function scanAll(core: HubCore, desk: EntryDesk, bookingIds: string[]) {
  const samples: number[] = [];
  let notUnlocked = 0;
  let denied = 0;
  const start = performance.now();
  const virtualStart = atLocal(6);
  for (const [k, bookingId] of bookingIds.entries()) {
    if (performance.now() - start > 120_000) throw new Error(`unlock bench: only ${k} scans in 120 s`);
    const now = virtualStart + Math.round(performance.now() - start);
    const booking = core.bookings.byId(bookingId);
    const secret = core.bookings.passSecret(bookingId);
    if (!booking || !secret) throw new Error(`booking ${bookingId} vanished`);
    const code = makePass(
      { libraryId: booking.libraryId, memberId: booking.memberId, bookingId, secret },
      now,
    );
    const t0 = performance.now();
    const result = await desk.scan(code, kiosk, now);
    const ms = performance.now() - t0;
    if (k < WARMUP) continue;
    samples.push(ms);
    if (result.ok && result.door === 'unlocked') continue;
    if (notUnlocked++ < 3) console.error(`scan ${k}: ${result.ok ? `door ${result.door}` : result.reason}`);
    if (!result.ok) denied++;
  }
  return { samples, notUnlocked, denied };
}

/** The lock's round trip without the desk (no pass check, no SQLite), to locate the scan's cost. */
async function directUnlocks(door: MqttLock): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) {
    const t0 = performance.now();
    await door.unlock(3_000);
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
