/**
 * Provider selection by configuration, and the cash provider (no remote calls).
 */
import { describe, expect, it } from 'vitest';
import { PaymentError } from '../errors.ts';
import { checkoutIdempotencyKey, refundIdempotencyKey } from '../idempotency.ts';
import { attemptProviderCall, backoffMs } from '../provider-call.ts';
import { cashProvider } from './cash.ts';
import { createProviders, onlineProviderName, type PaymentsConfig, providerFactories } from './index.ts';

const test = { checkoutBaseUrl: '/v1/pay/test', deliver: async () => {} };
const razorpay = { keyId: 'rzp_test_x', keySecret: 's', webhookSecret: 'w' };
const stripe = { secretKey: 'sk_test_x', webhookSecret: 'whsec_x' };

describe('provider selection', () => {
  it.each<[string, PaymentsConfig, string]>([
    ['no keys', { test }, 'test'],
    ['razorpay keys', { test, razorpay }, 'razorpay'],
    ['stripe keys', { test, stripe }, 'stripe'],
    ['both: razorpay first (INR)', { test, razorpay, stripe }, 'razorpay'],
    ['incomplete razorpay keys', { test, razorpay: { ...razorpay, webhookSecret: '' } }, 'test'],
  ])('%s → %s', (_label, config, expected) => {
    expect(onlineProviderName(config)).toBe(expected);
    const providers = createProviders(config);
    expect(providers.online.name).toBe(expected);
    expect(Object.keys(providers.byName).sort()).toEqual(['cash', expected].sort());
    expect(providers.testCheckout !== undefined).toBe(expected === 'test');
  });

  it('fails loudly when a provider is asked for without its config', () => {
    expect(() => providerFactories.razorpay({})).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => providerFactories.test({})).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});

describe('cash provider', () => {
  it('records staff receipts and refunds locally, idempotently', async () => {
    const cash = cashProvider();
    const input = {
      paymentId: 'p1',
      amountPaise: 500,
      currency: 'INR' as const,
      description: '',
      customer: {},
      idempotencyKey: 'p-00000001',
    };
    const checkout = await cash.createCheckout(input);
    expect(checkout).toEqual({ providerRef: 'cash_p-00000001', checkout: { kind: 'cash' } });
    const payload = { recordedBy: 'staff-1', amountPaise: 500 };
    expect(await cash.verifyCheckout({ providerRef: checkout.providerRef, payload })).toEqual({
      status: 'captured',
      providerRef: checkout.providerRef,
      amountPaise: 500,
    });
    await expect(
      cash.verifyCheckout({ providerRef: checkout.providerRef, payload: { amountPaise: 5 } }),
    ).rejects.toMatchObject({
      code: 'malformed',
    });
    const refund = { providerRef: checkout.providerRef, amountPaise: 500, idempotencyKey: 'r-00000001' };
    expect(await cash.refund(refund)).toEqual(await cash.refund(refund));
    expect(() => cash.parseWebhook()).toThrow(expect.objectContaining({ code: 'unsupported' }));
  });
});

describe('idempotency keys and retry results', () => {
  it('derives keys from row ids and rejects unusable ones', () => {
    const id = '0b7c9e2a-5d1f-4c8e-9a6b-000000000001';
    expect(checkoutIdempotencyKey(id)).toBe(id);
    expect(refundIdempotencyKey(id)).toBe(id);
    expect(() => refundIdempotencyKey('short')).toThrow(TypeError);
  });

  it('backs off exponentially up to a cap, and separates final failures from retries', async () => {
    expect([0, 1, 2, 10, 20].map((n) => backoffMs(n))).toEqual([1_000, 2_000, 4_000, 300_000, 300_000]);
    const unknown = await attemptProviderCall(async () => {
      throw new Error('socket hang up');
    });
    expect(unknown).toMatchObject({
      status: 'retry',
      error: { code: 'provider_unavailable' },
      retryAfterMs: 1_000,
    });
    const final = await attemptProviderCall(async () => {
      throw new PaymentError('declined');
    });
    expect(final).toMatchObject({ status: 'failed', error: { code: 'declined', retryable: false } });
  });
});
