/**
 * Bearer tokens for staff sessions and kiosk devices: 32 random bytes, base64url, shown to the
 * client once. The database keeps only their sha256 — a token has 256 bits of entropy, so a fast
 * hash is enough and keeps the per-request lookup cheap (argon2 is for human secrets only).
 */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = (): string => randomBytes(32).toString('base64url');

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('base64url');
