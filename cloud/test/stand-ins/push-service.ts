/**
 * A local stand-in for a Web Push service (RFC 8030) and the browser behind it, for tests that drive
 * the `web-push` library. `subscribe()` plays the browser: it makes a P-256 key pair and auth secret
 * and returns the subscription JSON. `POST /push/:id` checks what a real push service checks — VAPID
 * (RFC 8292: `Authorization: vapid t=<ES256 JWT>, k=<public key>`, `aud` = this origin, `exp` within
 * 24 h, the key the subscription was made with), `TTL`, `Content-Encoding: aes128gcm` — then decrypts
 * the payload (RFC 8291) with the browser's keys, as the browser would, and answers 201 + Location.
 * Messages wait in an inbox per subscription (the device is "offline"); one with the same `Topic`
 * replaces the waiting one. HTTPS with a throwaway self-signed certificate: web-push only speaks https.
 */

import { execFileSync } from 'node:child_process';
import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { importJWK, jwtVerify } from 'jose';

export interface PushedMessage {
  id: string;
  subscriptionId: string;
  payload: string;
  ttl: number;
  urgency: string;
  topic: string | null;
  vapidSubject: string;
}

interface Browser {
  ecdh: ReturnType<typeof createECDH>;
  auth: Buffer;
  applicationServerKey: string | null;
  inbox: PushedMessage[];
}

export interface PushStandIn {
  readonly url: string;
  /** PEM of the self-signed certificate: trust it with `new https.Agent({ ca })`. */
  readonly ca: string;
  outage: 429 | 500 | 503 | null;
  /** Requests seen, including rejected ones. */
  requests: number;
  subscribe(applicationServerKey?: string): {
    id: string;
    endpoint: string;
    keys: { p256dh: string; auth: string };
  };
  /** Messages waiting for a subscription (after Topic replacement). */
  inbox(id: string): PushedMessage[];
  /** Expires a subscription: later pushes to it answer 410 Gone. */
  unsubscribe(id: string): void;
  close(): Promise<void>;
}

function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'push-standin-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** RFC 8292 check; returns the JWT `sub`, or an HTTP status to answer with. */
async function checkVapid(header: string | undefined, origin: string, expectedKey: string | null) {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return { status: 401 as const };
  const [, token = '', k = ''] = match;
  if (expectedKey !== null && k !== expectedKey) return { status: 403 as const };
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return { status: 401 as const };
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    x: point.subarray(1, 33).toString('base64url'),
    y: point.subarray(33).toString('base64url'),
  };
  try {
    const { payload } = await jwtVerify(token, await importJWK(jwk, 'ES256'), {
      audience: origin,
      algorithms: ['ES256'],
    });
    if (!payload.exp || payload.exp > Date.now() / 1000 + 24 * 3600) return { status: 401 as const };
    if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub))
      return { status: 401 as const };
    return { subject: payload.sub };
  } catch {
    return { status: 401 as const };
  }
}

/** RFC 8291/8188 aes128gcm decryption of a single-record message with the browser's keys. */
export function decryptPayload(
  body: Buffer,
  browser: { ecdh: ReturnType<typeof createECDH>; auth: Buffer },
): string {
  const salt = body.subarray(0, 16);
  const idLength = body.readUInt8(20);
  const senderKey = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  const shared = browser.ecdh.computeSecret(senderKey);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), browser.ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, browser.auth, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(-16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, -16)), decipher.final()]);
  const end = padded.lastIndexOf(2); // last-record delimiter, then zero padding
  return padded.subarray(0, end).toString('utf8');
}

function pushRoute(app: Hono, state: PushStandIn, browsers: Map<string, Browser>) {
  app.post('/push/:id', async (c) => {
    state.requests += 1;
    if (state.outage) return c.text('push service unavailable', state.outage);
    const browser = browsers.get(c.req.param('id'));
    if (!browser) return c.text('subscription expired', 410);
    const vapid = await checkVapid(
      c.req.header('authorization'),
      new URL(state.url).origin,
      browser.applicationServerKey,
    );
    if ('status' in vapid) return c.text('invalid VAPID authorization', vapid.status);
    const ttl = Number(c.req.header('ttl'));
    if (!Number.isInteger(ttl) || ttl < 0) return c.text('TTL header required', 400);
    if (c.req.header('content-encoding') !== 'aes128gcm') return c.text('unsupported content encoding', 415);
    let payload: string;
    try {
      payload = decryptPayload(Buffer.from(await c.req.arrayBuffer()), browser);
    } catch {
      return c.text('payload does not decrypt', 400);
    }
    const topic = c.req.header('topic') ?? null;
    const message: PushedMessage = {
      id: randomBytes(8).toString('hex'),
      subscriptionId: c.req.param('id'),
      payload,
      ttl,
      urgency: c.req.header('urgency') ?? 'normal',
      topic,
      vapidSubject: vapid.subject,
    };
    // RFC 8030 §5.4: a message with the same topic replaces the one still waiting.
    browser.inbox = browser.inbox.filter((m) => topic === null || m.topic !== topic);
    browser.inbox.push(message);
    c.header('Location', `${state.url}/message/${message.id}`);
    return c.body(null, 201);
  });
}

export async function startPushStandIn(): Promise<PushStandIn> {
  const { key, cert } = selfSignedCert();
  const browsers = new Map<string, Browser>();
  const app = new Hono();
  let url = '';
  const state: PushStandIn = {
    get url() {
      return url;
    },
    ca: cert,
    outage: null,
    requests: 0,
    subscribe(applicationServerKey) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const id = randomBytes(12).toString('base64url');
      const browser = {
        ecdh,
        auth: randomBytes(16),
        applicationServerKey: applicationServerKey ?? null,
        inbox: [],
      };
      browsers.set(id, browser);
      const keys = {
        p256dh: ecdh.getPublicKey().toString('base64url'),
        auth: browser.auth.toString('base64url'),
      };
      return { id, endpoint: `${state.url}/push/${id}`, keys };
    },
    inbox: (id) => [...(browsers.get(id)?.inbox ?? [])],
    unsubscribe: (id) => {
      browsers.delete(id);
    },
    close: async () => {},
  };
  pushRoute(app, state, browsers);
  const server = serve({
    fetch: app.fetch,
    hostname: '127.0.0.1',
    port: 0,
    createServer,
    serverOptions: { key, cert },
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
