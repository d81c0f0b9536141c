/**
 * Device credentials: each device authenticates with username = its id and password = a random
 * secret shown once at creation. Only an scrypt hash with a per-device salt is stored
 * (`scrypt$N$r$p$salt$hash`), compared in constant time. Revoking a device refuses its next CONNECT.
 */
import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { DeviceId, type DeviceKind } from '@studyspot/core';
import type { Db } from '../store/db.ts';
import { STAFF_USERNAME } from './types.ts';

const N = 16_384;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** False for a wrong secret and for a hash it cannot read; never throws on bad input. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  try {
    const key = await derive(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
    return key.length === expected.length && timingSafeEqual(key, expected);
  } catch {
    return false;
  }
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
