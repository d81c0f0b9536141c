/**
 * Mounts the payment layer's plain-Hono sub-apps under /v1: provider webhooks at
 * /v1/webhooks/payments/:provider (raw body into the SQL-backed inbox; no bearer — the signature is
 * the credential) and, when the built-in test provider takes payments, its checkout page at
 * /v1/pay/test/:id.
 */
import { TEST_CHECKOUT_PATH } from '../../billing/index.ts';
import { testCheckoutRoutes } from '../../payments/providers/test-checkout-routes.ts';
import { paymentWebhookRoutes } from '../../payments/webhook-routes.ts';
import type { RouteDeps } from '../env.ts';
import { router } from '../openapi.ts';

export function paymentWebhookMount(d: RouteDeps) {
  const app = router();
  const billing = d.billing;
  if (!billing) return app;
  app.route('/webhooks/payments', paymentWebhookRoutes(billing.receiver));
  const test = billing.providers.testCheckout;
  if (test) app.route(TEST_CHECKOUT_PATH, testCheckoutRoutes(test));
  return app;
}
