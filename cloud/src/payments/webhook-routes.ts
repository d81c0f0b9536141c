/**
 * Hono sub-app for provider webhooks, for the cloud to mount at e.g. `/v1/webhooks/payments`:
 *   POST /:provider   (razorpay | stripe | test)
 * It hands the RAW body text to the inbox — never a re-serialised JSON parse, which would break
 * the signatures — and answers with `webhookHttpStatus` so providers redeliver exactly when they
 * should (2xx only for accepted / duplicate / ignored).
 */
import { Hono } from 'hono';
import type { ProviderName } from './types.ts';
import { type WebhookInbox, webhookHttpStatus } from './webhook-inbox.ts';

const WEBHOOK_PROVIDERS: readonly string[] = ['razorpay', 'stripe', 'test'] satisfies ProviderName[];

export function paymentWebhookRoutes(inbox: Pick<WebhookInbox, 'receive'>): Hono {
  const app = new Hono();
  app.post('/:provider', async (c) => {
    const provider = c.req.param('provider');
    if (!WEBHOOK_PROVIDERS.includes(provider)) return c.json({ error: 'unknown_provider' }, 404);
    const rawBody = await c.req.text();
    const headers = Object.fromEntries(c.req.raw.headers.entries());
    const result = await inbox.receive(provider as ProviderName, rawBody, headers);
    const status = webhookHttpStatus(result);
    return c.json(result.status === 'rejected' ? { error: result.code } : { status: result.status }, status);
  });
  return app;
}
