/**
 * The Razorpay adapter through the official SDK against the local stand-in of Razorpay's API.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RazorpayStandIn, startRazorpayStandIn } from '../../../test/stand-ins/razorpay-api.ts';
import { PaymentError } from '../errors.ts';
import { MemoryEventLedger } from '../memory-ledger.ts';
import { attemptProviderCall } from '../provider-call.ts';
import type { CreateCheckoutInput, PaymentEvent } from '../types.ts';
import { WebhookInbox } from '../webhook-inbox.ts';
import { razorpayProvider } from './razorpay.ts';

const creds = { keyId: 'rzp_test_1DP5mmOlF5G5ag', keySecret: 'thisisasecret', webhookSecret: 'whsecret_rzp' };
let standIn: RazorpayStandIn;
let seq = 0;

beforeAll(async () => {
  standIn = await startRazorpayStandIn(creds);
});
afterAll(() => standIn.close());
beforeEach(() => standIn.setOutage('none'));

const provider = () => razorpayProvider({ ...creds, apiBaseUrl: standIn.url });
function checkoutInput(amountPaise = 50_000): CreateCheckoutInput {
  const paymentId = `0b7c9e2a-5d1f-4c8e-9a6b-${String(++seq).padStart(12, '0')}`;
  return {
    paymentId,
    amountPaise,
    currency: 'INR',
    description: 'Monthly plan, Reading Room A',
    customer: { name: 'Asha', phone: '+919000000000' },
    idempotencyKey: paymentId,
  };
}

describe('razorpay checkout → verify → refund through the SDK', () => {
  it('creates an order, verifies the checkout signature, and refunds idempotently', async () => {
    const rzp = provider();
    const input = checkoutInput();
    const checkout = await rzp.createCheckout(input);
    expect(checkout.checkout).toEqual({
      kind: 'razorpay',
      keyId: creds.keyId,
      orderId: checkout.providerRef,
      amountPaise: 50_000,
      currency: 'INR',
    });
    expect(standIn.orders.get(checkout.providerRef)?.receipt).toBe(input.paymentId);

    const { response } = standIn.completeCheckout(checkout.providerRef, 'captured');
    const verified = await rzp.verifyCheckout({ providerRef: checkout.providerRef, payload: response });
    expect(verified).toEqual({
      status: 'captured',
      providerRef: checkout.providerRef,
      providerPaymentId: response.razorpay_payment_id,
      amountPaise: 50_000,
    });

    const before = standIn.counts.refundsCreated;
    const refundInput = {
      providerRef: checkout.providerRef,
      providerPaymentId: verified.providerPaymentId,
      amountPaise: 20_000,
      idempotencyKey: 'refund-7f3a2c1e-0001',
    };
    const first = await rzp.refund(refundInput);
    const again = await rzp.refund(refundInput);
    expect(first.status).toBe('processed');
    expect(again).toEqual(first);
    expect(standIn.counts.refundsCreated - before).toBe(1);
    expect(standIn.payments.get(response.razorpay_payment_id)?.amount_refunded).toBe(20_000);
  });

  it('reports a declined checkout as failed', async () => {
    const rzp = provider();
    const checkout = await rzp.createCheckout(checkoutInput());
    const { payment } = standIn.completeCheckout(checkout.providerRef, 'failed');
    const signature = createHmac('sha256', creds.keySecret)
      .update(`${checkout.providerRef}|${payment.id}`)
      .digest('hex');
    const payload = {
      razorpay_order_id: checkout.providerRef,
      razorpay_payment_id: payment.id,
      razorpay_signature: signature,
    };
    expect((await rzp.verifyCheckout({ providerRef: checkout.providerRef, payload })).status).toBe('failed');
  });

  it('rejects a forged checkout signature, a swapped order and a malformed payload', async () => {
    const rzp = provider();
    const checkout = await rzp.createCheckout(checkoutInput());
    const other = await rzp.createCheckout(checkoutInput());
    const { response } = standIn.completeCheckout(checkout.providerRef, 'captured');
    const forged = { ...response, razorpay_signature: 'f'.repeat(64) };
    await expect(
      rzp.verifyCheckout({ providerRef: checkout.providerRef, payload: forged }),
    ).rejects.toMatchObject({
      code: 'bad_signature',
    });
    await expect(
      rzp.verifyCheckout({ providerRef: other.providerRef, payload: response }),
    ).rejects.toMatchObject({
      code: 'bad_signature',
    });
    await expect(
      rzp.verifyCheckout({ providerRef: checkout.providerRef, payload: {} }),
    ).rejects.toMatchObject({
      code: 'malformed',
    });
  });

  it('maps a wrong key to auth_failed and an over-refund to invalid_request', async () => {
    const wrong = razorpayProvider({ ...creds, keySecret: 'nope', apiBaseUrl: standIn.url });
    await expect(wrong.createCheckout(checkoutInput())).rejects.toMatchObject({ code: 'auth_failed' });
    const rzp = provider();
    const checkout = await rzp.createCheckout(checkoutInput(10_000));
    const { payment } = standIn.completeCheckout(checkout.providerRef, 'captured');
    const over = {
      providerRef: checkout.providerRef,
      providerPaymentId: payment.id,
      amountPaise: 10_001,
      idempotencyKey: 'refund-over-0001',
    };
    await expect(rzp.refund(over)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});

describe('razorpay outage: pending, retried with the same key, never double-charged', () => {
  for (const mode of ['503', 'commit-then-503', 'refused'] as const) {
    it(`creates exactly one order across a '${mode}' outage`, async () => {
      const rzp = provider();
      const input = checkoutInput();
      const before = standIn.counts.ordersCreated;
      await standIn.setOutage(mode);
      const failed = await attemptProviderCall(() => rzp.createCheckout(input), 0);
      expect(failed.status).toBe('retry');
      if (failed.status === 'retry') {
        expect(failed.error).toBeInstanceOf(PaymentError);
        expect(failed.error.code).toBe('provider_unavailable');
        expect(failed.retryAfterMs).toBe(1_000);
      }
      await standIn.setOutage('none');
      const retried = await attemptProviderCall(() => rzp.createCheckout(input), 1);
      const again = await attemptProviderCall(() => rzp.createCheckout(input), 2);
      expect(retried.status).toBe('ok');
      expect(again).toEqual(retried);
      expect(standIn.counts.ordersCreated - before).toBe(1);
    });
  }

  it('refunds exactly once across a lost refund response', async () => {
    const rzp = provider();
    const checkout = await rzp.createCheckout(checkoutInput());
    const { payment } = standIn.completeCheckout(checkout.providerRef, 'captured');
    const input = {
      providerRef: checkout.providerRef,
      providerPaymentId: payment.id,
      amountPaise: 50_000,
      idempotencyKey: 'refund-lost-0001',
    };
    const before = standIn.counts.refundsCreated;
    await standIn.setOutage('commit-then-503');
    await expect(rzp.refund(input)).rejects.toMatchObject({ code: 'provider_unavailable' });
    await standIn.setOutage('none');
    expect((await rzp.refund(input)).status).toBe('processed');
    expect(standIn.counts.refundsCreated - before).toBe(1);
    expect(standIn.payments.get(payment.id)?.amount_refunded).toBe(50_000);
  });
});

describe('razorpay webhooks', () => {
  async function setup() {
    const rzp = provider();
    const effects: PaymentEvent[] = [];
    const inbox = new WebhookInbox({
      providers: { razorpay: rzp },
      ledger: new MemoryEventLedger(),
      onEvent: async (e) => void effects.push(e),
    });
    const checkout = await rzp.createCheckout(checkoutInput());
    const { payment } = standIn.completeCheckout(checkout.providerRef, 'captured');
    return { inbox, effects, checkout, payment };
  }

  it('accepts a signed payment.captured once and ignores its redelivery', async () => {
    const { inbox, effects, checkout, payment } = await setup();
    const hook = standIn.webhook('payment.captured', payment.id);
    expect(await inbox.receive('razorpay', hook.rawBody, hook.headers)).toMatchObject({ status: 'accepted' });
    expect(await inbox.receive('razorpay', hook.rawBody, hook.headers)).toMatchObject({
      status: 'duplicate',
    });
    expect(effects).toEqual([
      {
        provider: 'razorpay',
        eventId: hook.headers['x-razorpay-event-id'],
        type: 'payment.captured',
        providerRef: checkout.providerRef,
        providerPaymentId: payment.id,
        refundRef: undefined,
        amountPaise: 50_000,
      },
    ]);
  });

  it('rejects a forged body, a wrong secret and a missing signature', async () => {
    const { inbox, effects, payment } = await setup();
    const hook = standIn.webhook('payment.captured', payment.id);
    const forgedBody = hook.rawBody.replace('"amount":50000', '"amount":5');
    const wrongSecret = createHmac('sha256', 'not-the-secret').update(hook.rawBody).digest('hex');
    const { 'x-razorpay-signature': _dropped, ...unsigned } = hook.headers;
    for (const [body, headers] of [
      [forgedBody, hook.headers],
      [hook.rawBody, { ...hook.headers, 'x-razorpay-signature': wrongSecret }],
      [hook.rawBody, unsigned],
    ] as const) {
      expect(await inbox.receive('razorpay', body, headers)).toEqual({
        status: 'rejected',
        code: 'bad_signature',
      });
    }
    expect(effects).toEqual([]);
  });

  it('maps refund.processed and acknowledges order.paid without an effect', async () => {
    const { inbox, effects, checkout, payment } = await setup();
    const refund = await provider().refund({
      providerRef: checkout.providerRef,
      providerPaymentId: payment.id,
      amountPaise: 50_000,
      idempotencyKey: 'refund-hook-0001',
    });
    const paid = standIn.webhook('order.paid', payment.id);
    expect(await inbox.receive('razorpay', paid.rawBody, paid.headers)).toMatchObject({ status: 'ignored' });
    const hook = standIn.webhook('refund.processed', payment.id, refund.refundRef);
    expect(await inbox.receive('razorpay', hook.rawBody, hook.headers)).toMatchObject({ status: 'accepted' });
    expect(effects.map((e) => [e.type, e.refundRef, e.providerRef])).toEqual([
      ['refund.processed', refund.refundRef, checkout.providerRef],
    ]);
  });
});
