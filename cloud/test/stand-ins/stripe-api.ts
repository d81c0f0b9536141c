/**
 * A local stand-in for the Stripe API, for driving the official `stripe` SDK in tests:
 * POST /v1/payment_intents, GET /v1/payment_intents/:id, POST /v1/checkout/sessions,
 * GET /v1/checkout/sessions/:id (and the hosted page, stripe-checkout.ts), POST /v1/refunds — Stripe's JSON shapes
 * and error envelope, `Authorization: Bearer sk_test_…`, and Stripe's idempotency semantics: the
 * same `Idempotency-Key` replays the stored response (`Idempotent-Replayed: true`), the same key
 * with other parameters is an `idempotency_error`. Counters let tests assert a single creation.
 *
 * Outages as in the Razorpay stand-in: '503', 'commit-then-503' (acted, response lost), 'refused'.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import {
  hostedPageRoutes,
  newSession,
  type StripeCheckoutSession,
  sessionView,
  settleSession,
} from './stripe-checkout.ts';
import {
  newIntent,
  nowSec,
  readForm,
  type SignedWebhook,
  type StripePaymentIntent,
  type StripeRefund,
  signStripeWebhook,
  stripeError,
  stripeEvent,
  stripeId,
} from './stripe-objects.ts';

export type OutageMode = 'none' | '503' | 'commit-then-503' | 'refused';

export interface StripeStandInOptions {
  readonly secretKey: string;
  readonly webhookSecret: string;
}

interface Stored {
  readonly request: string;
  readonly status: number;
  readonly body: unknown;
}

interface State {
  readonly intents: Map<string, StripePaymentIntent>;
  readonly sessions: Map<string, StripeCheckoutSession>;
  readonly refunds: Map<string, StripeRefund>;
  readonly idempotency: Map<string, Stored>;
  readonly counts: {
    intentsCreated: number;
    sessionsCreated: number;
    refundsCreated: number;
    requests: number;
    replays: number;
  };
  outage: OutageMode;
  /** Where the hosted page is served (this server's origin), for `session.url`. */
  base: string;
}

export async function startStripeStandIn(options: StripeStandInOptions) {
  const state: State = {
    intents: new Map(),
    sessions: new Map(),
    refunds: new Map(),
    idempotency: new Map(),
    counts: { intentsCreated: 0, sessionsCreated: 0, refundsCreated: 0, requests: 0, replays: 0 },
    outage: 'none',
    base: '',
  };
  const app = stripeApp(options, state);
  let server = await listen(app.fetch, 0);
  const port = (server.address() as AddressInfo).port;
  state.base = `http://127.0.0.1:${port}`;
  return {
    url: state.base,
    host: '127.0.0.1',
    port,
    counts: state.counts,
    intents: state.intents,
    sessions: state.sessions,
    /** What the hosted page does when the student pays, or when the session runs out unpaid. */
    settle: (sessionId: string, outcome: 'paid' | 'expired') =>
      sessionView(settleSession(mustGet(state.sessions, sessionId), outcome, state.intents)),
    refundOf: (id: string): StripeRefund => mustGet(state.refunds, id),
    /** An open session without HTTP (bulk webhook tests). */
    seedSession(amount: number): StripeCheckoutSession {
      const created = newSession(
        `mode=payment&success_url=https://app.example/&line_items[0][price_data][unit_amount]=${amount}`,
        state.base,
      );
      if (created[0] !== 200) throw new Error('stand-in: bad seed');
      state.sessions.set(created[1].id, created[1]);
      return created[1];
    },
    async setOutage(mode: OutageMode): Promise<void> {
      if (mode === 'refused' && state.outage !== 'refused') await close(server);
      if (mode !== 'refused' && state.outage === 'refused') server = await listen(app.fetch, port);
      state.outage = mode;
    },
    /** Create an intent without HTTP (bulk webhook tests). */
    seedIntent: (amount: number) => createIntent(state, `amount=${amount}&currency=inr`),
    /** What Stripe.js confirmCardPayment does when the card succeeds or is declined. */
    confirm(intentId: string, outcome: 'succeeded' | 'declined'): StripePaymentIntent {
      const intent = mustGet(state.intents, intentId);
      if (outcome === 'succeeded') {
        Object.assign(intent, {
          status: 'succeeded',
          amount_received: intent.amount,
          latest_charge: stripeId('ch_3'),
        });
      } else {
        const error = {
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        };
        intent.last_payment_error = { ...error, type: 'card_error' };
      }
      return intent;
    },
    /** A signed event carrying `object`; `timestampSec` older than 300 s makes a stale signature. */
    webhook(
      type: string,
      object: object,
      opts: { timestampSec?: number; eventId?: string } = {},
    ): SignedWebhook {
      const raw = stripeEvent(type, object, opts.timestampSec, opts.eventId);
      return signStripeWebhook(options.webhookSecret, raw, opts.timestampSec);
    },
    sign: (rawBody: string, timestampSec?: number) =>
      signStripeWebhook(options.webhookSecret, rawBody, timestampSec),
    send: (url: string, hook: SignedWebhook) =>
      fetch(url, { method: 'POST', headers: hook.headers, body: hook.rawBody }),
    close: () => (state.outage === 'refused' ? Promise.resolve() : close(server)),
  };
}

