/**
 * Phone one-time codes. A request stores a fresh 6-digit code's argon2id hash for 5 minutes and
 * supersedes the phone's pending code; a check spends one of the code's 5 attempts BEFORE comparing,
 * so no interleaving of concurrent guesses ever compares a sixth one.
 *
 *   request ──► pending ──right code──► used
 *                 │ │ └──5th attempt wrong──► burned   (429 until a new request)
 *                 │ └───new request─────────► superseded
 *                 └─────5 minutes───────────► (expired: refused like a wrong code)
 *
 * Nothing here looks at accounts: whether a phone has one is decided only after a right code.
 */
import { randomUUID } from 'node:crypto';
import type { OtpChannel } from '@studyspot/core';
import type { Database } from '../db/types.ts';
import { burnVerification, hashSecret, sixDigits, verifySecret } from './secrets.ts';

export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export type { OtpChannel };

export interface Challenge {
  id: string;
  code: string;
  expiresAt: number;
}

/** Stores a new code for `phone` (superseding the pending one). Null when a concurrent request won. */
export async function createChallenge(
  db: Database,
  phone: string,
  channel: OtpChannel,
  now: number,
): Promise<Challenge | null> {
  const id = randomUUID();
  const code = sixDigits();
  const codeHash = await hashSecret(code);
  const expiresAt = now + OTP_TTL_MS;
  const rows = await db.platform(async (tx) => {
    await tx.query(
      `UPDATE otp_challenges SET status = 'superseded' WHERE phone = $1 AND status = 'pending'`,
      [phone],
    );
    return tx.query(
      `INSERT INTO otp_challenges (id, phone, channel, code_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (phone) WHERE status = 'pending' DO NOTHING RETURNING id`,
      [id, phone, channel, codeHash, new Date(now), new Date(expiresAt)],
    );
  });
  return rows.length === 1 ? { id, code, expiresAt } : null;
}

export type CodeCheck = 'ok' | 'wrong' | 'burned';

interface ChallengeRow {
  id: string;
  status: 'pending' | 'used' | 'superseded' | 'burned';
  expires_at: Date;
}

/** Takes one attempt of the phone's current code; the hash only when an attempt was taken. */
async function takeAttempt(
  db: Database,
  phone: string,
  now: number,
): Promise<{ id: string; hash: string; attempts: number } | 'none' | 'burned'> {
  return db.platform(async (tx) => {
    const [latest] = await tx.query<ChallengeRow>(
      `SELECT id, status, expires_at FROM otp_challenges WHERE phone = $1
        ORDER BY (status = 'pending') DESC, created_at DESC LIMIT 1`,
      [phone],
    );
    if (latest?.status === 'burned') return 'burned';
    if (latest?.status !== 'pending' || latest.expires_at.getTime() <= now) return 'none';
    const [taken] = await tx.query<{ code_hash: string; attempts: number }>(
      `UPDATE otp_challenges SET attempts = attempts + 1
        WHERE id = $1 AND status = 'pending' AND attempts < $2 RETURNING code_hash, attempts`,
      [latest.id, OTP_MAX_ATTEMPTS],
    );
    return taken ? { id: latest.id, hash: taken.code_hash, attempts: taken.attempts } : 'burned';
  });
}

/** Checks `code` against the phone's pending code. A right code is used up; the 5th wrong one burns it. */
export async function checkCode(db: Database, phone: string, code: string, now: number): Promise<CodeCheck> {
  const attempt = await takeAttempt(db, phone, now);
  if (attempt === 'burned') return 'burned';
  if (attempt === 'none') {
    await burnVerification(code);
    return 'wrong';
  }
  const right = await verifySecret(attempt.hash, code);
  const next = right ? 'used' : attempt.attempts >= OTP_MAX_ATTEMPTS ? 'burned' : undefined;
  if (!next) return 'wrong';
  const settled = await db.platform((tx) =>
    tx.query(`UPDATE otp_challenges SET status = $2 WHERE id = $1 AND status = 'pending' RETURNING id`, [
      attempt.id,
      next,
    ]),
  );
  if (next === 'burned') return 'burned';
  // superseded between the attempt and now: the code is no longer the phone's code
  return settled.length === 1 ? 'ok' : 'wrong';
}
