/**
 * What the Twilio SMS and WhatsApp adapters share: building the official SDK client and mapping its
 * `RestException` (Twilio's `{ code, message, status }`) and network errors to `NotifyError`.
 *
 * `apiBaseUrl` points the SDK at another host (a local stand-in in tests, an egress proxy in a locked
 * down deployment). The SDK only lets `region`/`edge` rewrite parts of `*.twilio.com`, so we pass our
 * own `httpClient`: the SDK's `RequestClient` with each request's origin swapped before it is sent.
 * Auth, form encoding and response parsing stay the SDK's own.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type { SendResult } from '../types.ts';
import { NotifyError } from '../types.ts';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  /** e.g. 'http://127.0.0.1:4010'; unset = the real api.twilio.com. */
  apiBaseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** The SDK's request client, sending every request to `baseUrl`'s origin instead of *.twilio.com. */
export class BaseUrlRequestClient extends twilio.RequestClient {
  readonly #base: URL;

  constructor(baseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs, autoRetry: false });
    this.#base = new URL(baseUrl);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.#base.protocol;
    uri.host = this.#base.host;
    return super.request<TData>({ ...opts, uri: uri.href });
  }
}

export function createTwilioClient(config: TwilioConfig): twilio.Twilio {
  const timeoutMs = config.timeoutMs ?? 15_000;
  const httpClient = config.apiBaseUrl
    ? new BaseUrlRequestClient(config.apiBaseUrl, timeoutMs)
    : new twilio.RequestClient({ timeout: timeoutMs, autoRetry: false });
  return twilio(config.accountSid, config.authToken, { httpClient });
}

/** Twilio error codes that mean the address itself is wrong. */
const badAddressCodes = new Set([21211, 21214, 21408, 21612, 21614, 63003]);

export function toNotifyError(error: unknown): NotifyError {
  if (!(error instanceof twilio.RestException)) {
    // Connection refused, reset, DNS, timeout: Twilio never saw the request (or we cannot tell).
    return new NotifyError('unavailable', `twilio unreachable: ${String(error)}`, true);
  }
  const meta = { status: error.status, twilioCode: error.code, moreInfo: error.moreInfo };
  const text = `twilio ${error.status}/${error.code}: ${error.message}`;
  if (error.status === 401 || error.status === 403) return new NotifyError('auth_failed', text, false, meta);
  if (error.status === 429) return new NotifyError('rate_limited', text, true, meta);
  if (error.status >= 500) return new NotifyError('unavailable', text, true, meta);
  if (error.code === 21610) return new NotifyError('opted_out', text, false, meta);
  if (error.code !== undefined && badAddressCodes.has(error.code)) {
    return new NotifyError('invalid_recipient', text, false, meta);
  }
  return new NotifyError('rejected', text, false, meta);
}

/**
 * Creates one Message. Twilio's Messages API takes no idempotency key, so a retry after a lost
 * response can send twice: delivery through Twilio is at-least-once (see worker.ts).
 */
export async function createTwilioMessage(
  client: twilio.Twilio,
  params: { from: string; to: string; body: string },
): Promise<SendResult> {
  try {
    const message = await client.messages.create(params);
    return { providerRef: message.sid };
  } catch (error) {
    throw toNotifyError(error);
  }
}
