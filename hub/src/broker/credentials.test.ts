import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDb } from '../store/db.ts';
import { createDeviceCredential, findDevice, hashSecret, revokeDevice, verifySecret } from './credentials.ts';
import { LIB, seedLibrary } from './test-harness.ts';

describe('device credentials', () => {
  let dir: string;
  let db: Db;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'studyspot-cred-'));
    db = openDb(join(dir, 'hub.db'));
    seedLibrary(db, LIB);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores only a salted HMAC of the secret shown once', async () => {
    const { deviceId, secret } = await createDeviceCredential(db, {
      libraryId: LIB,
      kind: 'lock',
      name: 'Front door',
    });
    const row = findDevice(db, deviceId);
    expect(row?.secret_hash).toMatch(/^hmac-sha256\$[\w-]+\$[\w-]+$/);
    expect(row?.secret_hash).not.toContain(secret);
    expect(await verifySecret(secret, row?.secret_hash ?? '')).toBe(true);
    expect(await verifySecret(`${secret}x`, row?.secret_hash ?? '')).toBe(false);
  });

  it('salts per device: the same secret hashes differently', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it('treats an unreadable hash as a mismatch', async () => {
    expect(await verifySecret('x', 'bcrypt$whatever')).toBe(false);
    expect(await verifySecret('x', 'scrypt$3$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifySecret('x', 'hmac-sha256$AAAA$AAAA$extra')).toBe(false);
  });

  it('refuses ids that are not topic segments or that are the staff username', async () => {
    for (const id of ['a/b', '#', 'staff', '']) {
      await expect(
        createDeviceCredential(db, { id, libraryId: LIB, kind: 'lock', name: 'x' }),
      ).rejects.toThrow(RangeError);
    }
  });

  it('revokes once', async () => {
    const { deviceId } = await createDeviceCredential(db, {
      id: 'door-1',
      libraryId: LIB,
      kind: 'lock',
      name: 'x',
    });
    expect(revokeDevice(db, deviceId, 5)).toBe(true);
    expect(revokeDevice(db, deviceId, 6)).toBe(false);
    expect(findDevice(db, deviceId)?.revoked_at).toBe(5);
  });
});
