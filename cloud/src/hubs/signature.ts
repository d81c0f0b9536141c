/**
 * Hub request signatures (ADR 0016). Every hub request carries `x-studyspot-hub: <hubId>`,
 * `x-studyspot-timestamp: <ms since epoch>` and `x-studyspot-signature: <base64 Ed25519>` over
 * `${METHOD}\n${path+query}\n${timestamp}\n${hex sha256(body)}`. The hub side
 * (hub/src/pairing/signer.ts) builds the same string.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

export const HUB_HEADER = 'x-studyspot-hub';
export const TIMESTAMP_HEADER = 'x-studyspot-timestamp';
export const SIGNATURE_HEADER = 'x-studyspot-signature';
/** Largest accepted difference between the hub's timestamp and the cloud's clock. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

export function signedMessage(method: string, pathAndQuery: string, timestamp: string, body: string): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${pathAndQuery}\n${timestamp}\n${digest}`;
}

export type PublicKeyInput = string | { kty: string; crv: string; x: string };

/**
 * An Ed25519 public key from SPKI (PEM, or base64 DER) or a JWK, as SPKI PEM; null when it is not
 * one.
 */
export function parseHubPublicKey(input: PublicKeyInput): string | null {
  let key: KeyObject;
  try {
    if (typeof input === 'string') {
      key = input.includes('-----BEGIN')
        ? createPublicKey(input)
        : createPublicKey({ key: Buffer.from(input, 'base64'), format: 'der', type: 'spki' });
    } else {
      key = createPublicKey({ key: { kty: input.kty, crv: input.crv, x: input.x }, format: 'jwk' });
    }
  } catch {
    return null;
  }
  if (key.asymmetricKeyType !== 'ed25519') return null;
  return key.export({ format: 'pem', type: 'spki' }).toString();
}

export function verifySignature(publicKeyPem: string, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message), publicKeyPem, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
