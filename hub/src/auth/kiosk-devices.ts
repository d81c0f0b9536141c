/**
 * Kiosk device tokens. Staff register a kiosk by name and get its bearer token once; only the
 * token's sha256 is stored. Revoking sets `revoked_at`, after which the token resolves to nothing.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../store/db.ts';
import { newToken, tokenHash } from './tokens.ts';

export interface KioskDevice {
  id: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

interface KioskRow {
  id: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

const toDevice = (r: KioskRow): KioskDevice => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

export class KioskDevices {
  readonly #insert;
  readonly #list;
  readonly #revoke;
  readonly #resolve;

  constructor(db: Db) {
    this.#insert = db.prepare(
      'INSERT INTO kiosk_devices (id, library_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare(
      'SELECT id, name, created_at, revoked_at FROM kiosk_devices ORDER BY created_at, id',
    );
    this.#revoke = db.prepare(
      'UPDATE kiosk_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING id, name, created_at, revoked_at',
    );
    this.#resolve = db.prepare(
      'SELECT id, name, created_at, revoked_at FROM kiosk_devices WHERE token_hash = ? AND revoked_at IS NULL',
    );
  }

  /** Registers a kiosk; the token in the result is never retrievable again. */
  create(libraryId: string, name: string, now: number): KioskDevice & { token: string } {
    const id = uuidv7();
    const token = newToken();
    this.#insert.run(id, libraryId, name, tokenHash(token), now);
    return { id, name, createdAt: now, revokedAt: null, token };
  }

  list(): KioskDevice[] {
    return (this.#list.all() as KioskRow[]).map(toDevice);
  }

  /** Revokes a live device; null when there is no such live device. */
  revoke(id: string, now: number): KioskDevice | null {
    const row = this.#revoke.get(now, id) as KioskRow | undefined;
    return row ? toDevice(row) : null;
  }

  resolve(token: string): KioskDevice | null {
    const row = this.#resolve.get(tokenHash(token)) as KioskRow | undefined;
    return row ? toDevice(row) : null;
  }
}
