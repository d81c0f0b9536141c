/**
 * The built-in provider used when no Razorpay or Stripe keys are configured, so hold → pay →
 * confirm works on a fresh machine. Checkout is a local page (see test-checkout-routes.ts) whose
 * Pay / Decline buttons call `complete()`, which emits a webhook-like event signed with a locally
 * generated secret through the injected `deliver` (normally `inbox.receive('test', …)` or a POST to
 * the cloud's own webhook URL). The event goes through the same verification and dedup path as a
 * real provider's.
 *
 *   created ──pay──▶ captured ──refund──▶ (refunds recorded per idempotency key)
 *      └──decline──▶ failed
 *
 * A second click re-delivers the SAME signed event (same event id), like a provider retry.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PaymentError } from '../errors.ts';
import type {
  CheckoutResult,
  CreateCheckoutInput,
  PaymentEvent,
  PaymentEventType,
  PaymentProvider,
  RefundInput,
  RefundResult,
  WebhookHeaders,
} from '../types.ts';
import { lowerCaseHeaders } from '../types.ts';
import { signTestPayload, TEST_SIGNATURE_HEADER, verifyTestSignature } from './test-signature.ts';

export interface TestCheckoutSession {
  readonly id: string;
  readonly paymentId: string;
  readonly amountPaise: number;
  readonly description: string;
  status: 'created' | 'captured' | 'failed';
  /** Raw bodies of the events already emitted, re-delivered verbatim on a repeated click. */
  readonly emitted: Record<string, string>;
  readonly refunds: Record<string, { refundRef: string; amountPaise: number }>;
}

/** Where test checkout sessions live; the cloud may back this with a table, tests use memory. */
export interface TestCheckoutStore {
  get(id: string): Promise<TestCheckoutSession | undefined>;
  put(session: TestCheckoutSession): Promise<void>;
}

export function memoryTestCheckoutStore(): TestCheckoutStore {
  const sessions = new Map<string, TestCheckoutSession>();
  return {
    get: async (id) => sessions.get(id),
    put: async (session) => void sessions.set(session.id, session),
  };
}

export type WebhookDelivery = (rawBody: string, headers: Record<string, string>) => Promise<unknown>;

export interface TestProviderConfig {
  /** Absolute or mount-relative base of `testCheckoutRoutes`, e.g. `/v1/pay/test`. */
  readonly checkoutBaseUrl: string;
  readonly deliver: WebhookDelivery;
  /** Generated per process when absent. */
  readonly secret?: string;
  readonly store?: TestCheckoutStore;
  readonly now?: () => number;
  readonly toleranceSec?: number;
}

const testEventBody = z.object({
  id: z.string().min(1),
  type: z.enum(['payment.captured', 'payment.failed', 'refund.processed', 'refund.failed']),
  checkout_id: z.string(),
  refund_id: z.string().optional(),
  amount: z.number().int(),
});

interface Ctx {
  readonly config: TestProviderConfig;
  readonly secret: string;
  readonly store: TestCheckoutStore;
  readonly now: () => number;
}

export function testProvider(config: TestProviderConfig) {
  const ctx: Ctx = {
    config,
    secret: config.secret ?? randomBytes(32).toString('hex'),
    store: config.store ?? memoryTestCheckoutStore(),
    now: config.now ?? Date.now,
  };
  const provider = {
    name: 'test',
    createCheckout: (input) => createSession(ctx, input),
    verifyCheckout: async (input) => {
      const session = await mustGet(ctx, input.providerRef);
      const status = session.status === 'created' ? 'pending' : session.status;
      return {
        status,
        providerRef: session.id,
        providerPaymentId: session.id,
        amountPaise: session.amountPaise,
      };
    },
    parseWebhook: (rawBody: string, headers: WebhookHeaders): PaymentEvent => {
      const header = lowerCaseHeaders(headers)[TEST_SIGNATURE_HEADER];
      verifyTestSignature(ctx.secret, rawBody, header, ctx.now(), config.toleranceSec ?? 300);
      return toTestEvent(rawBody);
    },
    refund: (input) => refundSession(ctx, input),
  } satisfies PaymentProvider;
  return Object.assign(provider, {
    session: (id: string) => ctx.store.get(id),
    /** Called by the checkout page's buttons. Idempotent: the first outcome wins. */
    complete: (id: string, outcome: 'captured' | 'failed') => completeSession(ctx, id, outcome),
  });
}

