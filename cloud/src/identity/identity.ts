/**
 * The identity service the HTTP routes and `runCloud` use: phone OTP for students, email and
 * password for staff, owners and platform admins, RS256 access tokens with rotating refresh
 * tokens, and `authenticate` — the `CloudDeps.authenticate` that turns a bearer token into the
 * caller's `Principal`. Failures are `DomainError`s whose messages never say whether an account,
 * a phone or an email exists.
 */
import { DomainError } from '@studyspot/core';
import type { Logger } from 'pino';
import type { Database, Tx } from '../db/types.ts';
import type { Authenticate, Principal } from '../http/env.ts';
import { FixedWindowLimiter, type RateLimit, seedRateLimits } from '../http/rate-limit.ts';
import type { NotificationOutbox } from '../notifications/outbox.ts';
import {
  ACCESS_TOKEN_SECONDS,
  DEFAULT_AUDIENCE,
  DEFAULT_ISSUER,
  signAccessToken,
  type TokenSettings,
  verifyAccessToken,
} from './access-tokens.ts';
import { accountByEmail, ensurePlatformAdmin, findOrCreateStudent, resolvePrincipal } from './accounts.ts';
import { checkCode, createChallenge, OTP_TTL_MS, type OtpChannel } from './otp.ts';
import { OTP_TIME_ZONE, PLATFORM_TENANT_ID } from './recipients.ts';
import { issueRefreshToken, REFRESH_TOKEN_MS, revokeFamilyOf, spendRefreshToken } from './refresh-tokens.ts';
import { burnVerification, hashSecret, verifySecret } from './secrets.ts';
import { type ActiveKey, SigningKeys } from './signing-keys.ts';

export interface IdentityOptions {
  db: Database;
  logger: Logger;
  /** Where OTP messages are enqueued ('otp' kind); the notification worker delivers them. */
  outbox: NotificationOutbox;
  now?: () => number;
  /** IDENTITY_SECRET: seals the private signing keys at rest (ADR 0010). */
  secret?: string | undefined;
  issuer?: string;
  audience?: string;
  /** Code requests per phone (default: the `auth` class, 5 per minute). */
  otpPerPhone?: RateLimit;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: { id: string; role: Principal['role']; tenantId: string | null };
}

const invalidCredentials = () => new DomainError('unauthorized', 'invalid credentials');

export class Identity {
  readonly keys: SigningKeys;
  readonly settings: TokenSettings;
  readonly #o: IdentityOptions;
  readonly #now: () => number;
  readonly #perPhone: FixedWindowLimiter;

  constructor(options: IdentityOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.keys = new SigningKeys({
      db: options.db,
      logger: options.logger,
      secret: options.secret,
      now: this.#now,
    });
    this.settings = {
      issuer: options.issuer ?? DEFAULT_ISSUER,
      audience: options.audience ?? DEFAULT_AUDIENCE,
    };
    this.#perPhone = new FixedWindowLimiter(options.otpPerPhone ?? seedRateLimits.auth, this.#now);
  }

  /** Loads (or creates) the signing keys. Call once before serving. */
  async start(): Promise<this> {
    await this.keys.start();
    return this;
  }

  /** The bearer token's principal; null without one or when it does not verify. */
  readonly authenticate: Authenticate = async (c) => {
    const header = c.req.header('authorization');
    if (!header?.startsWith('Bearer ')) return null;
    return verifyAccessToken(this.keys, this.settings, header.slice(7).trim(), this.#now());
  };

  /** Sends a code, unless the phone is over its limit: then the seconds to wait. */
  async requestOtp(phone: string, channel: OtpChannel): Promise<{ retryAfterSeconds?: number }> {
    const decision = this.#perPhone.hit(phone);
    if (!decision.allowed) return { retryAfterSeconds: Math.max(1, Math.ceil(decision.resetMs / 1000)) };
    const now = this.#now();
    const challenge = await createChallenge(this.#o.db, phone, channel, now);
    if (!challenge) return {};
    // The message's user is the challenge: `lookupRecipient` resolves it to the phone (no account yet).
    await this.#o.outbox.enqueue(
      {
        id: challenge.id,
        tenantId: PLATFORM_TENANT_ID,
        userId: challenge.id,
        channel,
        content: { kind: 'otp', vars: { code: challenge.code, ttlMinutes: OTP_TTL_MS / 60_000 } },
        timeZone: OTP_TIME_ZONE,
        expiresAt: challenge.expiresAt,
      },
      now,
    );
    return {};
  }

  async verifyOtp(phone: string, code: string): Promise<TokenPair> {
    const result = await checkCode(this.#o.db, phone, code, this.#now());
    if (result === 'burned')
      throw new DomainError('rate_limited', 'too many wrong codes: this code is burned, request a new one');
    if (result === 'wrong') throw new DomainError('unauthorized', 'wrong or expired code');
    const signer = await this.keys.signer();
    return this.#o.db.platform(async (tx) => {
      const account = await findOrCreateStudent(tx, phone);
      if (account.kind === 'refused') throw new DomainError('forbidden', account.reason);
      return this.#issue(tx, signer, { userId: account.userId, role: 'student', tenantId: null });
    });
  }

