/**
 * WebhookInbox rules that do not depend on a provider's wire format: failing effects are retried,
 * unknown providers and cash "webhooks" are rejected, rejections are logged, HTTP mapping.
 */
import { describe, expect, it } from 'vitest';
import { MemoryEventLedger } from './memory-ledger.ts';
import { cashProvider } from './providers/cash.ts';
import { testProvider } from './providers/test-provider.ts';
import type { PaymentEvent } from './types.ts';
import { WebhookInbox, type WebhookResult, webhookHttpStatus } from './webhook-inbox.ts';

async function capturedEvent() {
  const hooks: { rawBody: string; headers: Record<string, string> }[] = [];
  const provider = testProvider({
    checkoutBaseUrl: '',
    deliver: async (rawBody, headers) => void hooks.push({ rawBody, headers }),
  });
  const checkout = await provider.createCheckout({
    paymentId: 'p-0000000001',
    amountPaise: 100,
    currency: 'INR',
    description: 'x',
    customer: {},
    idempotencyKey: 'p-0000000001',
  });
  await provider.complete(checkout.providerRef, 'captured');
  const [hook] = hooks;
  if (!hook) throw new Error('no hook');
  return { provider, hook };
}

describe('WebhookInbox', () => {
  it('releases the ledger when the effect fails, so the redelivery takes effect once', async () => {
    const { provider, hook } = await capturedEvent();
    const ledger = new MemoryEventLedger();
    const effects: PaymentEvent[] = [];
    let fail = true;
    const warnings: string[] = [];
    const inbox = new WebhookInbox({
      providers: { test: provider },
      ledger,
      onEvent: async (e) => {
        if (fail) throw new Error('db down');
        effects.push(e);
      },
      logger: { info: () => {}, warn: (_o, msg) => void warnings.push(msg) },
    });
    expect(await inbox.receive('test', hook.rawBody, hook.headers)).toMatchObject({ status: 'retry' });
    expect(ledger.size).toBe(0);
    expect(warnings).toEqual(['payment webhook effect failed']);
    fail = false;
    expect(await inbox.receive('test', hook.rawBody, hook.headers)).toMatchObject({ status: 'accepted' });
    expect(await inbox.receive('test', hook.rawBody, hook.headers)).toMatchObject({ status: 'duplicate' });
    expect(effects).toHaveLength(1);
  });

  it('rejects and logs events for unconfigured providers, cash, and the wrong provider path', async () => {
    const { provider, hook } = await capturedEvent();
    const warnings: object[] = [];
    const inbox = new WebhookInbox({
      providers: { test: provider, cash: cashProvider() },
      ledger: new MemoryEventLedger(),
      onEvent: async () => {
        throw new Error('must not be called');
      },
      logger: { info: () => {}, warn: (o) => void warnings.push(o) },
    });
    expect(await inbox.receive('stripe', hook.rawBody, hook.headers)).toEqual({
      status: 'rejected',
      code: 'unknown_provider',
    });
    expect(await inbox.receive('cash', hook.rawBody, hook.headers)).toEqual({
      status: 'rejected',
      code: 'bad_signature',
    });
    expect(await inbox.receive('test', 'not json', hook.headers)).toEqual({
      status: 'rejected',
      code: 'bad_signature',
    });
    expect(warnings).toHaveLength(3);
  });

  it('maps results to HTTP statuses providers understand', () => {
    const cases: [WebhookResult, number][] = [
      [
        {
          status: 'accepted',
          event: {
            provider: 'test',
            eventId: 'e',
            type: 'payment.captured',
            providerRef: 'r',
            amountPaise: 1,
          },
        },
        200,
      ],
      [{ status: 'duplicate', eventId: 'e' }, 200],
      [{ status: 'ignored', eventId: 'e' }, 200],
      [{ status: 'rejected', code: 'bad_signature' }, 400],
      [{ status: 'rejected', code: 'stale' }, 400],
      [{ status: 'rejected', code: 'unknown_provider' }, 404],
      [{ status: 'retry', eventId: 'e' }, 503],
    ];
    for (const [result, status] of cases) expect(webhookHttpStatus(result)).toBe(status);
  });
});
