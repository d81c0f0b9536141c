/**
 * The built-in test provider's checkout page, as a Hono sub-app the cloud mounts (for example at
 * `/v1/pay/test`, matching `TestProviderConfig.checkoutBaseUrl`):
 *   GET  /:id          the page: amount, description, "Pay" and "Decline" buttons
 *   POST /:id/pay      capture, emit the signed `payment.captured` event, show the result
 *   POST /:id/decline  fail, emit the signed `payment.failed` event, show the result
 * Plain HTML forms and no script, so it works in any browser and under playwright.
 */
import { Hono } from 'hono';
import { isPaymentError } from '../errors.ts';
import type { TestCheckoutSession, TestProvider } from './test-provider.ts';

export function testCheckoutRoutes(provider: Pick<TestProvider, 'session' | 'complete'>): Hono {
  const app = new Hono();
  app.get('/:id', async (c) => {
    const session = await provider.session(c.req.param('id'));
    if (!session) return c.html(page('Not found', '<p>No such checkout.</p>'), 404);
    return c.html(page('Test checkout', checkoutBody(session)));
  });
  for (const [action, outcome] of [
    ['pay', 'captured'],
    ['decline', 'failed'],
  ] as const) {
    app.post(`/:id/${action}`, async (c) => {
      try {
        const session = await provider.complete(c.req.param('id'), outcome);
        return c.html(page('Test checkout', resultBody(session)));
      } catch (error) {
        if (isPaymentError(error) && error.code === 'not_found') {
          return c.html(page('Not found', '<p>No such checkout.</p>'), 404);
        }
        return c.html(
          page('Try again', '<p>The payment event could not be delivered; press the button again.</p>'),
          502,
        );
      }
    });
  }
  return app;
}

function checkoutBody(session: TestCheckoutSession): string {
  if (session.status !== 'created') return resultBody(session);
  return `<p class="provider">StudySpot test payments &mdash; no real money moves.</p>
<p class="description">${escapeHtml(session.description)}</p>
<p class="amount" data-amount-paise="${session.amountPaise}">${rupees(session.amountPaise)}</p>
<form method="post" action="${escapeHtml(session.id)}/pay"><button type="submit" name="pay">Pay</button></form>
<form method="post" action="${escapeHtml(session.id)}/decline"><button type="submit" name="decline">Decline</button></form>`;
}

function resultBody(session: TestCheckoutSession): string {
  const text = session.status === 'captured' ? 'Payment successful' : 'Payment declined';
  return `<p class="result" data-status="${session.status}">${text}</p>
<p class="amount">${rupees(session.amountPaise)}</p>`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

function rupees(paise: number): string {
  return `₹${(paise / 100).toFixed(2)}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