  /** Email and password. Unknown email, no password and wrong password are one error at one cost. */
  async login(email: string, password: string, tenantId?: string): Promise<TokenPair> {
    const account = await this.#o.db.platform((tx) => accountByEmail(tx, email));
    const ok = account?.password_hash
      ? await verifySecret(account.password_hash, password)
      : await burnVerification(password);
    if (!account || !ok) throw invalidCredentials();
    const signer = await this.keys.signer();
    return this.#o.db.platform(async (tx) => {
      const resolved = await resolvePrincipal(tx, account.id, tenantId ?? null);
      if (resolved.kind === 'choose_tenant')
        throw new DomainError('validation_failed', 'this account works for several tenants: pass tenantId', {
          field: 'tenantId',
          tenantIds: resolved.tenantIds,
        });
      if (resolved.kind === 'denied') throw invalidCredentials();
      return this.#issue(tx, signer, resolved.principal);
    });
  }

  /** A new pair for a refresh token; reuse of a rotated token revokes its family (and is 401). */
  async refresh(token: string): Promise<TokenPair> {
    const now = this.#now();
    const signer = await this.keys.signer();
    const outcome = await this.#o.db.platform(async (tx) => {
      const spent = await spendRefreshToken(tx, token, now);
      if (spent.kind !== 'rotated') return spent;
      const resolved = await resolvePrincipal(tx, spent.userId, spent.tenantId);
      if (resolved.kind !== 'ok') {
        await revokeFamilyOf(tx, token);
        return { kind: 'invalid' as const };
      }
      return {
        kind: 'pair' as const,
        pair: await this.#issue(tx, signer, resolved.principal, spent.familyId),
      };
    });
    if (outcome.kind === 'pair') return outcome.pair;
    if (outcome.kind === 'reused')
      this.#o.logger.warn({ familyId: outcome.familyId }, 'refresh token reused: family revoked');
    throw new DomainError('unauthorized', 'invalid refresh token');
  }

  async logout(token: string): Promise<void> {
    await this.#o.db.platform((tx) => revokeFamilyOf(tx, token));
  }

  /** ADMIN_EMAIL/ADMIN_PASSWORD bootstrap: creates the platform admin when there is none. */
  async ensurePlatformAdmin(email: string, password: string): Promise<boolean> {
    const hash = await hashSecret(password);
    const created = await this.#o.db.platform((tx) => ensurePlatformAdmin(tx, email, hash));
    if (created) this.#o.logger.info({ email }, 'platform admin created');
    return created;
  }

  /** An access token for `principal` (tests and tools; sign-ins go through the methods above). */
  async accessToken(principal: Principal): Promise<string> {
    return signAccessToken(await this.keys.signer(), this.settings, principal, this.#now());
  }

  /** Inside the caller's transaction: no key loading here (a nested transaction deadlocks PGlite). */
  async #issue(tx: Tx, signer: ActiveKey, principal: Principal, familyId?: string): Promise<TokenPair> {
    const now = this.#now();
    const refresh = await issueRefreshToken(tx, principal.userId, principal.tenantId, now, familyId);
    return {
      tokenType: 'Bearer',
      accessToken: await signAccessToken(signer, this.settings, principal, now),
      expiresIn: ACCESS_TOKEN_SECONDS,
      refreshToken: refresh.token,
      refreshExpiresIn: REFRESH_TOKEN_MS / 1000,
      user: { id: principal.userId, role: principal.role, tenantId: principal.tenantId },
    };
  }
}
