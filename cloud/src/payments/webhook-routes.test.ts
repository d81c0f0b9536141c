/**
 * Webhooks over real HTTP: the stand-ins POST signed events to the mounted sub-app, which must
 * verify them on the raw bytes it received.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RazorpayStandIn, startRazorpayStandIn } from '../../test/stand-ins/razorpay-api.ts';
import { type StripeStandIn, startStripeStandIn } from '../../test/stand-ins/stripe-api.ts';
import { MemoryEventLedger } from './memory-ledger.ts';
import { razorpayProvider } from './providers/razorpay.ts';
import { stripeProvider } from './providers/stripe.ts';
import type { PaymentEvent } from './types.ts';
import { WebhookInbox } from './webhook-inbox.ts';
import { paymentWebhookRoutes } from './webhook-routes.ts';

const rzpCreds = { keyId: 'rzp_test_http', keySecret: 'http_secret', webhookSecret: 'http_whsec' };
const stripeSecrets = { secretKey: 'sk_test_http', webhookSecret: 'whsec_http' };
let razorpay: RazorpayStandIn;
let stripe: StripeStandIn;
let server: Server;
let base: string;
const effects: PaymentEvent[] = [];

beforeAll(async () => {
  [razorpay, stripe] = await Promise.all([startRazorpayStandIn(rzpCreds), startStripeStandIn(stripeSecrets)]);
  const inbox = new WebhookInbox({
    providers: {
      razorpay: razorpayProvider({ ...rzpCreds, apiBaseUrl: razorpay.url }),
      stripe: stripeProvider({ ...stripeSecrets, host: stripe.host, port: stripe.port, protocol: 'http' }),
    },
    ledger: new MemoryEventLedger(),
    onEvent: async (e) => void effects.push(e),
  });
  const app = new Hono().route('/v1/webhooks/payments', paymentWebhookRoutes(inbox));
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/payments`;
});

afterAll(async () => {
  await Promise.all([razorpay.close(), stripe.close(), new Promise((r) => server.close(r))]);
});

describe('payment webhook routes over HTTP', () => {
  it('accepts signed deliveries once, acknowledges duplicates, rejects forgeries with 400', async () => {
    const order = razorpay.seedOrder(25_000, 'http-1');
    const { payment } = razorpay.completeCheckout(order.id, 'captured');
    const rzpHook = razorpay.webhook('payment.captured', payment.id);
    const session = stripe.settle(stripe.seedSession(9_900).id, 'paid');
    const stripeHook = stripe.webhook('checkout.session.completed', session);

    const statuses = [];
    for (const [provider, hook, send] of [
      ['razorpay', rzpHook, razorpay.send],
      ['razorpay', rzpHook, razorpay.send],
      ['stripe', stripeHook, stripe.send],
      ['stripe', stripeHook, stripe.send],
    ] as const) {
      const res = await send(`${base}/${provider}`, hook);
      statuses.push([res.status, await res.json()]);
    }
    expect(statuses).toEqual([
      [200, { status: 'accepted' }],
      [200, { status: 'duplicate' }],
      [200, { status: 'accepted' }],
      [200, { status: 'duplicate' }],
    ]);
    const forged = await razorpay.send(`${base}/razorpay`, {
      ...rzpHook,
      rawBody: rzpHook.rawBody.replace('25000', '1'),
    });
    expect([forged.status, await forged.json()]).toEqual([400, { error: 'bad_signature' }]);
    const crossed = await stripe.send(`${base}/razorpay`, stripeHook);
    expect(crossed.status).toBe(400);
    expect((await fetch(`${base}/paypal`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(effects.map((e) => [e.provider, e.type, e.amountPaise])).toEqual([
      ['razorpay', 'payment.captured', 25_000],
      ['stripe', 'payment.captured', 9_900],
    ]);
  });
});
