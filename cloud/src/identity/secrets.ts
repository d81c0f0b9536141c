/**
 * Small cryptographic helpers of the identity module: random opaque tokens and their SHA-256
 * digests, argon2id password and code hashing with a timing-equal "no such account" path, and
 * AES-256-GCM sealing of private keys at rest under a key derived from IDENTITY_SECRET.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** 256 random bits, base64url: refresh tokens. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** High-entropy tokens need no slow hash: their digest is their lookup key. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** A uniformly random 6-digit code, leading zeros kept. */
export const sixDigits = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/** argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's minimum). */
export const hashSecret = (secret: string): Promise<string> => hash(secret);

export const verifySecret = async (stored: string, secret: string): Promise<boolean> => {
  try {
    return await verify(stored, secret);
  } catch {
    return false;
  }
};

let dummy: Promise<string> | undefined;
/**
 * Verifies against a fixed hash with the same parameters, so "no such account" costs what a wrong
 * password costs and the two cannot be told apart by timing. Always false.
 */
export async function burnVerification(secret: string): Promise<false> {
  dummy ??= hash('studyspot-no-such-account');
  await verifySecret(await dummy, secret);
  return false;
}

const SEALED = 'aes-256-gcm:v1';

/** The at-rest key for private signing keys, derived from the configured secret (any length). */
export function deriveSealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'studyspot-identity', 'signing-key-seal', 32));
}

export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SEALED, ...[iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url'))].join('.');
}

export function unseal(key: Buffer, sealed: string): string {
  const [label, iv, tag, data] = sealed.split('.');
  if (label !== SEALED || !iv || !tag || !data) throw new Error('not a sealed private key');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
