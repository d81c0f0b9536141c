/**
 * Device credentials: each device authenticates with username = its id and password = a random
 * 256-bit secret shown once at creation. Only a salted HMAC-SHA256 of it is stored
 * (`hmac-sha256$salt$hash`), compared in constant time. Revoking a device refuses its next CONNECT.
 *
 * Why not scrypt: the secret is random, not chosen by a person, so guessing it is infeasible at any
 * hash speed. A memory-hard KDF would only cost every (re)connect ~16 MiB and tens of milliseconds —
 * a power cut that brings 200 devices back at once paid seconds of CPU and ~100 MB of allocator
 * arenas for nothing (bench/unlock measured it).
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DeviceId, type DeviceKind } from '@studyspot/core';
import type { Db } from '../store/db.ts';
import { STAFF_USERNAME } from './types.ts';

const ALG = 'hmac-sha256';

const mac = (secret: string, salt: Buffer): Buffer => createHmac('sha256', salt).update(secret).digest();

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return [ALG, salt.toString('base64url'), mac(secret, salt).toString('base64url')].join('$');
}

/** False for a wrong secret and for a hash it cannot read; never throws on bad input. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [alg, salt, hash, extra] = stored.split('$');
  if (alg !== ALG || !salt || !hash || extra !== undefined) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = mac(secret, Buffer.from(salt, 'base64url'));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export interface DeviceRow {
  id: string;
  library_id: string;
  kind: DeviceKind;
  name: string;
  secret_hash: string;
  online: number;
  revoked_at: number | null;
}

export function findDevice(db: Db, id: string): DeviceRow | undefined {
  return db.prepare('SELECT * FROM devices WHERE id = ?').get(id) as DeviceRow | undefined;
}

export interface NewDevice {
  id?: string;
  libraryId: string;
  kind: DeviceKind;
  name: string;
}

/** Registers a device and returns its secret, which is not stored and cannot be shown again. */
export async function createDeviceCredential(
  db: Db,
  device: NewDevice,
  now: number = Date.now(),
): Promise<{ deviceId: string; secret: string }> {
  const deviceId = device.id ?? randomUUID();
  if (!DeviceId.safeParse(deviceId).success || deviceId === STAFF_USERNAME) {
    throw new RangeError(`invalid device id ${JSON.stringify(deviceId)}`);
  }
  const secret = randomBytes(32).toString('base64url');
  const secretHash = await hashSecret(secret);
  db.prepare(
    `INSERT INTO devices (id, library_id, kind, name, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(deviceId, device.libraryId, device.kind, device.name, secretHash, now);
  return { deviceId, secret };
}

/** Marks a device revoked; returns false when there was no such live device. */
export function revokeDevice(db: Db, deviceId: string, now: number = Date.now()): boolean {
  const result = db
    .prepare('UPDATE devices SET revoked_at = ?, online = 0 WHERE id = ? AND revoked_at IS NULL')
    .run(now, deviceId);
  return result.changes === 1;
}
