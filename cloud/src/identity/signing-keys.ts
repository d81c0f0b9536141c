/**
 * The RS256 signing keys, kept in `signing_keys` so every replica signs with the same key and
 * verifies every published one. The first start generates a key; `rotate()` makes a new key the
 * signer while the old one keeps verifying (and stays in the JWKS) until `retire(kid)`.
 *
 *   (none) ──start──► active ──rotate──► verify ──retire──► retired
 *                       signs,            verifies,          neither
 *                       published         published
 *
 * Private keys are sealed with AES-256-GCM under a key derived from IDENTITY_SECRET; without the
 * secret they are stored as plain PKCS#8 and every start logs a warning (ADR 0010). Replicas
 * reload the table every `reloadMs` and whenever a token names a kid they do not know.
 */
import { createPrivateKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, createLocalJWKSet, errors, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Logger } from 'pino';
import { isUniqueViolation } from '../db/pg-errors.ts';
import type { Database } from '../db/types.ts';
import { deriveSealingKey, seal, unseal } from './secrets.ts';

const generateRsa = promisify(generateKeyPair);

export interface SigningKeysOptions {
  db: Database;
  logger: Logger;
  /** IDENTITY_SECRET: seals private keys at rest. */
  secret?: string | undefined;
  now: () => number;
  /** How long a replica trusts its copy of the table (default 5 minutes). */
  reloadMs?: number;
}

interface KeyRow {
  kid: string;
  status: 'active' | 'verify';
  public_jwk: JWK;
  private_key: string;
  encrypted: boolean;
}

export interface ActiveKey {
  kid: string;
  key: KeyObject;
}

export class SigningKeys {
  readonly #o: SigningKeysOptions;
  readonly #sealingKey: Buffer | undefined;
  #active: ActiveKey | undefined;
  #published: JWK[] = [];
  #verify: JWTVerifyGetKey = createLocalJWKSet({ keys: [] });
  #loadedAt = Number.NEGATIVE_INFINITY;

  constructor(options: SigningKeysOptions) {
    this.#o = options;
    this.#sealingKey = options.secret ? deriveSealingKey(options.secret) : undefined;
  }

  /** Loads the keys, generating the first one when there is none. */
  async start(): Promise<void> {
    if (!this.#sealingKey)
      this.#o.logger.warn(
        'IDENTITY_SECRET is not set: JWT private keys are stored UNENCRYPTED in signing_keys. ' +
          'Anyone with a copy of the database can mint tokens. Set IDENTITY_SECRET in production.',
      );
    await this.#load();
    if (!this.#active) {
      await this.#insertActive(false);
      await this.#load();
    }
  }

  /** The key that signs now. */
  async signer(): Promise<ActiveKey> {
    if (this.#o.now() - this.#loadedAt > (this.#o.reloadMs ?? 300_000)) await this.#load();
    if (!this.#active) throw new Error('no active signing key: call start()');
    return this.#active;
  }

  /** The public keys (active and still-verifying) as a JWK Set. */
  jwks(): { keys: JWK[] } {
    return { keys: this.#published.map((jwk) => ({ ...jwk })) };
  }

  /** jose's key resolver over the published keys; an unknown kid reloads (at most every 10 s). */
  readonly verifyKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await this.#verify(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.#o.now() - this.#loadedAt < 10_000)
        throw error;
      await this.#load();
      return this.#verify(header, token);
    }
  };

  /** A new key signs from now on; the previous one keeps verifying. Returns the new kid. */
  async rotate(): Promise<string> {
    const kid = await this.#insertActive(true);
    await this.#load();
    return kid;
  }

  /** Stops publishing (and accepting) a key that no longer signs. False if it is active or unknown. */
  async retire(kid: string): Promise<boolean> {
    const rows = await this.#o.db.platform((tx) =>
      tx.query(
        `UPDATE signing_keys SET status = 'retired', retired_at = $2
          WHERE kid = $1 AND status = 'verify' RETURNING kid`,
        [kid, new Date(this.#o.now())],
      ),
    );
    await this.#load();
    return rows.length === 1;
  }

  async #load(): Promise<void> {
    const rows = await this.#o.db.platform((tx) =>
      tx.query<KeyRow>(
        `SELECT kid, status, public_jwk, private_key, encrypted FROM signing_keys
          WHERE status <> 'retired' ORDER BY created_at DESC, kid`,
      ),
    );
    const active = rows.find((row) => row.status === 'active');
    this.#active = active ? { kid: active.kid, key: await this.#privateKey(active) } : undefined;
    this.#published = rows.map((row) => row.public_jwk);
    this.#verify = createLocalJWKSet({ keys: this.#published });
    this.#loadedAt = this.#o.now();
  }

  async #privateKey(row: KeyRow): Promise<KeyObject> {
    if (!row.encrypted) {
      if (this.#sealingKey) await this.#sealInPlace(row);
      return createPrivateKey(row.private_key);
    }
    if (!this.#sealingKey)
      throw new Error(`signing key ${row.kid} is sealed: IDENTITY_SECRET is required to start`);
    return createPrivateKey(unseal(this.#sealingKey, row.private_key));
  }

  /** A key stored before IDENTITY_SECRET was configured gets sealed on the next start. */
  async #sealInPlace(row: KeyRow): Promise<void> {
    if (!this.#sealingKey) return;
    const sealed = seal(this.#sealingKey, row.private_key);
    await this.#o.db.platform((tx) =>
      tx.query(
        'UPDATE signing_keys SET private_key = $2, encrypted = true WHERE kid = $1 AND NOT encrypted',
        [row.kid, sealed],
      ),
    );
  }

  async #insertActive(demoteCurrent: boolean): Promise<string> {
    const { publicKey, privateKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const jwk = publicKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint(jwk);
    const publicJwk: JWK = { ...jwk, kid, alg: 'RS256', use: 'sig' };
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const stored = this.#sealingKey ? seal(this.#sealingKey, pem) : pem;
    try {
      await this.#o.db.platform(async (tx) => {
        if (demoteCurrent)
          await tx.query(`UPDATE signing_keys SET status = 'verify' WHERE status = 'active'`);
        await tx.query(
          `INSERT INTO signing_keys (kid, status, public_jwk, private_key, encrypted, created_at)
           VALUES ($1, 'active', $2, $3, $4, $5)`,
          [kid, publicJwk, stored, this.#sealingKey !== undefined, new Date(this.#o.now())],
        );
      });
    } catch (error) {
      // another replica generated the first key at the same moment: use theirs
      if (!demoteCurrent && isUniqueViolation(error)) return kid;
      throw error;
    }
    return kid;
  }
}
