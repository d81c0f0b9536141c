/**
 * Stripe adapter through the official SDK: PaymentIntents for checkout (the client confirms with
 * the `client_secret`), a PaymentIntent retrieve for verification, Refunds, and webhooks verified
 * by `stripe.webhooks.constructEvent` (HMAC-SHA256 over `${t}.${rawBody}` with a timestamp
 * tolerance). Every create carries our idempotency key as the SDK's `idempotencyKey` option, which
 * it sends as the `Idempotency-Key` header; Stripe replays the stored response for a repeated key.
 * The API host is configurable (`host`/`port`/`protocol`), which is how tests reach the stand-in.
 */
import Stripe from 'stripe';
import { PaymentError } from '../errors.ts';
import type {
  CheckoutResult,
  CreateCheckoutInput,
  PaymentEvent,
  PaymentEventType,
  PaymentProvider,
  RefundInput,
  RefundResult,
  VerifyCheckoutResult,
  WebhookHeaders,
} from '../types.ts';
import { lowerCaseHeaders } from '../types.ts';

export interface StripeConfig {
  readonly secretKey: string;
  readonly webhookSecret: string;
  readonly publishableKey?: string;
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  /** SDK-internal retries (same key); our caller retries too. Tests use 0. */
  readonly maxNetworkRetries?: number;
  /** Webhook timestamp tolerance in seconds (Stripe's default is 300). */
  readonly toleranceSec?: number;
  /** Injected clock (ms) for the tolerance check. */
  readonly now?: () => number;
}

export function stripeProvider(config: StripeConfig) {
  const stripe = new Stripe(config.secretKey, {
    host: config.host,
    port: config.port,
    protocol: config.protocol,
    maxNetworkRetries: config.maxNetworkRetries ?? 2,
    timeout: 15_000,
  });
  return {
    name: 'stripe',
    createCheckout: (input) => call(() => createIntent(stripe, config, input)),
    verifyCheckout: (input) => call(() => retrieveIntent(stripe, input.providerRef)),
    parseWebhook: (rawBody, headers) => parseStripeWebhook(stripe, config, rawBody, headers),
    refund: (input) => call(() => createRefund(stripe, input)),
  } satisfies PaymentProvider;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toStripeError(error);
  }
}

export function toStripeError(error: unknown): PaymentError {
  if (error instanceof PaymentError) return error;
  if (!(error instanceof Stripe.errors.StripeError)) {
    return new PaymentError('provider_unavailable', String(error));
  }
  const meta = { status: error.statusCode, type: error.type, providerCode: error.code };
  if (error instanceof Stripe.errors.StripeCardError)
    return new PaymentError('declined', error.message, meta);
  if (error instanceof Stripe.errors.StripeAuthenticationError) {
    return new PaymentError('auth_failed', error.message, meta);
  }
  const status = error.statusCode ?? 0;
  if (status === 0 || status >= 500 || status === 429 || status === 409) {
    return new PaymentError('provider_unavailable', error.message, meta);
  }
  if (status === 404) return new PaymentError('not_found', error.message, meta);
  return new PaymentError('invalid_request', error.message, meta);
}

async function createIntent(
  stripe: Stripe,
  config: StripeConfig,
  input: CreateCheckoutInput,
): Promise<CheckoutResult> {
  const intent = await stripe.paymentIntents.create(
    {
      amount: input.amountPaise,
      currency: input.currency.toLowerCase(),
      description: input.description,
      receipt_email: input.customer.email,
      metadata: { payment_id: input.paymentId },
      automatic_payment_methods: { enabled: true },
    },
    { idempotencyKey: `checkout-${input.idempotencyKey}` },
  );
  if (!intent.client_secret)
    throw new PaymentError('provider_unavailable', 'PaymentIntent without client_secret');
  const checkout = config.publishableKey
    ? { kind: 'stripe' as const, clientSecret: intent.client_secret, publishableKey: config.publishableKey }
    : { kind: 'stripe' as const, clientSecret: intent.client_secret };
  return { providerRef: intent.id, checkout };
}

async function retrieveIntent(stripe: Stripe, id: string): Promise<VerifyCheckoutResult> {
  const intent = await stripe.paymentIntents.retrieve(id);
  const status =
    intent.status === 'succeeded'
      ? 'captured'
      : intent.status === 'canceled' || intent.last_payment_error
        ? 'failed'
        : 'pending';
  return { status, providerRef: intent.id, providerPaymentId: intent.id, amountPaise: intent.amount };
}

async function createRefund(stripe: Stripe, input: RefundInput): Promise<RefundResult> {
  const refund = await stripe.refunds.create(
    { payment_intent: input.providerRef, amount: input.amountPaise },
    { idempotencyKey: `refund-${input.idempotencyKey}` },
  );
  const status =
    refund.status === 'succeeded'
      ? 'processed'
      : refund.status === 'failed' || refund.status === 'canceled'
        ? 'failed'
        : 'pending';
  return { refundRef: refund.id, status };
}

function parseStripeWebhook(
  stripe: Stripe,
  config: StripeConfig,
  rawBody: string,
  headers: WebhookHeaders,
): PaymentEvent {
  const signature = lowerCaseHeaders(headers)['stripe-signature'];
  if (!signature) throw new PaymentError('bad_signature', 'missing Stripe-Signature');
  let event: Stripe.Event;
  try {
    const now = config.now?.() ?? Date.now();
    event = stripe.webhooks.constructEvent(
      rawBody,
      signature,
      config.webhookSecret,
      config.toleranceSec ?? 300,
      undefined,
      now,
    );
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
      throw new PaymentError('malformed', 'stripe webhook body is not an event');
    }
    const stale = /tolerance/i.test(error.message);
    throw new PaymentError(stale ? 'stale' : 'bad_signature', error.message);
  }
  return toPaymentEvent(event);
}

function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const base = { provider: 'stripe' as const, eventId: event.id };
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      const type: PaymentEventType =
        event.type === 'payment_intent.succeeded' ? 'payment.captured' : 'payment.failed';
      return {
        ...base,
        type,
        providerRef: intent.id,
        providerPaymentId: intent.id,
        amountPaise: intent.amount,
      };
    }
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed': {
      const refund = event.data.object;
      const intentId =
        typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? '');
      const type: PaymentEventType =
        refund.status === 'succeeded'
          ? 'refund.processed'
          : refund.status === 'failed'
            ? 'refund.failed'
            : 'ignored';
      return {
        ...base,
        type,
        providerRef: intentId,
        providerPaymentId: intentId,
        refundRef: refund.id,
        amountPaise: refund.amount,
      };
    }
    default:
      return { ...base, type: 'ignored', providerRef: '', amountPaise: 0 };
  }
}
