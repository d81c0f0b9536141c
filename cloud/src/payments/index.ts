/**
 * Public surface of the payment layer for the cloud's HTTP and database code: the provider
 * contract and map, the webhook inbox and its ledger seam, the route sub-apps to mount, and the
 * in-memory implementations used in tests and on a database-less machine.
 */
export { isPaymentError, PAYMENT_ERROR_CODES, PaymentError, type PaymentErrorCode } from './errors.ts';
export { checkoutIdempotencyKey, refundIdempotencyKey } from './idempotency.ts';
export { MemoryEventLedger } from './memory-ledger.ts';
export { attemptProviderCall, backoffMs, type ProviderCallResult } from './provider-call.ts';
export {
  type ConfiguredProviders,
  createProviders,
  onlineProviderName,
  type PaymentsConfig,
  providerFactories,
} from './providers/index.ts';
export { testCheckoutRoutes } from './providers/test-checkout-routes.ts';
export {
  memoryTestCheckoutStore,
  type TestCheckoutSession,
  type TestCheckoutStore,
  type TestProvider,
  type WebhookDelivery,
} from './providers/test-provider.ts';
export type * from './types.ts';
export { lowerCaseHeaders, silentLogger } from './types.ts';
export { WebhookInbox, type WebhookResult, webhookHttpStatus } from './webhook-inbox.ts';
export { paymentWebhookRoutes } from './webhook-routes.ts';
