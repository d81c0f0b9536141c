/**
 * `studyspot-hub devices test <lock>`: pulses one lock through the running hub and waits for the
 * device's confirmation — the same path a granted scan takes (the lock driver, or for an MQTT lock
 * no driver is bound to yet, a `pulse` command over the broker with its ack). The outcome is the
 * confirmed state, never a guess: `unlocked` is a pass, `jammed` answered but did not move, and
 * no answer in time is `unknown`. Every test is audited like a manual unlock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Command, DomainError, type LockState } from '@studyspot/core';
import type { Broker } from '../broker/broker.ts';
import { findDevice } from '../broker/credentials.ts';
import type { DriverConfig } from '../drivers/config.ts';
import type { LockDriver } from '../drivers/types.ts';
import { type Db, decide, durable } from '../store/db.ts';
import { audit, system } from '../store/ledger.ts';

export interface LockTestResult {
  lock: string;
  via: 'driver' | 'mqtt';
  state: LockState;
  /** The device answered (any state but unknown/unavailable). */
  acknowledged: boolean;
  /** It answered that it opened. */
  ok: boolean;
  ms: number;
}

export interface LockTestDeps {
  db: Db;
  drivers: readonly DriverConfig[];
  locks: { get(id: string): LockDriver | undefined };
  broker: Broker | null;
  now: () => number;
}

const ACK_TIMEOUT_MS = 5_000;

/** The driver id a name refers to: a lock driver's id, or the MQTT device an mqtt-lock is bound to. */
function lockDriverId(deps: LockTestDeps, name: string): string | null {
  if (deps.locks.get(name)) return name;
  const bound = deps.drivers.find((d) => d.kind === 'mqtt-lock' && d.deviceId === name);
  return bound && deps.locks.get(bound.id) ? bound.id : null;
}

async function pulseUnbound(deps: LockTestDeps, deviceId: string, durationMs: number): Promise<LockState> {
  if (!deps.broker) throw new DomainError('conflict', 'the MQTT broker is not running on this hub');
  const issuedAt = deps.now();
  const command = Command.parse({
    id: randomUUID(),
    nonce: randomBytes(12).toString('base64url'),
    issuedAt,
    expiresAt: issuedAt + ACK_TIMEOUT_MS,
    action: 'pulse',
    durationMs,
  });
  const ack = await deps.broker.request(deviceId, command, ACK_TIMEOUT_MS);
  return ack ? ack.state : 'unknown';
}

export async function testLock(
  deps: LockTestDeps,
  name: string,
  durationMs: number,
): Promise<LockTestResult> {
  const started = performance.now();
  const driverId = lockDriverId(deps, name);
  let state: LockState;
  let via: LockTestResult['via'];
  if (driverId) {
    via = 'driver';
    const lock = deps.locks.get(driverId) as LockDriver;
    state = await lock.unlock(durationMs).catch(() => lock.state);
  } else {
    const device = findDevice(deps.db, name);
    if (!device || device.revoked_at !== null || device.kind !== 'lock') {
      const known = deps.drivers.filter((d) => d.kind.endsWith('lock')).map((d) => d.id);
      throw new DomainError(
        'not_found',
        `no lock ${name}; locks on this hub: ${known.join(', ') || 'none'}`,
        {
          field: 'lock',
        },
      );
    }
    via = 'mqtt';
    state = await pulseUnbound(deps, name, durationMs);
  }
  const ms = Math.round(performance.now() - started);
  const result: LockTestResult = {
    lock: driverId ?? name,
    via,
    state,
    acknowledged: state !== 'unknown' && state !== 'unavailable',
    ok: state === 'unlocked',
    ms,
  };
  const now = deps.now();
  decide(deps.db, () =>
    audit(deps.db, system, 'device.test_unlock', result.lock, { state, via: 'cli' }, now),
  );
  await durable(deps.db);
  return result;
}
