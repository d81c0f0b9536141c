/**
 * Webhook intake, without a database. For each delivery:
 *
 *   raw body + headers ─▶ provider.parseWebhook (signature on the RAW body, timestamp tolerance)
 *        │ bad_signature / stale / malformed ─▶ rejected (logged, 400, onEvent never called)
 *        ▼
 *   type 'ignored' ─▶ ignored (200)
 *        ▼
 *   ledger.recordOnce(provider, eventId) ── false ─▶ duplicate (200, no effect)
 *        ▼ true
 *   onEvent(event) ── throws ─▶ ledger.release, retry (503: the provider redelivers later)
 *        ▼
 *   accepted (200)
 *
 * So a webhook delivered any number of times, in any order, has exactly one effect, and a failing
 * effect is not lost. (With SQL, record and effect share a transaction and release is the rollback.)
 */
import { isPaymentError } from './errors.ts';
import type {
  EventLedger,
  PaymentEvent,
  PaymentProvider,
  PaymentsLogger,
  ProviderName,
  WebhookHeaders,
} from './types.ts';
import { silentLogger } from './types.ts';

export type WebhookRejection = 'bad_signature' | 'stale' | 'malformed' | 'unknown_provider';

export type WebhookResult =
  | { readonly status: 'accepted'; readonly event: PaymentEvent }
  | { readonly status: 'duplicate'; readonly eventId: string }
  | { readonly status: 'ignored'; readonly eventId: string }
  | { readonly status: 'rejected'; readonly code: WebhookRejection }
  | { readonly status: 'retry'; readonly eventId: string };

export interface WebhookInboxOptions {
  readonly providers: Partial<Record<ProviderName, PaymentProvider>>;
  readonly ledger: EventLedger;
  readonly onEvent: (event: PaymentEvent) => Promise<void>;
  readonly logger?: PaymentsLogger;
}

/** The HTTP answer for a result: providers redeliver on anything but 2xx. */
export function webhookHttpStatus(result: WebhookResult): 200 | 400 | 404 | 503 {
  switch (result.status) {
    case 'accepted':
    case 'duplicate':
    case 'ignored':
      return 200;
    case 'rejected':
      return result.code === 'unknown_provider' ? 404 : 400;
    case 'retry':
      return 503;
  }
}

export class WebhookInbox {
  readonly #providers: Partial<Record<ProviderName, PaymentProvider>>;
  readonly #ledger: EventLedger;
  readonly #onEvent: (event: PaymentEvent) => Promise<void>;
  readonly #log: PaymentsLogger;

  constructor(options: WebhookInboxOptions) {
    this.#providers = options.providers;
    this.#ledger = options.ledger;
    this.#onEvent = options.onEvent;
    this.#log = options.logger ?? silentLogger;
  }

  async receive(provider: ProviderName, rawBody: string, headers: WebhookHeaders): Promise<WebhookResult> {
    const parsed = await this.#parse(provider, rawBody, headers);
    if ('status' in parsed) return parsed;
    const event = parsed;
    if (event.type === 'ignored') return { status: 'ignored', eventId: event.eventId };
    if (!(await this.#ledger.recordOnce(provider, event.eventId))) {
      this.#log.info({ provider, eventId: event.eventId }, 'payment webhook duplicate ignored');
      return { status: 'duplicate', eventId: event.eventId };
    }
    try {
      await this.#onEvent(event);
    } catch (error) {
      await this.#ledger.release(provider, event.eventId);
      this.#log.warn(
        { provider, eventId: event.eventId, err: String(error) },
        'payment webhook effect failed',
      );
      return { status: 'retry', eventId: event.eventId };
    }
    return { status: 'accepted', event };
  }

  async #parse(
    provider: ProviderName,
    rawBody: string,
    headers: WebhookHeaders,
  ): Promise<PaymentEvent | { status: 'rejected'; code: WebhookRejection }> {
    const adapter = this.#providers[provider];
    if (!adapter) {
      this.#log.warn({ provider }, 'payment webhook for an unconfigured provider rejected');
      return { status: 'rejected', code: 'unknown_provider' };
    }
    try {
      const event = await adapter.parseWebhook(rawBody, headers);
      if (event.provider !== provider) return { status: 'rejected', code: 'malformed' };
      return event;
    } catch (error) {
      const code =
        isPaymentError(error) && (error.code === 'stale' || error.code === 'malformed')
          ? error.code
          : 'bad_signature';
      this.#log.warn(
        { provider, code, bytes: rawBody.length, err: String(error) },
        'payment webhook rejected',
      );
      return { status: 'rejected', code };
    }
  }
}
