/**
 * A local stand-in for the Razorpay API, for driving the official `razorpay` SDK in tests:
 * POST /v1/orders, GET /v1/orders(?receipt), GET /v1/orders/:id, GET /v1/payments/:id,
 * POST /v1/payments/:id/refund — with Razorpay's JSON shapes, HTTP basic auth (key_id:key_secret),
 * `X-Refund-Idempotency` replay, creation counters, outage switches and signed webhooks.
 *
 * Outages: '503' answers every call with 503; 'commit-then-503' performs the call and then answers
 * 503 (a response lost after the provider acted: the double-charge trap); 'refused' closes the
 * listening socket so connections are refused until `setOutage('none')`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import {
  checkoutSignature,
  newPayment,
  nowSec,
  type RazorpayOrder,
  type RazorpayPayment,
  type RazorpayRefund,
  type RazorpayWebhookEvent,
  razorpayError,
  razorpayId,
  type SignedWebhook,
  signRazorpayWebhook,
  webhookBody,
} from './razorpay-entities.ts';

export type OutageMode = 'none' | '503' | 'commit-then-503' | 'refused';

export interface RazorpayStandInOptions {
  readonly keyId: string;
  readonly keySecret: string;
  readonly webhookSecret: string;
}

interface State {
  readonly orders: Map<string, RazorpayOrder>;
  readonly payments: Map<string, RazorpayPayment>;
  readonly refunds: Map<string, RazorpayRefund>;
  readonly refundKeys: Map<string, { body: string; refund: RazorpayRefund }>;
  readonly counts: { ordersCreated: number; refundsCreated: number; requests: number };
  outage: OutageMode;
}

export async function startRazorpayStandIn(options: RazorpayStandInOptions) {
  const state: State = {
    orders: new Map(),
    payments: new Map(),
    refunds: new Map(),
    refundKeys: new Map(),
    counts: { ordersCreated: 0, refundsCreated: 0, requests: 0 },
    outage: 'none',
  };
  const app = razorpayApp(options, state);
  let server = await listen(app.fetch, 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: state.counts,
    orders: state.orders,
    payments: state.payments,
    async setOutage(mode: OutageMode): Promise<void> {
      if (mode === 'refused' && state.outage !== 'refused') await close(server);
      if (mode !== 'refused' && state.outage === 'refused') server = await listen(app.fetch, port);
      state.outage = mode;
    },
    /** Create an order without going through HTTP (bulk webhook tests). */
    seedOrder: (amount: number, receipt: string) => createOrder(state, { amount, currency: 'INR', receipt }),
    /** What Razorpay Checkout does when the student pays or declines. */
    completeCheckout(orderId: string, outcome: 'captured' | 'failed') {
      const payment = completeCheckout(state, orderId, outcome);
      const response = {
        razorpay_order_id: orderId,
        razorpay_payment_id: payment.id,
        razorpay_signature: checkoutSignature(options.keySecret, orderId, payment.id),
      };
      return { payment, response };
    },
    webhook(
      event: RazorpayWebhookEvent,
      paymentId: string,
      refundId?: string,
      eventId?: string,
    ): SignedWebhook {
      const payment = mustGet(state.payments, paymentId);
      const refund = refundId ? mustGet(state.refunds, refundId) : undefined;
      const order = event === 'order.paid' ? state.orders.get(payment.order_id) : undefined;
      return signRazorpayWebhook(
        options.webhookSecret,
        webhookBody(event, { payment, order, refund }),
        eventId,
      );
    },
    sign: (rawBody: string, eventId?: string) => signRazorpayWebhook(options.webhookSecret, rawBody, eventId),
    send: (url: string, hook: SignedWebhook) =>
      fetch(url, { method: 'POST', headers: hook.headers, body: hook.rawBody }),
    close: () => (state.outage === 'refused' ? Promise.resolve() : close(server)),
  };
}

export type RazorpayStandIn = Awaited<ReturnType<typeof startRazorpayStandIn>>;

