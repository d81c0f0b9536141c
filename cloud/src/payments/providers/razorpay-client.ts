/**
 * Builds the official Razorpay SDK client and adapts its two rough edges.
 *
 * Base URL: the SDK hard-codes `https://api.razorpay.com` (no option), but every call goes through
 * one axios instance it exposes as `razorpay.api.rq`; we set `rq.defaults.baseURL` on that
 * instance, which is how tests point the real SDK at the local stand-in.
 *
 * Refund idempotency: `payments.refund()` takes no headers (the SDK filters custom headers), so a
 * request interceptor on the same instance copies the refund's `receipt` (our refund idempotency
 * key) into `X-Refund-Idempotency`, Razorpay's documented idempotency header for refunds.
 *
 * Errors: the SDK rejects with `{ statusCode, error: { code, description } }`, and with a TypeError
 * when there was no HTTP response at all (its normaliser reads `err.response.status`), which we treat
 * as "provider unavailable".
 */
import Razorpay from 'razorpay';
import { PaymentError } from '../errors.ts';

export interface RazorpayConfig {
  readonly keyId: string;
  readonly keySecret: string;
  readonly webhookSecret: string;
  /** Override of `https://api.razorpay.com` (the stand-in in tests). */
  readonly apiBaseUrl?: string;
}

interface AxiosRequestLike {
  url?: string;
  data?: unknown;
  headers: { set?: (name: string, value: string) => unknown } & Record<string, unknown>;
}

interface AxiosSeam {
  defaults: { baseURL?: string; timeout?: number };
  interceptors: { request: { use(fn: (req: AxiosRequestLike) => AxiosRequestLike): number } };
}

export function createRazorpayClient(config: RazorpayConfig): Razorpay {
  const client = new Razorpay({ key_id: config.keyId, key_secret: config.keySecret });
  const rq = (client.api as unknown as { rq: AxiosSeam }).rq;
  rq.defaults.timeout = 15_000;
  if (config.apiBaseUrl) rq.defaults.baseURL = config.apiBaseUrl;
  rq.interceptors.request.use(addRefundIdempotencyHeader);
  return client;
}

function addRefundIdempotencyHeader(req: AxiosRequestLike): AxiosRequestLike {
  if (!req.url?.endsWith('/refund')) return req;
  const body = typeof req.data === 'string' ? safeJson(req.data) : req.data;
  const receipt = (body as { receipt?: unknown } | undefined)?.receipt;
  if (typeof receipt === 'string') {
    if (req.headers.set) req.headers.set('X-Refund-Idempotency', receipt);
    else req.headers['X-Refund-Idempotency'] = receipt;
  }
  return req;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface RazorpaySdkError {
  statusCode?: number | string;
  error?: { code?: string; description?: string };
}

export function toRazorpayError(error: unknown): PaymentError {
  if (error instanceof PaymentError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as RazorpaySdkError;
  const status = Number(sdk.statusCode);
  const meta = { status, providerCode: sdk.error?.code, description: sdk.error?.description };
  if (!Number.isFinite(status) || status >= 500 || status === 429 || status === 409) {
    return new PaymentError('provider_unavailable', 'razorpay unreachable or failing', {
      ...meta,
      cause: String(error),
    });
  }
  if (status === 401) return new PaymentError('auth_failed', 'razorpay rejected the API key', meta);
  if (status === 404) return new PaymentError('not_found', sdk.error?.description, meta);
  return new PaymentError('invalid_request', sdk.error?.description, meta);
}
