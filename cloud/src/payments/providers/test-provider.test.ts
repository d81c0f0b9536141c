/**
 * The built-in test provider end to end on a fresh machine: checkout page served by the Hono
 * sub-app, Pay / Decline posting back, the signed event going through the webhook inbox.
 */
import { describe, expect, it } from 'vitest';
import { hmacSha256Hex } from '../hmac.ts';
import { MemoryEventLedger } from '../memory-ledger.ts';
import type { CreateCheckoutInput, PaymentEvent } from '../types.ts';
import { WebhookInbox } from '../webhook-inbox.ts';
import { escapeHtml, testCheckoutRoutes } from './test-checkout-routes.ts';
import { testProvider } from './test-provider.ts';
import { signTestPayload, TEST_SIGNATURE_HEADER } from './test-signature.ts';

const NOW_MS = 1_760_000_000_000;

function setup() {
  const effects: PaymentEvent[] = [];
  const deliveries: { rawBody: string; headers: Record<string, string> }[] = [];
  const results: string[] = [];
  let inbox: WebhookInbox | undefined;
  const provider = testProvider({
    checkoutBaseUrl: '/v1/pay/test',
    now: () => NOW_MS,
    deliver: async (rawBody, headers) => {
      deliveries.push({ rawBody, headers });
      results.push((await inbox?.receive('test', rawBody, headers))?.status ?? 'none');
    },
  });
  inbox = new WebhookInbox({
    providers: { test: provider },
    ledger: new MemoryEventLedger(),
    onEvent: async (e) => void effects.push(e),
  });
  const app = testCheckoutRoutes(provider);
  return { provider, app, effects, deliveries, results, inbox };
}

const input = (over: Partial<CreateCheckoutInput> = {}): CreateCheckoutInput => ({
  paymentId: '9d3f0c52-1111-4a2b-9c3d-000000000001',
  amountPaise: 45_000,
  currency: 'INR',
  description: 'Monthly <Reading Room> plan',
  customer: {},
  idempotencyKey: '9d3f0c52-1111-4a2b-9c3d-000000000001',
  ...over,
});

describe('test provider checkout flow', () => {
  it('serves the checkout page and Pay emits one signed payment.captured', async () => {
    const { provider, app, effects, results } = setup();
    const checkout = await provider.createCheckout(input());
    expect(checkout.checkout).toEqual({ kind: 'test', url: `/v1/pay/test/${checkout.providerRef}` });
    const page = await app.request(`/${checkout.providerRef}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Monthly &#60;Reading Room&#62; plan');
    expect(html).toContain('₹450.00');
    expect(html).toContain(`action="${checkout.providerRef}/pay"`);
    expect(html).toContain(`action="${checkout.providerRef}/decline"`);

    const paid = await app.request(`/${checkout.providerRef}/pay`, { method: 'POST' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toContain('data-status="captured"');
    expect(effects).toEqual([
      expect.objectContaining({
        provider: 'test',
        type: 'payment.captured',
        providerRef: checkout.providerRef,
        amountPaise: 45_000,
      }),
    ]);
    expect((await provider.verifyCheckout({ providerRef: checkout.providerRef, payload: {} })).status).toBe(
      'captured',
    );

    // A second click (or Decline after Pay) re-delivers the same event: no second effect.
    await app.request(`/${checkout.providerRef}/decline`, { method: 'POST' });
    expect(results).toEqual(['accepted', 'duplicate']);
    expect(effects).toHaveLength(1);
  });

  it('Decline emits payment.failed; unknown checkouts are 404', async () => {
    const { provider, app, effects } = setup();
    const checkout = await provider.createCheckout(input());
    const declined = await app.request(`/${checkout.providerRef}/decline`, { method: 'POST' });
    expect(await declined.text()).toContain('data-status="failed"');
    expect(effects.map((e) => e.type)).toEqual(['payment.failed']);
    expect((await app.request('/tpc_nope')).status).toBe(404);
    expect((await app.request('/tpc_nope/pay', { method: 'POST' })).status).toBe(404);
  });

  it('is idempotent on createCheckout and refund, and refunds emit refund.processed', async () => {
    const { provider, app, effects } = setup();
    const first = await provider.createCheckout(input());
    expect(await provider.createCheckout(input())).toEqual(first);
    await expect(provider.createCheckout(input({ amountPaise: 1 }))).rejects.toMatchObject({
      code: 'amount_mismatch',
    });
    await expect(
      provider.refund({ providerRef: first.providerRef, amountPaise: 1, idempotencyKey: 'rf-000000001' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await app.request(`/${first.providerRef}/pay`, { method: 'POST' });
    const refund = { providerRef: first.providerRef, amountPaise: 45_000, idempotencyKey: 'rf-000000002' };
    const r1 = await provider.refund(refund);
    expect(await provider.refund(refund)).toEqual(r1);
    await expect(provider.refund({ ...refund, idempotencyKey: 'rf-000000003' })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    expect(effects.map((e) => [e.type, e.refundRef])).toEqual([
      ['payment.captured', undefined],
      ['refund.processed', r1.refundRef],
    ]);
  });

  it('rejects forged, wrong-secret, stale and unsigned test events', async () => {
    const { provider, app, deliveries, inbox } = setup();
    const checkout = await provider.createCheckout(input());
    await app.request(`/${checkout.providerRef}/pay`, { method: 'POST' });
    const [delivered] = deliveries;
    if (!delivered) throw new Error('no delivery');
    const t = Math.floor(NOW_MS / 1000);
    const forged = delivered.rawBody.replace('45000', '1');
    const wrongSecret = `t=${t},v1=${hmacSha256Hex('guessed', `${t}.${delivered.rawBody}`)}`;
    const cases: [string, Record<string, string>, string][] = [
      [forged, delivered.headers, 'bad_signature'],
      [delivered.rawBody, { [TEST_SIGNATURE_HEADER]: wrongSecret }, 'bad_signature'],
      [delivered.rawBody, {}, 'bad_signature'],
      [delivered.rawBody, { [TEST_SIGNATURE_HEADER]: 'nonsense' }, 'bad_signature'],
    ];
    for (const [body, headers, code] of cases) {
      expect(await inbox.receive('test', body, headers)).toEqual({ status: 'rejected', code });
    }
    // Stale: a correctly signed body whose timestamp is older than the tolerance.
    const secretless = testProvider({
      checkoutBaseUrl: '',
      secret: 's3cret',
      now: () => NOW_MS,
      deliver: async () => {},
    });
    const old = signTestPayload('s3cret', delivered.rawBody, t - 301);
    expect(() => secretless.parseWebhook(delivered.rawBody, { [TEST_SIGNATURE_HEADER]: old })).toThrow(
      expect.objectContaining({ code: 'stale' }),
    );
  });

  it('shows a retry page when the event cannot be delivered', async () => {
    const provider = testProvider({
      checkoutBaseUrl: '/x',
      deliver: async () => {
        throw new Error('cloud down');
      },
    });
    const checkout = await provider.createCheckout(input());
    const res = await testCheckoutRoutes(provider).request(`/${checkout.providerRef}/pay`, {
      method: 'POST',
    });
    expect(res.status).toBe(502);
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
