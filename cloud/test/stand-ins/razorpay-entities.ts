/**
 * Entity shapes and signatures of the Razorpay stand-in, following Razorpay's documented JSON
 * (orders, payments, refunds, webhook events). Ids are `order_` / `pay_` / `rfnd_` plus 14
 * base62 characters like the real ones. Signatures use the real algorithms: checkout
 * HMAC-SHA256(key_secret, `${order_id}|${payment_id}`), webhooks HMAC-SHA256(webhook_secret, raw body).
 */
import { createHmac, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function razorpayId(prefix: string): string {
  const bytes = randomBytes(14);
  let id = '';
  for (const b of bytes) id += BASE62[b % 62];
  return `${prefix}_${id}`;
}

export interface RazorpayOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string> | [];
  created_at: number;
}

export interface RazorpayPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id: string;
  invoice_id: null;
  international: false;
  method: 'upi';
  amount_refunded: number;
  refund_status: null | 'partial' | 'full';
  captured: boolean;
  description: string | null;
  card_id: null;
  bank: null;
  wallet: null;
  vpa: string;
  email: string;
  contact: string;
  notes: Record<string, string> | [];
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: Record<string, string | null>;
  created_at: number;
}

export interface RazorpayRefund {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  notes: Record<string, string> | [];
  receipt: string | null;
  acquirer_data: { arn: string | null };
  created_at: number;
  batch_id: null;
  status: 'pending' | 'processed' | 'failed';
  speed_processed: 'normal';
  speed_requested: 'normal';
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

export function newPayment(order: RazorpayOrder, outcome: 'captured' | 'failed'): RazorpayPayment {
  const failed = outcome === 'failed';
  return {
    id: razorpayId('pay'),
    entity: 'payment',
    amount: order.amount,
    currency: order.currency,
    status: outcome,
    order_id: order.id,
    invoice_id: null,
    international: false,
    method: 'upi',
    amount_refunded: 0,
    refund_status: null,
    captured: !failed,
    description: null,
    card_id: null,
    bank: null,
    wallet: null,
    vpa: failed ? 'failure@razorpay' : 'success@razorpay',
    email: 'student@example.com',
    contact: '+919000000000',
    notes: [],
    fee: failed ? null : Math.round(order.amount * 0.02),
    tax: failed ? null : Math.round(order.amount * 0.0036),
    error_code: failed ? 'BAD_REQUEST_ERROR' : null,
    error_description: failed ? 'Payment was unsuccessful as the payer declined it.' : null,
    error_source: failed ? 'customer' : null,
    error_step: failed ? 'payment_authorization' : null,
    error_reason: failed ? 'payment_cancelled' : null,
    acquirer_data: { rrn: failed ? null : '322206890934' },
    created_at: nowSec(),
  };
}

export function razorpayError(description: string, field?: string) {
  return {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description,
      source: 'business',
      step: 'payment_initiation',
      reason: 'input_validation_failed',
      metadata: {},
      ...(field ? { field } : {}),
    },
  };
}

export function checkoutSignature(keySecret: string, orderId: string, paymentId: string): string {
  return createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex');
}

export type RazorpayWebhookEvent = 'payment.captured' | 'payment.failed' | 'order.paid' | 'refund.processed';

export function webhookBody(
  event: RazorpayWebhookEvent,
  entities: { payment: RazorpayPayment; order?: RazorpayOrder; refund?: RazorpayRefund },
): string {
  const payload: Record<string, { entity: unknown }> = {};
  if (entities.refund) payload.refund = { entity: entities.refund };
  payload.payment = { entity: entities.payment };
  if (entities.order) payload.order = { entity: entities.order };
  return JSON.stringify({
    entity: 'event',
    account_id: 'acc_BFQ7uQEaa7j2z7',
    event,
    contains: Object.keys(payload),
    payload,
    created_at: nowSec(),
  });
}

export interface SignedWebhook {
  readonly rawBody: string;
  readonly headers: Record<string, string>;
}

export function signRazorpayWebhook(
  webhookSecret: string,
  rawBody: string,
  eventId = razorpayId('evt').slice(4),
): SignedWebhook {
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-razorpay-signature': createHmac('sha256', webhookSecret).update(rawBody).digest('hex'),
      'x-razorpay-event-id': eventId,
    },
  };
}
