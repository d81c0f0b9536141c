/**
 * Object shapes and signatures of the Stripe stand-in, following Stripe's documented JSON
 * (PaymentIntent, Refund, Event, error envelope). Webhooks are signed with Stripe's real scheme:
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, `${t}.${rawBody}`)>`.
 */
import { createHmac, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `stripeId('pi_3')` → `pi_3` + 24 base62 characters, like Stripe's ids. */
export function stripeId(prefix: string, length = 24): string {
  let id = '';
  for (const b of randomBytes(length)) id += BASE62[b % 62];
  return `${prefix}${id}`;
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);

export interface StripePaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects?: string } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: 'automatic_async';
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: null | { code: string; decline_code: string; message: string; type: 'card_error' };
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  status: 'requires_payment_method' | 'requires_confirmation' | 'processing' | 'succeeded' | 'canceled';
}

export interface StripeRefund {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  transfer_reversal: null;
}

/** Stripe's form encoding (`metadata[payment_id]=…`) read back into nested objects one level deep. */
export function readForm(raw: string): Record<string, string | Record<string, string>> {
  const out: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const nested = /^([^[]+)\[([^\]]+)\]$/.exec(key);
    if (!nested) {
      out[key] = value;
      continue;
    }
    const [, parent = '', child = ''] = nested;
    const bucket = typeof out[parent] === 'object' ? out[parent] : {};
    bucket[child] = value;
    out[parent] = bucket;
  }
  return out;
}

export function newIntent(form: Record<string, string | Record<string, string>>): StripePaymentIntent {
  const id = stripeId('pi_3');
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : null);
  const apm = form.automatic_payment_methods;
  return {
    id,
    object: 'payment_intent',
    amount: Number(form.amount),
    amount_capturable: 0,
    amount_received: 0,
    automatic_payment_methods:
      typeof apm === 'object' ? { enabled: apm.enabled === 'true', allow_redirects: 'always' } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic_async',
    client_secret: `${id}_secret_${stripeId('', 25)}`,
    confirmation_method: 'automatic',
    created: nowSec(),
    currency: str('currency') ?? 'inr',
    customer: null,
    description: str('description'),
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: typeof form.metadata === 'object' ? form.metadata : {},
    next_action: null,
    payment_method: null,
    payment_method_types: ['card', 'upi'],
    receipt_email: str('receipt_email'),
    status: 'requires_payment_method',
  };
}

export function stripeError(type: string, message: string, extra: Record<string, string> = {}) {
  return { error: { type, message, ...extra } };
}

export interface SignedWebhook {
  readonly rawBody: string;
  readonly headers: Record<string, string>;
}

export function stripeEvent(
  type: string,
  object: object,
  createdSec = nowSec(),
  id = stripeId('evt_1'),
): string {
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: createdSec,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
}

export function signStripeWebhook(secret: string, rawBody: string, timestampSec = nowSec()): SignedWebhook {
  const v1 = createHmac('sha256', secret).update(`${timestampSec}.${rawBody}`).digest('hex');
  return {
    rawBody,
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${timestampSec},v1=${v1}` },
  };
}
