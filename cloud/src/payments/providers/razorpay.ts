/**
 * Razorpay adapter through the official SDK: Orders for checkout, the checkout handler's
 * `order_id|payment_id` signature (HMAC-SHA256 with the key secret) plus a payment fetch for
 * verification, `X-Razorpay-Signature` (HMAC-SHA256 of the raw body with the webhook secret) for
 * webhooks, deduplicated upstream by `x-razorpay-event-id`, and idempotent refunds.
 *
 * Order creation has no idempotency header, so the order `receipt` is our idempotency key and we
 * look for an order with that receipt before creating one: a create whose response was lost in an
 * outage is found on retry instead of being created twice.
 */
import type Razorpay from 'razorpay';
import { z } from 'zod';
import { PaymentError } from '../errors.ts';
import { hexEquals, hmacSha256Hex, sha256Hex } from '../hmac.ts';
import type {
  CheckoutResult,
  CreateCheckoutInput,
  PaymentEvent,
  PaymentEventType,
  PaymentProvider,
  RefundInput,
  RefundResult,
  VerifyCheckoutInput,
  VerifyCheckoutResult,
  WebhookHeaders,
} from '../types.ts';
import { lowerCaseHeaders } from '../types.ts';
import { createRazorpayClient, type RazorpayConfig, toRazorpayError } from './razorpay-client.ts';

export type { RazorpayConfig } from './razorpay-client.ts';

const checkoutPayload = z.object({
  razorpay_order_id: z.string().min(1),
  razorpay_payment_id: z.string().min(1),
  razorpay_signature: z.string().min(1),
});

const entity = <T extends z.ZodRawShape>(shape: T) => z.object({ entity: z.object(shape) });
const webhookBody = z.object({
  event: z.string(),
  payload: z.object({
    payment: entity({ id: z.string(), order_id: z.string().nullish(), amount: z.number() }).optional(),
    refund: entity({ id: z.string(), payment_id: z.string(), amount: z.number() }).optional(),
  }),
});

const EVENT_TYPES: Readonly<Record<string, PaymentEventType>> = {
  'payment.captured': 'payment.captured',
  'payment.failed': 'payment.failed',
  'refund.processed': 'refund.processed',
  'refund.failed': 'refund.failed',
};

export function razorpayProvider(config: RazorpayConfig) {
  const client = createRazorpayClient(config);
  return {
    name: 'razorpay',
    createCheckout: (input) => call(() => findOrCreateOrder(client, config, input)),
    verifyCheckout: (input) => call(() => verifyPayment(client, config, input)),
    parseWebhook: (rawBody, headers) => parseRazorpayWebhook(config.webhookSecret, rawBody, headers),
    refund: (input) => call(() => refundPayment(client, input)),
  } satisfies PaymentProvider;
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toRazorpayError(error);
  }
}

async function findOrCreateOrder(
  client: Razorpay,
  config: RazorpayConfig,
  input: CreateCheckoutInput,
): Promise<CheckoutResult> {
  const receipt = input.idempotencyKey;
  const existing = await client.orders.all({ receipt, count: 1 });
  const order =
    existing.items.find((o) => o.receipt === receipt) ??
    (await client.orders.create({
      amount: input.amountPaise,
      currency: input.currency,
      receipt,
      notes: { payment_id: input.paymentId, description: input.description.slice(0, 250) },
    }));
  if (Number(order.amount) !== input.amountPaise) {
    throw new PaymentError('amount_mismatch', 'existing order has a different amount', { orderId: order.id });
  }
  return {
    providerRef: order.id,
    checkout: {
      kind: 'razorpay',
      keyId: config.keyId,
      orderId: order.id,
      amountPaise: input.amountPaise,
      currency: input.currency,
    },
  };
}

async function verifyPayment(
  client: Razorpay,
  config: RazorpayConfig,
  input: VerifyCheckoutInput,
): Promise<VerifyCheckoutResult> {
  const parsed = checkoutPayload.safeParse(input.payload);
  if (!parsed.success)
    throw new PaymentError('malformed', 'razorpay checkout payload', { issues: parsed.error.issues });
  const { razorpay_order_id: orderId, razorpay_payment_id: paymentId, razorpay_signature: sig } = parsed.data;
  const expected = hmacSha256Hex(config.keySecret, `${orderId}|${paymentId}`);
  if (orderId !== input.providerRef || !hexEquals(expected, sig)) {
    throw new PaymentError('bad_signature', 'razorpay checkout signature does not match');
  }
  const payment = await client.payments.fetch(paymentId);
  if (payment.order_id !== orderId)
    throw new PaymentError('bad_signature', 'payment belongs to another order');
  const status =
    payment.status === 'captured' ? 'captured' : payment.status === 'failed' ? 'failed' : 'pending';
  return { status, providerRef: orderId, providerPaymentId: paymentId, amountPaise: Number(payment.amount) };
}

async function refundPayment(client: Razorpay, input: RefundInput): Promise<RefundResult> {
  if (!input.providerPaymentId)
    throw new PaymentError('invalid_request', 'razorpay refunds need the pay_ id');
  // `receipt` doubles as the X-Refund-Idempotency header (see razorpay-client.ts).
  const refund = await client.payments.refund(input.providerPaymentId, {
    amount: input.amountPaise,
    receipt: input.idempotencyKey,
  });
  const status =
    refund.status === 'processed' ? 'processed' : refund.status === 'failed' ? 'failed' : 'pending';
  return { refundRef: refund.id, status };
}

export function parseRazorpayWebhook(secret: string, rawBody: string, headers: WebhookHeaders): PaymentEvent {
  const h = lowerCaseHeaders(headers);
  const signature = h['x-razorpay-signature'];
  if (!signature) throw new PaymentError('bad_signature', 'missing X-Razorpay-Signature');
  if (!hexEquals(hmacSha256Hex(secret, rawBody), signature)) {
    throw new PaymentError('bad_signature', 'X-Razorpay-Signature does not match the raw body');
  }
  const body = webhookBody.safeParse(safeParse(rawBody));
  if (!body.success)
    throw new PaymentError('malformed', 'razorpay webhook body', { issues: body.error.issues });
  const { event, payload } = body.data;
  const payment = payload.payment?.entity;
  const refund = payload.refund?.entity;
  return {
    provider: 'razorpay',
    // Razorpay keeps the event id across redeliveries; a body hash is the fallback for byte-identical ones.
    eventId: h['x-razorpay-event-id'] || `sha256:${sha256Hex(rawBody)}`,
    type: EVENT_TYPES[event] ?? 'ignored',
    providerRef: payment?.order_id ?? '',
    providerPaymentId: payment?.id ?? refund?.payment_id,
    refundRef: refund?.id,
    amountPaise: refund?.amount ?? payment?.amount ?? 0,
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
