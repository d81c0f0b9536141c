/**
 * HMAC-SHA256 helpers shared by the adapters and the test provider. Comparisons are constant-time
 * so a forged signature cannot be found byte by byte.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export function hmacSha256Hex(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

export function sha256Hex(message: string): string {
  return createHash('sha256').update(message, 'utf8').digest('hex');
}

/** Constant-time equality of two hex strings; false for different lengths or non-hex input. */
export function hexEquals(expected: string, actual: string): boolean {
  if (expected.length !== actual.length || !/^[0-9a-f]*$/i.test(actual)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(actual, 'hex'));
}
