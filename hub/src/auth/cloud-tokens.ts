/**
 * Cloud access tokens on the hub's LAN API (ADR 0024): a phone or a laptop on the library's Wi-Fi
 * may present the RS256 access token the cloud issued it (ADR 0010) instead of a hub session. The
 * hub verifies it OFFLINE — signature against the public keys the `signing_keys` shape replicated
 * into `cloud_signing_keys` (an unknown `kid` is refused, there is nothing to fetch), the cloud's
 * issuer and audience, expiry by the hub's clock — and then maps the account to what it is HERE:
 * an owner or staff account to its active synced `staff` row (so a person removed or disabled in
 * the cloud loses the hub as soon as the change has replicated, even with a token still valid), a
 * student account to its member of this library (`members.user_id`). Anything else is refused.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { UserRole } from '@studyspot/core';
import { errors, type JWTHeaderParameters, jwtVerify } from 'jose';
import { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';

/** The cloud's defaults (cloud/src/identity/access-tokens.ts); a deployment that changes them tells the hub. */
export const CLOUD_ISSUER = 'studyspot-cloud';
export const CLOUD_AUDIENCE = 'studyspot';
/** Far above any real token (a few hundred bytes to ~1 KiB with claims), far below the body limit. */
const MAX_TOKEN_CHARS = 8_192;
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export interface CloudTokenSettings {
  issuer: string;
  audience: string;
}

const Claims = z.object({
  sub: z.uuid(),
  role: UserRole,
});

/** Who a verified token names here. */
export type CloudCaller =
  | { kind: 'staff'; staffId: string; name: string; role: 'staff' | 'owner' }
  | { kind: 'member'; memberId: string; name: string };

/** A hub session and a kiosk token are one opaque base64url word; a JWT has three. */
export const isJwtShaped = (token: string): boolean =>
  token.length <= MAX_TOKEN_CHARS && JWT_SHAPE.test(token);

export class CloudTokens {
  readonly #clock: Clock;
  readonly #settings: CloudTokenSettings;
  readonly #keyRow;
  readonly #staff;
  readonly #member;
  /** kid → the parsed key and the JWK text it came from (a changed row is parsed again). */
  readonly #parsed = new Map<string, { jwk: string; key: KeyObject }>();

  constructor(db: Db, clock: Clock, settings: Partial<CloudTokenSettings> = {}) {
    this.#clock = clock;
    this.#settings = { issuer: CLOUD_ISSUER, audience: CLOUD_AUDIENCE, ...settings };
    this.#keyRow = db.prepare('SELECT public_jwk FROM cloud_signing_keys WHERE kid = ?').pluck();
    this.#staff = db.prepare('SELECT id, name, role FROM staff WHERE user_id = ? AND active = 1');
    this.#member = db.prepare('SELECT id, name FROM members WHERE user_id = ? ORDER BY created_at LIMIT 1');
  }

  /** The caller a valid cloud token names at this hub, or null (invalid, expired, or nobody here). */
  async resolve(token: string): Promise<CloudCaller | null> {
    const claims = await this.#verify(token);
    if (!claims) return null;
    if (claims.role === 'owner' || claims.role === 'staff') {
      const row = this.#staff.get(claims.sub) as
        | { id: string; name: string; role: 'staff' | 'owner' }
        | undefined;
      return row ? { kind: 'staff', staffId: row.id, name: row.name, role: row.role } : null;
    }
    if (claims.role === 'student') {
      const row = this.#member.get(claims.sub) as { id: string; name: string } | undefined;
      return row ? { kind: 'member', memberId: row.id, name: row.name } : null;
    }
    return null; // a platform admin has no business on a library's LAN
  }

  async #verify(token: string): Promise<z.infer<typeof Claims> | null> {
    if (!isJwtShaped(token)) return null;
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['RS256'],
        issuer: this.#settings.issuer,
        audience: this.#settings.audience,
        currentDate: new Date(this.#clock.now()),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const parsed = Claims.safeParse(payload);
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  readonly #key = (header: JWTHeaderParameters): KeyObject => {
    const kid = header.kid;
    const jwk = kid ? (this.#keyRow.get(kid) as string | undefined) : undefined;
    if (!kid || !jwk) throw new errors.JWKSNoMatchingKey();
    const cached = this.#parsed.get(kid);
    if (cached?.jwk === jwk) return cached.key;
    const key = createPublicKey({ key: JSON.parse(jwk), format: 'jwk' });
    this.#parsed.set(kid, { jwk, key });
    return key;
  };
}