async function createSession(ctx: Ctx, input: CreateCheckoutInput): Promise<CheckoutResult> {
  const id = `tpc_${input.idempotencyKey}`;
  const existing = await ctx.store.get(id);
  if (existing && existing.amountPaise !== input.amountPaise) throw new PaymentError('amount_mismatch');
  if (!existing) {
    await ctx.store.put({
      id,
      paymentId: input.paymentId,
      amountPaise: input.amountPaise,
      description: input.description,
      status: 'created',
      emitted: {},
      refunds: {},
    });
  }
  return { providerRef: id, checkout: { kind: 'test', url: `${ctx.config.checkoutBaseUrl}/${id}` } };
}

async function completeSession(
  ctx: Ctx,
  id: string,
  outcome: 'captured' | 'failed',
): Promise<TestCheckoutSession> {
  const session = await mustGet(ctx, id);
  if (session.status === 'created') session.status = outcome;
  const type: PaymentEventType = session.status === 'captured' ? 'payment.captured' : 'payment.failed';
  await emit(ctx, session, 'payment', { type, checkout_id: id, amount: session.amountPaise });
  return session;
}

async function refundSession(ctx: Ctx, input: RefundInput): Promise<RefundResult> {
  const session = await mustGet(ctx, input.providerRef);
  if (session.status !== 'captured')
    throw new PaymentError('invalid_request', 'only a captured test payment refunds');
  const refunded = Object.values(session.refunds).reduce((sum, r) => sum + r.amountPaise, 0);
  const prior = session.refunds[input.idempotencyKey];
  if (!prior && refunded + input.amountPaise > session.amountPaise) {
    throw new PaymentError('invalid_request', 'refund exceeds the captured amount');
  }
  const refund = prior ?? { refundRef: `trf_${input.idempotencyKey}`, amountPaise: input.amountPaise };
  session.refunds[input.idempotencyKey] = refund;
  const body = {
    type: 'refund.processed',
    checkout_id: session.id,
    refund_id: refund.refundRef,
    amount: refund.amountPaise,
  };
  await emit(ctx, session, `refund:${input.idempotencyKey}`, body);
  return { refundRef: refund.refundRef, status: 'processed' };
}

async function emit(
  ctx: Ctx,
  session: TestCheckoutSession,
  key: string,
  body: Record<string, unknown>,
): Promise<void> {
  const rawBody = session.emitted[key] ?? JSON.stringify({ id: `tevt_${randomUUID()}`, ...body });
  session.emitted[key] = rawBody;
  await ctx.store.put(session);
  const signature = signTestPayload(ctx.secret, rawBody, Math.floor(ctx.now() / 1000));
  await ctx.config.deliver(rawBody, {
    'content-type': 'application/json',
    [TEST_SIGNATURE_HEADER]: signature,
  });
}

async function mustGet(ctx: Ctx, id: string): Promise<TestCheckoutSession> {
  const session = await ctx.store.get(id);
  if (!session) throw new PaymentError('not_found', `no test checkout ${id}`);
  return session;
}

export type TestProvider = ReturnType<typeof testProvider>;

function toTestEvent(rawBody: string): PaymentEvent {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new PaymentError('malformed', 'test event is not JSON');
  }
  const body = testEventBody.safeParse(json);
  if (!body.success) throw new PaymentError('malformed', 'test event body', { issues: body.error.issues });
  const { id, type, checkout_id, refund_id, amount } = body.data;
  return {
    provider: 'test',
    eventId: id,
    type,
    providerRef: checkout_id,
    providerPaymentId: checkout_id,
    refundRef: refund_id,
    amountPaise: amount,
  };
}