function razorpayApp(options: RazorpayStandInOptions, state: State): Hono {
  const app = new Hono();
  const expected = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;
  app.use('*', async (c, next) => {
    state.counts.requests++;
    if (state.outage === '503') return c.json(razorpayError('Service unavailable'), 503);
    if (c.req.header('authorization') !== expected)
      return c.json(razorpayError('Authentication failed'), 401);
    await next();
    if (state.outage === 'commit-then-503') c.res = c.json(razorpayError('Gateway timeout'), 503);
  });
  app.post('/v1/orders', async (c) => {
    const body = (await c.req.json()) as {
      amount?: unknown;
      currency?: unknown;
      receipt?: unknown;
      notes?: unknown;
    };
    if (!Number.isInteger(Number(body.amount)) || Number(body.amount) < 100) {
      return c.json(razorpayError('The amount must be atleast INR 1.00', 'amount'), 400);
    }
    if (typeof body.receipt === 'string' && body.receipt.length > 40) {
      return c.json(razorpayError('The receipt may not be greater than 40 characters.', 'receipt'), 400);
    }
    return c.json(createOrder(state, body));
  });
  app.get('/v1/orders', (c) => {
    const receipt = c.req.query('receipt');
    const count = Number(c.req.query('count') ?? 10);
    const skip = Number(c.req.query('skip') ?? 0);
    const all = [...state.orders.values()]
      .filter((o) => receipt === undefined || o.receipt === receipt)
      .reverse();
    const items = all.slice(skip, skip + count);
    return c.json({ entity: 'collection', count: items.length, items });
  });
  app.get('/v1/orders/:id', (c) => {
    const order = state.orders.get(c.req.param('id'));
    return order ? c.json(order) : c.json(razorpayError('The id provided does not exist', 'id'), 400);
  });
  app.get('/v1/payments/:id', (c) => {
    const payment = state.payments.get(c.req.param('id'));
    return payment ? c.json(payment) : c.json(razorpayError('The id provided does not exist', 'id'), 400);
  });
  app.post('/v1/payments/:id/refund', async (c) => {
    const raw = await c.req.text();
    const result = refundPayment(state, c.req.param('id'), raw, c.req.header('x-refund-idempotency'));
    return 'error' in result ? c.json(result, 400) : c.json(result);
  });
  return app;
}

function createOrder(
  state: State,
  body: { amount?: unknown; currency?: unknown; receipt?: unknown; notes?: unknown },
) {
  const amount = Number(body.amount);
  const order: RazorpayOrder = {
    id: razorpayId('order'),
    entity: 'order',
    amount,
    amount_paid: 0,
    amount_due: amount,
    currency: typeof body.currency === 'string' ? body.currency : 'INR',
    receipt: typeof body.receipt === 'string' ? body.receipt : null,
    offer_id: null,
    status: 'created',
    attempts: 0,
    notes: (body.notes as Record<string, string> | undefined) ?? [],
    created_at: nowSec(),
  };
  state.orders.set(order.id, order);
  state.counts.ordersCreated++;
  return order;
}

function completeCheckout(state: State, orderId: string, outcome: 'captured' | 'failed'): RazorpayPayment {
  const order = mustGet(state.orders, orderId);
  const payment = newPayment(order, outcome);
  state.payments.set(payment.id, payment);
  order.attempts++;
  order.status = outcome === 'captured' ? 'paid' : 'attempted';
  if (outcome === 'captured') Object.assign(order, { amount_paid: order.amount, amount_due: 0 });
  return payment;
}

function refundPayment(state: State, paymentId: string, raw: string, key: string | undefined) {
  const prior = key ? state.refundKeys.get(key) : undefined;
  if (prior) {
    return prior.body === raw
      ? prior.refund
      : razorpayError('Different request with the same idempotency key has already been processed.');
  }
  const payment = state.payments.get(paymentId);
  if (!payment) return razorpayError('The id provided does not exist', 'id');
  if (!payment.captured) return razorpayError('The payment has not been captured');
  const body = JSON.parse(raw || '{}') as { amount?: unknown; receipt?: unknown };
  const amount = body.amount === undefined ? payment.amount - payment.amount_refunded : Number(body.amount);
  if (amount > payment.amount - payment.amount_refunded) {
    return razorpayError('The refund amount provided is greater than amount captured', 'amount');
  }
  const refund: RazorpayRefund = {
    id: razorpayId('rfnd'),
    entity: 'refund',
    amount,
    currency: payment.currency,
    payment_id: payment.id,
    notes: [],
    receipt: typeof body.receipt === 'string' ? body.receipt : null,
    acquirer_data: { arn: null },
    created_at: nowSec(),
    batch_id: null,
    status: 'processed',
    speed_processed: 'normal',
    speed_requested: 'normal',
  };
  payment.amount_refunded += amount;
  payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
  if (payment.refund_status === 'full') payment.status = 'refunded';
  state.refunds.set(refund.id, refund);
  if (key) state.refundKeys.set(key, { body: raw, refund });
  state.counts.refundsCreated++;
  return refund;
}

function mustGet<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (!value) throw new Error(`stand-in: unknown id ${id}`);
  return value;
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(server as Server));
  });
}

function close(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}
