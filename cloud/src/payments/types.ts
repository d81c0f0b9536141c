/**
 * The contract every payment provider adapter implements (Razorpay, Stripe, cash, the built-in
 * test provider), plus the small persistence seams the payment layer needs. The layer itself holds
 * no database: webhook dedup goes through `EventLedger`, test-provider sessions through
 * `TestCheckoutStore`; the cloud implements both in SQL.
 *
 * Idempotency keys are derived, never stored: a checkout's key is its payment id, a refund's key is
 * its refund id, so a retry after an outage re-sends the same key without looking anything up.
 */

export type ProviderName = 'razorpay' | 'stripe' | 'cash' | 'test';

export interface Customer {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface CreateCheckoutInput {
  /** Our payment row id (uuid). Also the receipt / metadata that links the provider object back. */
  readonly paymentId: string;
  readonly amountPaise: number;
  readonly currency: 'INR';
  readonly description: string;
  readonly customer: Customer;
  /** Sent with every outgoing create call; derive it from `paymentId` so retries reuse it. */
  readonly idempotencyKey: string;
}

/** What the client needs to open the provider's checkout. */
export type CheckoutClientData =
  | {
      readonly kind: 'razorpay';
      readonly keyId: string;
      readonly orderId: string;
      readonly amountPaise: number;
      readonly currency: 'INR';
    }
  /** Stripe Checkout: the app sends the student to `url` (the hosted payment page) and back. */
  | { readonly kind: 'stripe'; readonly url: string }
  | { readonly kind: 'test'; readonly url: string }
  | { readonly kind: 'cash' };

export interface CheckoutResult {
  /** Razorpay order id, Stripe Checkout Session id, test checkout id, or the cash reference. */
  readonly providerRef: string;
  readonly checkout: CheckoutClientData;
}

export interface VerifyCheckoutInput {
  readonly providerRef: string;
  /** What the client posted back (Razorpay's handler response; `{}` for Stripe and test). */
  readonly payload: unknown;
}

export type PaymentStatus = 'captured' | 'pending' | 'failed';

export interface VerifyCheckoutResult {
  readonly status: PaymentStatus;
  readonly providerRef: string;
  /** The provider's id of the money movement (Razorpay `pay_…`, Stripe `pi_…`); needed to refund. */
  readonly providerPaymentId?: string;
  readonly amountPaise: number;
}

export type PaymentEventType =
  | 'payment.captured'
  | 'payment.failed'
  | 'refund.processed'
  | 'refund.failed'
  /** Signed and genuine, but nothing we act on (e.g. `order.paid`); acknowledged, not dispatched. */
  | 'ignored';

export interface PaymentEvent {
  readonly provider: ProviderName;
  readonly eventId: string;
  readonly type: PaymentEventType;
  /** The checkout reference (`CheckoutResult.providerRef`); '' when the event carries none. */
  readonly providerRef: string;
  readonly providerPaymentId?: string;
  readonly refundRef?: string;
  readonly amountPaise: number;
}

export interface RefundInput {
  readonly providerRef: string;
  /** From `VerifyCheckoutResult` / the capture event; Razorpay refunds the payment, not the order. */
  readonly providerPaymentId?: string;
  readonly amountPaise: number;
  /** Derive from our refund row id: a retried refund must never become a second refund. */
  readonly idempotencyKey: string;
}

export interface RefundResult {
  readonly refundRef: string;
  readonly status: 'processed' | 'pending' | 'failed';
}

export type WebhookHeaders = Readonly<Record<string, string>>;

export interface PaymentProvider {
  readonly name: ProviderName;
  createCheckout(input: CreateCheckoutInput): Promise<CheckoutResult>;
  verifyCheckout(input: VerifyCheckoutInput): Promise<VerifyCheckoutResult>;
  /** Verifies the signature on the RAW body; throws PaymentError bad_signature | stale | malformed. */
  parseWebhook(rawBody: string, headers: WebhookHeaders): PaymentEvent | Promise<PaymentEvent>;
  refund(input: RefundInput): Promise<RefundResult>;
}

/** Webhook dedup. SQL: `INSERT … ON CONFLICT DO NOTHING` on (provider, event_id). */
export interface EventLedger {
  /** True only the first time this (provider, eventId) is recorded. */
  recordOnce(provider: ProviderName, eventId: string): Promise<boolean>;
  /** Undo a record whose handling failed, so the provider's redelivery is processed. */
  release(provider: ProviderName, eventId: string): Promise<void>;
}

/** A pino-compatible subset, injected. */
export interface PaymentsLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export const silentLogger: PaymentsLogger = { info: () => {}, warn: () => {} };

/** Lower-case header names once, so adapters can read `x-razorpay-signature` whatever the casing. */
export function lowerCaseHeaders(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
