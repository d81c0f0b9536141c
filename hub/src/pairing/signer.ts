/**
 * Signs hub requests (ADR 0016): `x-studyspot-hub`, `x-studyspot-timestamp` (ms since epoch) and
 * `x-studyspot-signature` = base64 Ed25519 over `${METHOD}\n${path+query}\n${timestamp}\n${hex
 * sha256(body)}` — the same string the cloud's `hubAuthorizer` rebuilds (cloud/src/hubs).
 */
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import type { HubIdentity } from './identity.ts';

export interface SignedHeaders {
  'x-studyspot-hub': string;
  'x-studyspot-timestamp': string;
  'x-studyspot-signature': string;
}

export type RequestSigner = (method: string, url: string | URL, body?: string) => SignedHeaders;

export function signedMessage(method: string, pathAndQuery: string, timestamp: string, body: string): string {
  const digest = createHash('sha256').update(body).digest('hex');
  return `${method.toUpperCase()}\n${pathAndQuery}\n${timestamp}\n${digest}`;
}

/** The headers of one request of this hub. */
export function hubRequestSigner(
  identity: Pick<HubIdentity, 'hubId' | 'privateKey'>,
  now: () => number = Date.now,
): RequestSigner {
  const key: KeyObject = createPrivateKey(identity.privateKey);
  return (method, url, body = '') => {
    const u = new URL(url);
    const timestamp = String(now());
    const message = signedMessage(method, `${u.pathname}${u.search}`, timestamp, body);
    return {
      'x-studyspot-hub': identity.hubId,
      'x-studyspot-timestamp': timestamp,
      'x-studyspot-signature': sign(null, Buffer.from(message), key).toString('base64'),
    };
  };
}

/**
 * A `fetch` that signs every request it sends (for the OutboxPusher's and ShapeStream's
 * injectable fetch). Bodies must be strings (JSON), which is all the hub sends.
 */
export function signedFetch(signer: RequestSigner, base: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init = {}) => {
    const request = input instanceof Request ? input : null;
    const url = request ? request.url : input instanceof URL ? input.href : String(input);
    const method = init.method ?? request?.method ?? 'GET';
    let body = '';
    if (init.body !== undefined && init.body !== null) {
      if (typeof init.body !== 'string') throw new TypeError('signed hub requests need a string body');
      body = init.body;
    } else if (request && method !== 'GET' && method !== 'HEAD') {
      body = await request.clone().text();
    }
    const headers = new Headers(init.headers ?? request?.headers);
    for (const [name, value] of Object.entries(signer(method, url, body))) headers.set(name, value);
    return base(input, { ...init, method, headers });
  };
}
