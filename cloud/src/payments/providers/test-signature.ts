/**
 * Signature scheme of the built-in test provider, modelled on Stripe's: header
 * `X-StudySpot-Test-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, `${t}.${rawBody}`)>`.
 * The secret is generated locally at start-up unless configured, so forged events are rejected
 * even on a developer machine, and the timestamp bounds replays of captured bodies.
 */
import { PaymentError } from '../errors.ts';
import { hexEquals, hmacSha256Hex } from '../hmac.ts';

export const TEST_SIGNATURE_HEADER = 'x-studyspot-test-signature';

export function signTestPayload(secret: string, rawBody: string, timestampSec: number): string {
  return `t=${timestampSec},v1=${hmacSha256Hex(secret, `${timestampSec}.${rawBody}`)}`;
}

export function verifyTestSignature(
  secret: string,
  rawBody: string,
  header: string | undefined,
  nowMs: number,
  toleranceSec: number,
): void {
  if (!header) throw new PaymentError('bad_signature', `missing ${TEST_SIGNATURE_HEADER}`);
  const parts = new Map(
    header.split(',').map((kv) => {
      const i = kv.indexOf('=');
      return [kv.slice(0, i).trim(), kv.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1)
    throw new PaymentError('bad_signature', 'unparseable test signature header');
  if (!hexEquals(hmacSha256Hex(secret, `${t}.${rawBody}`), v1)) {
    throw new PaymentError('bad_signature', 'test signature does not match the raw body');
  }
  if (Math.floor(nowMs / 1000) - t > toleranceSec)
    throw new PaymentError('stale', 'test event outside tolerance');
}
