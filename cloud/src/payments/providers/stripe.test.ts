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
  it('creates a PaymentIntent, reads its status, and refunds idempotently', async () => {
    const stripe = provider({ publishableKey: 'pk_test_local' });
    const input = checkoutInput();
    const checkout = await stripe.createCheckout(input);
    const intent = standIn.intents.get(checkout.providerRef);
    expect(intent?.metadata).toEqual({ payment_id: input.paymentId });
    expect(intent?.currency).toBe('inr');
    expect(checkout.checkout).toEqual({
      kind: 'stripe',
      clientSecret: intent?.client_secret,
      publishableKey: 'pk_test_local',
    });

    expect((await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).status).toBe(
      'pending',
    );
    standIn.confirm(checkout.providerRef, 'succeeded');
    expect(await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).toEqual({
      status: 'captured',
      providerRef: checkout.providerRef,
      providerPaymentId: checkout.providerRef,
      amountPaise: 50_000,
    });

    const before = standIn.counts.refundsCreated;
    const refundInput = {
      providerRef: checkout.providerRef,
      amountPaise: 30_000,
      idempotencyKey: 'a1b2c3d4-refund-1',
    };
    const first = await stripe.refund(refundInput);
    expect(await stripe.refund(refundInput)).toEqual(first);
    expect(first.status).toBe('processed');
    expect(standIn.counts.refundsCreated - before).toBe(1);
  });

  it('reports a declined card as failed and maps API errors to codes', async () => {
    const stripe = provider();
    const checkout = await stripe.createCheckout(checkoutInput());
    standIn.confirm(checkout.providerRef, 'declined');
    expect((await stripe.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).status).toBe(
      'failed',
    );
    await expect(stripe.verifyCheckout({ providerRef: 'pi_missing', payload: {} })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(
      stripe.refund({ providerRef: checkout.providerRef, amountPaise: 1, idempotencyKey: 'refund-unpaid-1' }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const wrongKey = provider({ secretKey: 'sk_test_wrong' });
    await expect(wrongKey.createCheckout(checkoutInput())).rejects.toMatchObject({ code: 'auth_failed' });
  });
});

describe('stripe outage: pending, retried with the same Idempotency-Key, never double-charged', () => {
  for (const mode of ['503', 'commit-then-503', 'refused'] as const) {
    it(`creates exactly one PaymentIntent across a '${mode}' outage`, async () => {
      const stripe = provider();
      const input = checkoutInput();
      const before = standIn.counts.intentsCreated;
      await standIn.setOutage(mode);
      const failed = await attemptProviderCall(() => stripe.createCheckout(input));
      expect(failed).toMatchObject({ status: 'retry', error: { code: 'provider_unavailable' } });
      await standIn.setOutage('none');
      const retried = await attemptProviderCall(() => stripe.createCheckout(input), 1);
      const again = await attemptProviderCall(() => stripe.createCheckout(input), 2);
      expect(retried.status).toBe('ok');
      expect(again).toEqual(retried);
      expect(standIn.counts.intentsCreated - before).toBe(1);
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

  it('accepts an SDK-signed payment_intent.succeeded once', async () => {
    const { box, effects } = inbox();
    const intent = standIn.confirm(standIn.seedIntent(12_300).id, 'succeeded');
    const rawBody = JSON.stringify({
      id: 'evt_1Sdk',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: intent },
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
        providerRef: intent.id,
        providerPaymentId: intent.id,
        amountPaise: 12_300,
      },
    ]);
  });

  it('rejects forged, wrongly signed, stale and unsigned events', async () => {
    const { box, effects } = inbox();
    const intent = standIn.confirm(standIn.seedIntent(5_000).id, 'succeeded');
    const hook = standIn.webhook('payment_intent.succeeded', intent, { timestampSec: nowSec - 10 });
    const stale = standIn.webhook('payment_intent.succeeded', intent, { timestampSec: nowSec - 301 });
    const otherSecret = Stripe.webhooks.generateTestHeaderString({
      payload: hook.rawBody,
      secret: 'whsec_other',
      timestamp: nowSec,
    });
    const cases: [string, Record<string, string>, string][] = [
      [hook.rawBody.replace('"amount":5000', '"amount":1'), hook.headers, 'bad_signature'],
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

  it('maps refunds and payment failures, and acknowledges other events without an effect', async () => {
    const { box, effects } = inbox();
    const stripe = provider();
    const checkout = await stripe.createCheckout(checkoutInput());
    standIn.confirm(checkout.providerRef, 'succeeded');
    const refund = await stripe.refund({
      providerRef: checkout.providerRef,
      amountPaise: 50_000,
      idempotencyKey: 'refund-hook-st1',
    });
    const declined = standIn.confirm(standIn.seedIntent(700).id, 'declined');
    const hooks = [
      standIn.webhook(
        'refund.created',
        {
          id: refund.refundRef,
          object: 'refund',
          amount: 50_000,
          payment_intent: checkout.providerRef,
          status: 'succeeded',
        },
        { timestampSec: nowSec },
      ),
      standIn.webhook('payment_intent.payment_failed', declined, { timestampSec: nowSec }),
      standIn.webhook('charge.succeeded', { id: 'ch_1', object: 'charge' }, { timestampSec: nowSec }),
    ];
    const results = [];
    for (const h of hooks) results.push((await box.receive('stripe', h.rawBody, h.headers)).status);
    expect(results).toEqual(['accepted', 'accepted', 'ignored']);
    expect(effects.map((e) => [e.type, e.providerRef, e.refundRef])).toEqual([
      ['refund.processed', checkout.providerRef, refund.refundRef],
      ['payment.failed', declined.id, undefined],
    ]);
  });
});