export type StripeStandIn = Awaited<ReturnType<typeof startStripeStandIn>>;

function stripeApp(options: StripeStandInOptions, state: State): Hono {
  const app = new Hono();
  hostedPageRoutes(app, state.sessions, state.intents);
  app.use('/v1/*', async (c, next) => {
    state.counts.requests++;
    if (state.outage === '503') return c.json(stripeError('api_error', 'Service unavailable'), 503);
    if (c.req.header('authorization') !== `Bearer ${options.secretKey}`) {
      return c.json(stripeError('invalid_request_error', 'Invalid API Key provided: sk_test_****'), 401);
    }
    await next();
    if (state.outage === 'commit-then-503') c.res = c.json(stripeError('api_error', 'Gateway timeout'), 503);
  });
  app.post('/v1/payment_intents', (c) =>
    idempotent(c, state, (raw) => {
      const form = readForm(raw);
      if (!Number.isInteger(Number(form.amount)) || Number(form.amount) < 50) {
        return [
          400,
          stripeError('invalid_request_error', 'Amount must be at least ₹0.50 inr', {
            code: 'amount_too_small',
            param: 'amount',
          }),
        ];
      }
      return [200, createIntent(state, raw)];
    }),
  );
  app.get('/v1/payment_intents/:id', (c) => {
    const intent = state.intents.get(c.req.param('id'));
    if (intent) return c.json(intent);
    const message = `No such payment_intent: '${c.req.param('id')}'`;
    return c.json(
      stripeError('invalid_request_error', message, { code: 'resource_missing', param: 'intent' }),
      404,
    );
  });
  app.post('/v1/checkout/sessions', (c) =>
    idempotent(c, state, (raw) => {
      const created = newSession(raw, state.base);
      if (created[0] !== 200) return created;
      state.sessions.set(created[1].id, created[1]);
      state.counts.sessionsCreated++;
      return [200, sessionView(created[1])];
    }),
  );
  app.get('/v1/checkout/sessions/:id', (c) => {
    const session = state.sessions.get(c.req.param('id'));
    if (session) return c.json(sessionView(session));
    const message = `No such checkout.session: '${c.req.param('id')}'`;
    return c.json(
      stripeError('invalid_request_error', message, { code: 'resource_missing', param: 'session' }),
      404,
    );
  });
  app.post('/v1/refunds', (c) => idempotent(c, state, (raw) => createRefund(state, raw)));
  return app;
}

type Outcome = readonly [number, unknown];

async function idempotent(c: Context, state: State, handle: (raw: string) => Outcome): Promise<Response> {
  const raw = await c.req.text();
  const key = c.req.header('idempotency-key');
  const request = `${c.req.method} ${c.req.path} ${raw}`;
  const prior = key ? state.idempotency.get(key) : undefined;
  if (prior) {
    if (prior.request !== request) {
      const message = `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`;
      return c.json(stripeError('idempotency_error', message), 400);
    }
    state.counts.replays++;
    return c.json(prior.body, prior.status as 200, {
      'Idempotent-Replayed': 'true',
      'Idempotency-Key': key ?? '',
    });
  }
  const [status, body] = handle(raw);
  if (key) state.idempotency.set(key, { request, status, body });
  return c.json(body, status as 200, key ? { 'Idempotency-Key': key } : {});
}

function createIntent(state: State, raw: string): StripePaymentIntent {
  const intent = newIntent(readForm(raw));
  state.intents.set(intent.id, intent);
  state.counts.intentsCreated++;
  return intent;
}

function createRefund(state: State, raw: string): Outcome {
  const form = readForm(raw);
  const intent = typeof form.payment_intent === 'string' ? state.intents.get(form.payment_intent) : undefined;
  if (!intent)
    return [
      404,
      stripeError('invalid_request_error', `No such payment_intent: '${form.payment_intent}'`, {
        code: 'resource_missing',
      }),
    ];
  if (intent.status !== 'succeeded' || !intent.latest_charge) {
    return [
      400,
      stripeError('invalid_request_error', 'This PaymentIntent does not have a successful charge to refund.'),
    ];
  }
  const refunded = [...state.refunds.values()]
    .filter((r) => r.payment_intent === intent.id)
    .reduce((s, r) => s + r.amount, 0);
  const amount = form.amount === undefined ? intent.amount - refunded : Number(form.amount);
  if (amount + refunded > intent.amount) {
    return [
      400,
      stripeError('invalid_request_error', 'Refund amount is greater than unrefunded amount on charge', {
        code: 'amount_too_large',
        param: 'amount',
      }),
    ];
  }
  const refund: StripeRefund = {
    id: stripeId('re_3'),
    object: 'refund',
    amount,
    balance_transaction: stripeId('txn_3'),
    charge: intent.latest_charge,
    created: nowSec(),
    currency: intent.currency,
    metadata: typeof form.metadata === 'object' ? form.metadata : {},
    payment_intent: intent.id,
    reason: null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
  state.refunds.set(refund.id, refund);
  state.counts.refundsCreated++;
  return [200, refund];
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
