/**
 * Stripe adapter through the official SDK: a hosted Checkout Session per payment (the student app
 * redirects to `session.url`; Stripe sends the student back to the app's payment screen, ADR 0027),
 * a session retrieve for verification, Refunds of the session's PaymentIntent, and webhooks verified
 * by `stripe.webhooks.constructEvent` (HMAC-SHA256 over `${t}.${rawBody}` with a timestamp
 * tolerance). Every create carries our idempotency key as the SDK's `idempotencyKey` option, which
 * it sends as the `Idempotency-Key` header; Stripe replays the stored response for a repeated key.
 * The API host is configurable (`host`/`port`/`protocol`), which is how tests reach the stand-in.
 *
 * The session id is the payment's provider reference. The session's events carry the outcome
 * (`checkout.session.completed` when paid, `…async_payment_succeeded|failed` for delayed methods,
 * `…expired`); PaymentIntent events are acknowledged without effect — a declined card inside
 * Checkout is retried there, not a failed payment. Refunds carry the session id in their metadata,
 * so their events find the payment too.
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
  /** The student app's absolute URL (`https://…/app/`): where Checkout sends the student back. */
  readonly appUrl?: string | undefined;
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
    createCheckout: (input) => call(() => createSession(stripe, config, input)),
    verifyCheckout: (input) => call(() => retrieveSession(stripe, input.providerRef)),
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

/** The app's payment screen for `paymentId` (apps/mobile/src/pay/return-screen.tsx). */
export function returnUrls(appUrl: string, paymentId: string): { success: string; cancel: string } {
  const screen = new URL(`#/payments/${paymentId}`, appUrl).href;
  return { success: screen, cancel: `${screen}/cancelled` };
}

async function createSession(
  stripe: Stripe,
  config: StripeConfig,
  input: CreateCheckoutInput,
): Promise<CheckoutResult> {
  if (!config.appUrl)
    throw new PaymentError('invalid_request', 'Stripe Checkout needs the app URL (PUBLIC_URL)');
  const back = returnUrls(config.appUrl, input.paymentId);
  const metadata = { payment_id: input.paymentId };
  const session = await stripe.checkout.sessions.create(
    {
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: input.currency.toLowerCase(),
            unit_amount: input.amountPaise,
            product_data: { name: input.description },
          },
        },
      ],
      client_reference_id: input.paymentId,
      customer_email: input.customer.email,
      metadata,
      payment_intent_data: { description: input.description, metadata },
      success_url: back.success,
      cancel_url: back.cancel,
    },
    { idempotencyKey: `checkout-${input.idempotencyKey}` },
  );
  if (!session.url) throw new PaymentError('provider_unavailable', 'Checkout Session without url');
  return { providerRef: session.id, checkout: { kind: 'stripe', url: session.url } };
}

const intentId = (intent: string | Stripe.PaymentIntent | null): string | undefined =>
  typeof intent === 'string' ? intent : (intent?.id ?? undefined);

function sessionStatus(session: Stripe.Checkout.Session): VerifyCheckoutResult['status'] {
  if (session.payment_status === 'paid') return 'captured';
  return session.status === 'expired' ? 'failed' : 'pending';
}

async function retrieveSession(stripe: Stripe, id: string): Promise<VerifyCheckoutResult> {
  const session = await stripe.checkout.sessions.retrieve(id);
  const providerPaymentId = intentId(session.payment_intent);
  return {
    status: sessionStatus(session),
    providerRef: session.id,
    ...(providerPaymentId && { providerPaymentId }),
    amountPaise: session.amount_total ?? 0,
  };
}

async function createRefund(stripe: Stripe, input: RefundInput): Promise<RefundResult> {
  const paymentIntent =
    input.providerPaymentId ??
    intentId((await stripe.checkout.sessions.retrieve(input.providerRef)).payment_intent);
  if (!paymentIntent)
    throw new PaymentError('invalid_request', 'the Checkout Session has no payment to refund');
  const refund = await stripe.refunds.create(
    {
      payment_intent: paymentIntent,
      amount: input.amountPaise,
      metadata: { checkout_session: input.providerRef },
    },
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

const SESSION_EVENTS: Readonly<Record<string, PaymentEventType>> = {
  'checkout.session.completed': 'payment.captured',
  'checkout.session.async_payment_succeeded': 'payment.captured',
  'checkout.session.async_payment_failed': 'payment.failed',
  'checkout.session.expired': 'payment.failed',
};

function sessionEvent(base: { provider: 'stripe'; eventId: string }, event: Stripe.Event): PaymentEvent {
  const session = event.data.object as Stripe.Checkout.Session;
  let type = SESSION_EVENTS[event.type] ?? 'ignored';
  // a completed session of a delayed method (bank debit) is not paid yet: its async event will say
  if (event.type === 'checkout.session.completed' && session.payment_status !== 'paid') type = 'ignored';
  const providerPaymentId = intentId(session.payment_intent);
  return {
    ...base,
    type,
    providerRef: session.id,
    ...(providerPaymentId && { providerPaymentId }),
    amountPaise: session.amount_total ?? 0,
  };
}

function refundEvent(base: { provider: 'stripe'; eventId: string }, refund: Stripe.Refund): PaymentEvent {
  const paymentIntent = intentId(refund.payment_intent) ?? '';
  const type: PaymentEventType =
    refund.status === 'succeeded'
      ? 'refund.processed'
      : refund.status === 'failed'
        ? 'refund.failed'
        : 'ignored';
  return {
    ...base,
    type,
    // our refunds name their session; a refund made in Stripe's dashboard names only the intent
    providerRef: refund.metadata?.checkout_session ?? paymentIntent,
    providerPaymentId: paymentIntent,
    refundRef: refund.id,
    amountPaise: refund.amount,
  };
}

function toPaymentEvent(event: Stripe.Event): PaymentEvent {
  const base = { provider: 'stripe' as const, eventId: event.id };
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      return sessionEvent(base, event);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return refundEvent(base, event.data.object);
    default:
      return { ...base, type: 'ignored', providerRef: '', amountPaise: 0 };
  }
}
