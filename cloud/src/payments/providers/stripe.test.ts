/**
 * The Stripe adapter through the official SDK against the local stand-in of Stripe's API.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StripeStandIn, startStripeStandIn } from '../../../test/stand-ins/stripe-api.ts';
import { MemoryEventLedger } from '../memory-ledger.ts';
import { attemptProviderCall } from '../provider-call.ts';
import type { CreateCheckoutInput, PaymentEvent } from '../types.ts';
import { WebhookInbox } from '../webhook-inbox.ts';
import { type StripeConfig, stripeProvider } from './stripe.ts';

const secrets = { secretKey: 'sk_test_51StudySpotLocalStandIn', webhookSecret: 'whsec_studyspot_local' };
const NOW_MS = 1_760_000_000_000;
let standIn: StripeStandIn;
let seq = 0;

beforeAll(async () => {
  standIn = await startStripeStandIn(secrets);
});
afterAll(() => standIn.close());
beforeEach(() => standIn.setOutage('none'));

function provider(overrides: Partial<StripeConfig> = {}) {
  return stripeProvider({
    ...secrets,
    host: standIn.host,
    port: standIn.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    now: () => NOW_MS,
    appUrl: 'https://studyspot.example/app/',
    ...overrides,
  });
}

function checkoutInput(amountPaise = 50_000): CreateCheckoutInput {
  const paymentId = `5e2d1c0b-7a9f-4e3d-8c2b-${String(++seq).padStart(12, '0')}`;
  return {
    paymentId,
    amountPaise,
    currency: 'INR',
    description: 'Day pass',
    customer: { email: 'asha@example.com' },
    idempotencyKey: paymentId,
  };
}

describe('stripe checkout → verify → refund through the SDK', () => {
  it('creates a Checkout Session that returns to the app, reads its status, and refunds idempotently', async () => {
    const stripe = provider();
    const input = checkoutInput();
    const checkout = await stripe.createCheckout(input);
    const session = standIn.sessions.get(checkout.providerRef);
    expect(session).toMatchObject({
      mode: 'payment',
      amount_total: 50_000,
      currency: 'inr',
      client_reference_id: input.paymentId,
      customer_email: 'asha@example.com',
      metadata: { payment_id: input.paymentId },
      intent_metadata: { payment_id: input.paymentId },
      success_url: `https://studyspot.example/app/#/payments/${input.paymentId}`,
      cancel_url: `https://studyspot.example/app/#/payments/${input.paymentId}/cancelled`,
    });
    expect(checkout.checkout).toEqual({ kind: 'stripe', url: session?.url });

    expect((await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).status).toBe(
      'pending',
    );
    const paid = standIn.settle(checkout.providerRef, 'paid');
    expect(await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).toEqual({
      status: 'captured',
      providerRef: checkout.providerRef,
      providerPaymentId: paid.payment_intent,
      amountPaise: 50_000,
    });
    expect(standIn.intents.get(paid.payment_intent ?? '')?.metadata).toEqual({ payment_id: input.paymentId });

    const before = standIn.counts.refundsCreated;
    // without the intent id at hand (a capture seen only by verify), the session leads to it
    const refundInput = {
      providerRef: checkout.providerRef,
      amountPaise: 30_000,
      idempotencyKey: 'a1b2c3d4-refund-1',
    };
    const first = await stripe.refund(refundInput);
    expect(await stripe.refund({ ...refundInput, providerPaymentId: paid.payment_intent ?? '' })).toEqual(
      first,
    );
    expect(first.status).toBe('processed');
    expect(standIn.counts.refundsCreated - before).toBe(1);
  });

  it('reports an expired session as failed and maps API errors to codes', async () => {
    const stripe = provider();
    const checkout = await stripe.createCheckout(checkoutInput());
    standIn.settle(checkout.providerRef, 'expired');
    expect((await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).status).toBe(
      'failed',
    );
    await expect(stripe.verifyCheckout({ providerRef: 'cs_missing', payload: {} })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      stripe.refund({ providerRef: checkout.providerRef, amountPaise: 1, idempotencyKey: 'refund-unpaid-1' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const wrongKey = provider({ secretKey: 'sk_test_wrong' });
    await expect(wrongKey.createCheckout(checkoutInput())).rejects.toMatchObject({ code: 'auth_failed' });
    const nowhere = provider({ appUrl: undefined });
    await expect(nowhere.createCheckout(checkoutInput())).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('stripe outage: pending, retried with the same Idempotency-Key, never double-charged', () => {
  for (const mode of ['503', 'commit-then-503', 'refused'] as const) {
    it(`creates exactly one Checkout Session across a '${mode}' outage`, async () => {
      const stripe = provider();
      const input = checkoutInput();
      const before = standIn.counts.sessionsCreated;
      await standIn.setOutage(mode);
      const failed = await attemptProviderCall(() => stripe.createCheckout(input));
      expect(failed).toMatchObject({ status: 'retry', error: { code: 'provider_unavailable' } });
      await standIn.setOutage('none');
      const retried = await attemptProviderCall(() => stripe.createCheckout(input), 1);
      const again = await attemptProviderCall(() => stripe.createCheckout(input), 2);
      expect(retried.status).toBe('ok');
      expect(again).toEqual(retried);
      expect(standIn.counts.sessionsCreated - before).toBe(1);
    });
  }

  it('refuses to reuse a checkout key for a different amount', async () => {
    const stripe = provider();
    const input = checkoutInput();
    await stripe.createCheckout(input);
    await expect(stripe.createCheckout({ ...input, amountPaise: 1_000 })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });
});

describe('stripe webhooks', () => {
  function inbox(stripe = provider()) {
    const effects: PaymentEvent[] = [];
    const box = new WebhookInbox({
      providers: { stripe },
      ledger: new MemoryEventLedger(),
      onEvent: async (e) => void effects.push(e),
    });
    return { box, effects };
  }
  const nowSec = Math.floor(NOW_MS / 1000);

  /** A session the student paid on the hosted page (a succeeded intent behind it). */
  const paidSession = (amount: number) => standIn.settle(standIn.seedSession(amount).id, 'paid');

  it('accepts an SDK-signed checkout.session.completed once', async () => {
    const { box, effects } = inbox();
    const session = paidSession(12_300);
    const rawBody = JSON.stringify({
      id: 'evt_1Sdk',
      object: 'event',
      type: 'checkout.session.completed',
      data: { object: session },
    });
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: rawBody,
      secret: secrets.webhookSecret,
      timestamp: nowSec,
    });
    const headers = { 'Stripe-Signature': header };
    expect(await box.receive('stripe', rawBody, headers)).toMatchObject({ status: 'accepted' });
    expect(await box.receive('stripe', rawBody, headers)).toEqual({
      status: 'duplicate',
      eventId: 'evt_1Sdk',
    });
    expect(effects).toEqual([
      {
        provider: 'stripe',
        eventId: 'evt_1Sdk',
        type: 'payment.captured',
        providerRef: session.id,
        providerPaymentId: session.payment_intent,
        amountPaise: 12_300,
      },
    ]);
  });

  it('rejects forged, wrongly signed, stale and unsigned events', async () => {
    const { box, effects } = inbox();
    const session = paidSession(5_000);
    const hook = standIn.webhook('checkout.session.completed', session, { timestampSec: nowSec - 10 });
    const stale = standIn.webhook('checkout.session.completed', session, { timestampSec: nowSec - 301 });
    const otherSecret = Stripe.webhooks.generateTestHeaderString({
      payload: hook.rawBody,
      secret: 'whsec_other',
      timestamp: nowSec,
    });
    const cases: [string, Record<string, string>, string][] = [
      [hook.rawBody.replace('"amount_total":5000', '"amount_total":1'), hook.headers, 'bad_signature'],
      [hook.rawBody, { 'stripe-signature': otherSecret }, 'bad_signature'],
      [stale.rawBody, stale.headers, 'stale'],
      [hook.rawBody, {}, 'bad_signature'],
      [hook.rawBody, { 'stripe-signature': 'garbage' }, 'bad_signature'],
    ];
    for (const [body, headers, code] of cases) {
      expect(await box.receive('stripe', body, headers)).toEqual({ status: 'rejected', code });
    }
    expect(effects).toEqual([]);
    expect(await box.receive('stripe', hook.rawBody, hook.headers)).toMatchObject({ status: 'accepted' });
  });

  it('maps refunds, expired and failed sessions, and acknowledges the rest without an effect', async () => {
    const { box, effects } = inbox();
    const stripe = provider();
    const checkout = await stripe.createCheckout(checkoutInput());
    const paid = standIn.settle(checkout.providerRef, 'paid');
    const refund = await stripe.refund({
      providerRef: checkout.providerRef,
      providerPaymentId: paid.payment_intent ?? '',
      amountPaise: 50_000,
      idempotencyKey: 'refund-hook-st1',
    });
    const dashboardRefund = {
      id: 're_dash',
      object: 'refund',
      amount: 100,
      payment_intent: 'pi_dash',
      status: 'succeeded',
    };
    const expired = standIn.settle(standIn.seedSession(700).id, 'expired');
    const delayed = { ...standIn.seedSession(800), status: 'complete', payment_status: 'unpaid' };
    const event = (type: string, object: object) => standIn.webhook(type, object, { timestampSec: nowSec });
    const hooks = [
      event('refund.created', { ...standIn.refundOf(refund.refundRef) }),
      event('refund.updated', dashboardRefund),
      event('checkout.session.expired', expired),
      event('checkout.session.completed', delayed),
      event('checkout.session.async_payment_failed', delayed),
      event('payment_intent.payment_failed', { id: 'pi_1', object: 'payment_intent', amount: 800 }),
      event('charge.succeeded', { id: 'ch_1', object: 'charge' }),
    ];
    const results = [];
    for (const h of hooks) results.push((await box.receive('stripe', h.rawBody, h.headers)).status);
    expect(results).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'ignored',
      'accepted',
      'ignored',
      'ignored',
    ]);
    expect(effects.map((e) => [e.type, e.providerRef, e.refundRef])).toEqual([
      ['refund.processed', checkout.providerRef, refund.refundRef],
      ['refund.processed', 'pi_dash', 're_dash'],
      ['payment.failed', expired.id, undefined],
      ['payment.failed', delayed.id, undefined],
    ]);
  });
});
