/**
 * Staff logins and their sessions. A login checks the password (or the desk PIN) against the
 * argon2 hash in `staff`, then opens a session: a fresh bearer token whose sha256 is stored in
 * `sessions` with a 12-hour expiry. Unknown usernames still cost one argon2 verify, so response
 * time does not reveal which usernames exist. Accounts synced from the cloud (ADR 0024) sign in
 * with their email and cloud password (the same argon2id hash); their sessions end when the row is
 * disabled, deleted or its password changes (triggers of hub migration 5).
 */
import { hash, verify } from '@node-rs/argon2';
import { HOUR } from '@studyspot/core';
import type { Db } from '../store/db.ts';
import { newToken, tokenHash } from './tokens.ts';

export const SESSION_MS = 12 * HOUR;

export type StaffRole = 'staff' | 'owner';

export interface StaffIdentity {
  id: string;
  name: string;
  role: StaffRole;
}

export interface Credentials {
  username: string;
  password?: string | undefined;
  pin?: string | undefined;
}

export interface OpenedSession {
  token: string;
  expiresAt: number;
  staff: StaffIdentity;
}

interface StaffRow extends StaffIdentity {
  password_hash: string;
  pin_hash: string | null;
}

export class StaffSessions {
  readonly #byUsername;
  readonly #resolve;
  readonly #insert;
  readonly #delete;
  readonly #purge;
  #decoy: Promise<string> | null = null;

  constructor(db: Db) {
    this.#byUsername = db.prepare(
      'SELECT id, name, role, password_hash, pin_hash FROM staff WHERE username = ? AND active = 1',
    );
    this.#resolve = db.prepare(
      `SELECT st.id, st.name, st.role FROM sessions s JOIN staff st ON st.id = s.staff_id
       WHERE s.token_hash = ? AND s.expires_at > ? AND st.active = 1`,
    );
    this.#insert = db.prepare(
      'INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.#delete = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.#purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  /** Checks the credentials; a session on success, null on any mismatch. */
  async login(credentials: Credentials, now: number): Promise<OpenedSession | null> {
    // a synced account signs in with its cloud email, which the cloud stores lowercased
    const username = credentials.username.includes('@')
      ? credentials.username.toLowerCase()
      : credentials.username;
    const row = this.#byUsername.get(username) as StaffRow | undefined;
    const secret = credentials.password ?? credentials.pin ?? '';
    const stored = credentials.password !== undefined ? row?.password_hash : row?.pin_hash;
    if (!row || !stored) {
      await verify(await this.#decoyHash(), secret).catch(() => false);
      return null;
    }
    const ok = await verify(stored, secret).catch(() => false);
    if (!ok) return null;
    return this.open({ id: row.id, name: row.name, role: row.role }, now);
  }

  /** Opens a session for a known staff member (login, and tests that need many tokens). */
  open(staff: StaffIdentity, now: number): OpenedSession {
    const token = newToken();
    const expiresAt = now + SESSION_MS;
    this.#purge.run(now);
    this.#insert.run(tokenHash(token), staff.id, now, expiresAt);
    return { token, expiresAt, staff };
  }

  /** The staff member a live session token belongs to. */
  resolve(token: string, now: number): StaffIdentity | null {
    return (this.#resolve.get(tokenHash(token), now) as StaffIdentity | undefined) ?? null;
  }

  logout(token: string): boolean {
    return this.#delete.run(tokenHash(token)).changes > 0;
  }

  #decoyHash(): Promise<string> {
    this.#decoy ??= hash('decoy-password-for-timing');
    return this.#decoy;
  }
}
