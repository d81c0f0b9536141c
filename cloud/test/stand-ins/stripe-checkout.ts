/**
 * Checkout Sessions in the Stripe stand-in: the session object (the documented fields the cloud
 * reads), Stripe's deep form encoding (`line_items[0][price_data][unit_amount]=…`) read back, the
 * parameter checks Stripe makes on create, and the hosted payment page a browser is sent to —
 * `GET /c/pay/:id` shows the amount with "Pay" and "Back"; paying completes the session (a
 * succeeded PaymentIntent behind it) and redirects to its `success_url`, as checkout.stripe.com does.
 */
import type { Hono } from 'hono';
import { newIntent, nowSec, type StripePaymentIntent, stripeError, stripeId } from './stripe-objects.ts';

export interface StripeCheckoutSession {
  id: string;
  object: 'checkout.session';
  amount_subtotal: number;
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer_email: string | null;
  expires_at: number;
  livemode: false;
  metadata: Record<string, string>;
  mode: 'payment';
  payment_intent: string | null;
  payment_status: 'paid' | 'unpaid' | 'no_payment_required';
  status: 'open' | 'complete' | 'expired';
  success_url: string | null;
  url: string | null;
  /** Not a Stripe field: what `payment_intent_data[metadata]` asked the intent to carry. */
  intent_metadata: Record<string, string>;
}

type FormValue = string | FormTree;
interface FormTree {
  [key: string]: FormValue;
}

/** Stripe's form encoding read back into nested objects (arrays as objects keyed "0", "1", …). */
export function readDeepForm(raw: string): FormTree {
  const out: FormTree = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.split(/\[|\]\[|\]/).filter(Boolean);
    let node = out;
    for (const [i, part] of path.entries()) {
      if (i === path.length - 1) node[part] = value;
      else {
        const next = node[part];
        const child: FormTree = typeof next === 'object' ? next : {};
        node[part] = child;
        node = child;
      }
    }
  }
  return out;
}

const text = (v: FormValue | undefined) => (typeof v === 'string' ? v : null);
const tree = (v: FormValue | undefined): FormTree => (typeof v === 'object' ? v : {});
const strings = (t: FormTree) =>
  Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string'));

/** A new open session from the create call's form, or Stripe's 400 for a missing parameter. */
export function newSession(
  raw: string,
  pageBase: string,
): readonly [200, StripeCheckoutSession] | readonly [400, unknown] {
  const form = readDeepForm(raw);
  const price = tree(tree(tree(form.line_items)['0']).price_data);
  const amount = Number(text(price.unit_amount));
  const missing = (param: string) =>
    [400, stripeError('invalid_request_error', `Missing required param: ${param}.`, { param })] as const;
  if (text(form.mode) !== 'payment') return missing('mode');
  if (!text(form.success_url)) return missing('success_url');
  if (!Number.isInteger(amount) || amount < 50) return missing('line_items[0][price_data][unit_amount]');
  const id = stripeId('cs_test_a1', 56);
  return [
    200,
    {
      id,
      object: 'checkout.session',
      amount_subtotal: amount,
      amount_total: amount,
      cancel_url: text(form.cancel_url),
      client_reference_id: text(form.client_reference_id),
      created: nowSec(),
      currency: text(price.currency) ?? 'inr',
      customer_email: text(form.customer_email),
      expires_at: nowSec() + 24 * 3600,
      livemode: false,
      metadata: strings(tree(form.metadata)),
      mode: 'payment',
      payment_intent: null,
      payment_status: 'unpaid',
      status: 'open',
      success_url: text(form.success_url),
      url: `${pageBase}/c/pay/${id}`,
      intent_metadata: strings(tree(tree(form.payment_intent_data).metadata)),
    },
  ];
}

/** What happens on the hosted page: paid (a succeeded intent is made) or left to expire. */
export function settleSession(
  session: StripeCheckoutSession,
  outcome: 'paid' | 'expired',
  intents: Map<string, StripePaymentIntent>,
): StripeCheckoutSession {
  if (session.status !== 'open') return session;
  if (outcome === 'expired') return Object.assign(session, { status: 'expired', url: null });
  const intent = newIntent({
    amount: String(session.amount_total),
    currency: session.currency,
    metadata: session.intent_metadata,
  });
  Object.assign(intent, {
    status: 'succeeded',
    amount_received: intent.amount,
    latest_charge: stripeId('ch_3'),
  });
  intents.set(intent.id, intent);
  return Object.assign(session, { status: 'complete', payment_status: 'paid', payment_intent: intent.id });
}

const page = (session: StripeCheckoutSession) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Pay — Stripe stand-in</title></head>
<body><main><h1>Pay ₹${(session.amount_total / 100).toFixed(2)}</h1>
<form method="post"><button type="submit">Pay</button></form>
<a href="${session.cancel_url ?? ''}">Back</a></main></body></html>`;

/** The hosted page's routes, outside the API's key check (a browser has no secret key). */
export function hostedPageRoutes(
  app: Hono,
  sessions: Map<string, StripeCheckoutSession>,
  intents: Map<string, StripePaymentIntent>,
): void {
  app.get('/c/pay/:id', (c) => {
    const session = sessions.get(c.req.param('id'));
    if (session?.status !== 'open') return c.json(stripeError('invalid_request_error', 'expired'), 404);
    return c.html(page(session));
  });
  app.post('/c/pay/:id', (c) => {
    const session = sessions.get(c.req.param('id'));
    if (!session?.success_url || session.status !== 'open') return c.text('expired', 404);
    settleSession(session, 'paid', intents);
    return c.redirect(session.success_url, 303);
  });
}

/** The session as the API shows it (without the stand-in's own bookkeeping). */
export function sessionView(session: StripeCheckoutSession): Omit<StripeCheckoutSession, 'intent_metadata'> {
  const { intent_metadata: _, ...view } = session;
  return view;
}
