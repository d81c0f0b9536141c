/**
 * Razorpay and Stripe through their real SDKs against the local stand-ins of their APIs, over the
 * cloud's HTTP API on both backends: checkout → provider-side payment → verify and/or signed
 * webhook → captured and invoiced. Forged and stale webhooks are rejected (400) and logged. An
 * outage that swallows the answer to an order create ("commit-then-503") leaves the payment
 * pending; after recovery the retry with the same idempotency key finds the order: exactly one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RazorpayStandIn, startRazorpayStandIn } from '../../test/stand-ins/razorpay-api.ts';
import { type StripeStandIn, startStripeStandIn } from '../../test/stand-ins/stripe-api.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { addRequest, billingApp, DAY_PASS, json, seedShop } from './billing.fixture.ts';
import { retryDueCheckouts } from './checkout.ts';

const rzp = { keyId: 'rzp_test_flows', keySecret: 'flows_secret', webhookSecret: 'flows_whsec' };
const stripeKeys = { secretKey: 'sk_test_flows', webhookSecret: 'whsec_flows' };
let razorpay: RazorpayStandIn;
let stripe: StripeStandIn;

beforeAll(async () => {
  [razorpay, stripe] = await Promise.all([startRazorpayStandIn(rzp), startStripeStandIn(stripeKeys)]);
});
afterAll(async () => {
  await Promise.all([razorpay.close(), stripe.close()]);
});

interface PaymentBody {
  id: string;
  status: string;
  retryAt: number | null;
  checkout: { kind: string; orderId?: string; url?: string } | null;
}

describe.each(backends)('provider flows on %s', (kind) => {
  const t = useTestDatabase(kind);
  const razorpayApp = () =>
    billingApp(t().db, { payments: { razorpay: { ...rzp, apiBaseUrl: razorpay.url } } });
  const stripeApp = () =>
    billingApp(t().db, {
      payments: {
        stripe: {
          ...stripeKeys,
          host: '127.0.0.1',
          port: stripe.port,
          protocol: 'http',
          maxNetworkRetries: 0,
          appUrl: 'https://studyspot.example/app/',
        },
      },
    });

  async function start(ctx: ReturnType<typeof billingApp>, slug: string) {
    const shop = await seedShop(t().db, slug);
    const requestId = await addRequest(t().db, shop);
    const student = ctx.auth.bearer(shop.student);
    const body = { libraryId: shop.libraryId, purpose: 'booking_request', targetId: requestId };
    const res = await ctx.app.request('/v1/payments', json(body, student));
    expect(res.status).toBe(201);
    return { shop, student, payment: (await res.json()) as PaymentBody, body };
  }

  const invoiceCount = (tenantId: string) =>
    t().db.tenant(tenantId, async (tx) => (await tx.query('SELECT 1 FROM invoices')).length);

  it('razorpay: order → checkout signature verify → webhook (already captured: no second effect)', async () => {
    const ctx = razorpayApp();
    const { shop, student, payment } = await start(ctx, `rzp-${kind}`);
    const orderId = payment.checkout?.orderId ?? '';
    expect(razorpay.orders.get(orderId)?.amount).toBe(DAY_PASS.total);
    const { response, payment: rzpPayment } = razorpay.completeCheckout(orderId, 'captured');
    const verified = await ctx.app.request(
      `/v1/payments/${payment.id}/verify`,
      json({ payload: response }, student),
    );
    expect(((await verified.json()) as PaymentBody).status).toBe('captured');
    const hook = razorpay.webhook('payment.captured', rzpPayment.id);
    const res = await ctx.app.request('/v1/webhooks/payments/razorpay', {
      method: 'POST',
      headers: hook.headers,
      body: hook.rawBody,
    });
    expect(await res.json()).toEqual({ status: 'accepted' });
    expect(await invoiceCount(shop.tenantId)).toBe(1);
    const forged = await ctx.app.request(
      `/v1/payments/${payment.id}/verify`,
      json({ payload: { ...response, razorpay_signature: 'f'.repeat(64) } }, student),
    );
    expect(forged.status).toBe(200);
  });

  it('razorpay: forged webhooks are rejected with 400 and logged, changing nothing', async () => {
    const ctx = razorpayApp();
    const { shop, payment } = await start(ctx, `rzp-forged-${kind}`);
    const { payment: rzpPayment } = razorpay.completeCheckout(payment.checkout?.orderId ?? '', 'captured');
    const hook = razorpay.webhook('payment.captured', rzpPayment.id);
    const tampered = hook.rawBody.replace(`"amount":${DAY_PASS.total}`, '"amount":1');
    const res = await ctx.app.request('/v1/webhooks/payments/razorpay', {
      method: 'POST',
      headers: hook.headers,
      body: tampered,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_signature' });
    expect(ctx.log.warnings.map((w) => w.msg)).toContain('payment webhook rejected');
    expect(await invoiceCount(shop.tenantId)).toBe(0);
  });

  it('stripe: Checkout Session → signed webhook captures; a stale signature is rejected; a refund finds the intent', async () => {
    const ctx = stripeApp();
    const { shop, payment } = await start(ctx, `stripe-${kind}`);
    expect(payment.checkout?.kind).toBe('stripe');
    const sessionId = new URL(payment.checkout?.url ?? 'http://x/').pathname.split('/').pop() ?? '';
    expect(stripe.sessions.get(sessionId)?.success_url).toBe(
      `https://studyspot.example/app/#/payments/${payment.id}`,
    );
    const session = stripe.settle(sessionId, 'paid');
    const stale = stripe.webhook('checkout.session.completed', session, {
      timestampSec: Math.floor(Date.now() / 1000) - 3600,
    });
    const refused = await ctx.app.request('/v1/webhooks/payments/stripe', {
      method: 'POST',
      headers: stale.headers,
      body: stale.rawBody,
    });
    expect(await refused.json()).toEqual({ error: 'stale' });
    const hook = stripe.webhook('checkout.session.completed', session);
    const res = await ctx.app.request('/v1/webhooks/payments/stripe', {
      method: 'POST',
      headers: hook.headers,
      body: hook.rawBody,
    });
    expect(await res.json()).toEqual({ status: 'accepted' });
    const again = await ctx.app.request('/v1/webhooks/payments/stripe', {
      method: 'POST',
      headers: hook.headers,
      body: hook.rawBody,
    });
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(await invoiceCount(shop.tenantId)).toBe(1);
    const refund = await ctx.app.request(
      `/v1/payments/${payment.id}/refund`,
      json({ amountPaise: 1_000 }, ctx.auth.bearer(shop.owner)),
    );
    expect(await refund.json()).toMatchObject({ amountPaise: 1_000, status: 'processed' });
    expect([...stripe.intents.values()].find((i) => i.id === session.payment_intent)?.metadata).toEqual({
      payment_id: payment.id,
    });
  });

  it('razorpay outage: the payment stays pending and is retried with the same key — exactly one order', async () => {
    const ctx = razorpayApp();
    const before = razorpay.counts.ordersCreated;
    await razorpay.setOutage('503');
    try {
      const { student, payment, body } = await start(ctx, `rzp-outage-${kind}`);
      expect(payment).toMatchObject({ status: 'pending', checkout: null });
      expect(payment.retryAt).not.toBeNull();
      expect(await retryDueCheckouts(ctx.billing, (payment.retryAt ?? 0) + 1)).toBe(1);
      expect(razorpay.counts.ordersCreated - before).toBe(0);
      await razorpay.setOutage('none');
      expect(await retryDueCheckouts(ctx.billing, Date.now() + 3_600_000)).toBe(1);
      const after = (await (
        await ctx.app.request('/v1/payments', json(body, student))
      ).json()) as PaymentBody;
      expect(after.id).toBe(payment.id);
      expect(after.checkout?.kind).toBe('razorpay');
      expect(razorpay.counts.ordersCreated - before).toBe(1);
      expect(razorpay.orders.get(after.checkout?.orderId ?? '')?.receipt).toBe(payment.id);
    } finally {
      await razorpay.setOutage('none');
    }
  });

  it('stripe outage after the session was created (answer lost): the retry replays it — never two', async () => {
    const ctx = stripeApp();
    const before = stripe.counts.sessionsCreated;
    await stripe.setOutage('commit-then-503');
    try {
      const { student, payment } = await start(ctx, `stripe-outage-${kind}`);
      expect(payment).toMatchObject({ status: 'pending', checkout: null });
      expect(stripe.counts.sessionsCreated - before).toBe(1);
      await stripe.setOutage('none');
      const retried = await ctx.app.request(`/v1/payments/${payment.id}/checkout`, {
        method: 'POST',
        headers: student,
      });
      const after = (await retried.json()) as PaymentBody;
      expect(after.checkout?.kind).toBe('stripe');
      expect(stripe.counts.sessionsCreated - before).toBe(1);
    } finally {
      await stripe.setOutage('none');
    }
  });
});
