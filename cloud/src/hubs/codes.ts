/**
 * One-time pairing codes (ADR 0016): 8 characters of Crockford base32 (no I, L, O, U), shown as
 * `XXXX-XXXX` — 40 bits, human-typeable, valid 15 minutes, single use. Only the SHA-256 of the
 * normalized code is stored, so a database read does not reveal a usable code.
 */
import { createHash, randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIRING_CODE_TTL_MS = 15 * 60 * 1000;

/** A fresh code, formatted for people: `7KQ2-M9XD`. */
export function newPairingCode(): string {
  let raw = '';
  for (let i = 0; i < 8; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** Upper case, dashes and spaces dropped, the look-alikes (O→0, I/L→1) folded. */
export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function hashPairingCode(code: string): string {
  return createHash('sha256').update(normalizePairingCode(code)).digest('hex');
}
