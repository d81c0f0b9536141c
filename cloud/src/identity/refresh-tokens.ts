/**
 * Rotating refresh tokens: opaque 256-bit values, stored as SHA-256, grouped in a family per
 * sign-in. Refreshing marks the presented token `rotated` and issues the next one of its family;
 * presenting a rotated token again means it was copied — the whole family is revoked, so neither
 * the thief's nor the owner's newest token works any more (OAuth 2.0 Security BCP §4.14.2).
 *
 *   issue ──► active ──refresh──► rotated ──presented again──► family revoked
 *               └────logout / reuse of a sibling──────────────► revoked
 */
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/types.ts';
import { randomToken, sha256 } from './secrets.ts';

export const REFRESH_TOKEN_MS = 30 * 24 * 3_600_000;

export interface Issued {
  token: string;
  familyId: string;
  expiresAt: number;
}

export async function issueRefreshToken(
  tx: Tx,
  userId: string,
  tenantId: string | null,
  now: number,
  familyId: string = randomUUID(),
): Promise<Issued> {
  const token = randomToken();
  const expiresAt = now + REFRESH_TOKEN_MS;
  await tx.query(
    `INSERT INTO refresh_tokens (token_hash, family_id, user_id, acting_tenant_id, status, created_at, expires_at)
     VALUES ($1, $2, $3, $4, 'active', $5, $6)`,
    [sha256(token), familyId, userId, tenantId, new Date(now), new Date(expiresAt)],
  );
  return { token, familyId, expiresAt };
}

interface TokenRow {
  family_id: string;
  user_id: string;
  acting_tenant_id: string | null;
  status: 'active' | 'rotated' | 'revoked';
  expires_at: Date;
}

export type Rotation =
  | { kind: 'rotated'; familyId: string; userId: string; tenantId: string | null }
  | { kind: 'reused'; familyId: string }
  | { kind: 'invalid' };

/**
 * Spends `token` (locked, so two refreshes with one token are serialized: the second is a reuse).
 * The caller issues the successor in the same transaction, or revokes the family.
 */
export async function spendRefreshToken(tx: Tx, token: string, now: number): Promise<Rotation> {
  const hash = sha256(token);
  const [row] = await tx.query<TokenRow>(
    `SELECT family_id, user_id, acting_tenant_id, status, expires_at FROM refresh_tokens
      WHERE token_hash = $1 FOR UPDATE`,
    [hash],
  );
  if (!row || row.status === 'revoked' || row.expires_at.getTime() <= now) return { kind: 'invalid' };
  if (row.status === 'rotated') {
    await revokeFamily(tx, row.family_id);
    return { kind: 'reused', familyId: row.family_id };
  }
  await tx.query(`UPDATE refresh_tokens SET status = 'rotated' WHERE token_hash = $1`, [hash]);
  return { kind: 'rotated', familyId: row.family_id, userId: row.user_id, tenantId: row.acting_tenant_id };
}

export async function revokeFamily(tx: Tx, familyId: string): Promise<void> {
  await tx.query(`UPDATE refresh_tokens SET status = 'revoked' WHERE family_id = $1`, [familyId]);
}

/** Ends every sign-in of `userId` (a disabled account, a new password). */
export async function revokeAllOf(tx: Tx, userId: string): Promise<void> {
  await tx.query(`UPDATE refresh_tokens SET status = 'revoked' WHERE user_id = $1 AND status = 'active'`, [
    userId,
  ]);
}

/** Logout: revokes the family of `token`, whatever state the token is in. */
export async function revokeFamilyOf(tx: Tx, token: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE refresh_tokens SET status = 'revoked'
      WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1) RETURNING family_id`,
    [sha256(token)],
  );
  return rows.length > 0;
}
