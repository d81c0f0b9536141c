/**
 * Billing for the cloud: payments through the configured provider (Razorpay, Stripe, or the
 * built-in test provider without keys; cash for staff), webhooks into SQL, invoices, refunds,
 * reports. `createBilling` builds it from the cloud config; runCloud mounts its routes and runs
 * `tasks` (checkout and refund retries) on the messaging timer. ADR 0012.
 */
import { type CloudConfig, ConfigError } from '../config.ts';
import type { Database } from '../db/types.ts';
import { STUDENT_APP_PREFIX } from '../http/apps.ts';
import type { BackoffPolicy } from '../payments/provider-call.ts';
import { createProviders, type PaymentsConfig } from '../payments/providers/index.ts';
import type { TestCheckoutStore } from '../payments/providers/test-provider.ts';
import type { PaymentsLogger } from '../payments/types.ts';
import { retryDueCheckouts } from './checkout.ts';
import type { BillingContext } from './context.ts';
import { settleHubOutcomes } from './hub-outcomes.ts';
import { retryPendingRefunds } from './refunds.ts';
import { SqlWebhookReceiver } from './webhooks.ts';

export { capturePayment } from './capture.ts';
export { createPayment, retryDueCheckouts, tryCheckout } from './checkout.ts';
export type { BillingContext } from './context.ts';
export { invoiceNumber, invoicePrefix, issueInvoice } from './invoices.ts';
export { type PaymentView, toPaymentView } from './payment-rows.ts';
export { cancellationRefund, defaultRefundPolicy, RefundPolicy, refundPolicyOf } from './refund-policy.ts';
export { cancelPayment, onBookingRequestRejected, refundPayment, retryPendingRefunds } from './refunds.ts';
export { type MonthlyReport, monthlyReport } from './reports.ts';
export { recordCash, verifyPayment } from './verify-and-cash.ts';
export { applyPaymentEvent, narrowToTenant, SqlWebhookReceiver, TxEventLedger } from './webhooks.ts';

/** Mount path of the test provider's checkout page (under the API's /v1). */
export const TEST_CHECKOUT_PATH = '/pay/test';

export interface Billing extends BillingContext {
  receiver: SqlWebhookReceiver;
  tasks: { name: string; run(now: number): Promise<unknown> }[];
}

export interface BillingOptions {
  /** Provider keys; without them the built-in test provider takes online payments. */
  payments?: Omit<PaymentsConfig, 'test'>;
  /** Absolute base URL of the API ('' for same-origin links), for the test checkout page. */
  publicBaseUrl?: string;
  testCheckoutStore?: TestCheckoutStore;
  backoff?: BackoffPolicy;
  now?: () => number;
}

export function paymentsConfigOf(config: CloudConfig): Omit<PaymentsConfig, 'test'> {
  const { razorpayKeyId: keyId, razorpayKeySecret: keySecret, razorpayWebhookSecret: webhookSecret } = config;
  const { stripeSecretKey: secretKey, stripeWebhookSecret: stripeWebhook } = config;
  const razorpay = keyId && keySecret && webhookSecret ? { keyId, keySecret, webhookSecret } : undefined;
  const stripe = secretKey && stripeWebhook ? { secretKey, webhookSecret: stripeWebhook } : undefined;
  if (stripe && !razorpay && !config.publicUrl) {
    // Stripe Checkout sends the student back to an absolute URL of the app (ADR 0027).
    throw new ConfigError([
      'PUBLIC_URL: required with STRIPE_SECRET_KEY (Stripe Checkout returns to the app)',
    ]);
  }
  const stripeApi = config.stripeApiBaseUrl ? new URL(config.stripeApiBaseUrl) : undefined;
  return {
    razorpay: razorpay && { ...razorpay, apiBaseUrl: config.razorpayApiBaseUrl },
    stripe: stripe && {
      ...stripe,
      appUrl: config.publicUrl ? new URL(`${STUDENT_APP_PREFIX}/`, config.publicUrl).href : undefined,
      ...(stripeApi && {
        host: stripeApi.hostname,
        port: Number(stripeApi.port) || (stripeApi.protocol === 'http:' ? 80 : 443),
        protocol: stripeApi.protocol === 'http:' ? ('http' as const) : ('https' as const),
      }),
    },
  };
}

export function createBilling(db: Database, log: PaymentsLogger, options: BillingOptions = {}): Billing {
  let receiver: SqlWebhookReceiver | undefined;
  const providers = createProviders({
    ...options.payments,
    test: {
      checkoutBaseUrl: `${options.publicBaseUrl ?? ''}/v1${TEST_CHECKOUT_PATH}`,
      store: options.testCheckoutStore,
      // The test provider's "webhook" goes straight into the same intake as a real provider's.
      deliver: async (rawBody, headers) => {
        const result = await receiver?.receive('test', rawBody, headers);
        if (result?.status === 'rejected' || result?.status === 'retry') {
          throw new Error(`test webhook not accepted: ${result.status}`);
        }
        return result;
      },
    },
  });
  receiver = new SqlWebhookReceiver({ db, providers: providers.byName, logger: log, now: options.now });
  const ctx: BillingContext = { db, providers, log, backoff: options.backoff };
  return {
    ...ctx,
    receiver,
    tasks: [
      { name: 'payment checkout retries', run: (now) => retryDueCheckouts(ctx, now) },
      { name: 'refund retries', run: (now) => retryPendingRefunds(ctx, now) },
      { name: 'hub outcomes', run: (now) => settleHubOutcomes(ctx, now) },
    ],
  };
}
