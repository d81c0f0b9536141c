/**
 * Provider webhooks into SQL, through the payment layer's `WebhookInbox`. Each delivery runs in
 * ONE transaction: the inbox verifies the signature on the raw body (forged and stale deliveries
 * are rejected and logged before anything is written), `TxEventLedger` inserts the event id with
 * `ON CONFLICT DO NOTHING` (the first delivery wins; a concurrent duplicate waits on the key and
 * then finds it), and the event's effect runs in the same transaction — so an event is recorded
 * exactly when its effect commits. A failing effect makes the inbox `release` the record, which
 * here means rolling the whole transaction back; the provider redelivers later (503).
 *
 * The transaction starts as a platform transaction (the provider account is the platform's and
 * the event names no tenant), finds the payment by the provider's reference and then narrows
 * itself to that payment's tenant, so the effect runs under the tenant's RLS policy.
 */
import type { Database, Tx } from '../db/types.ts';
import type {
  EventLedger,
  PaymentEvent,
  PaymentProvider,
  PaymentsLogger,
  ProviderName,
  WebhookHeaders,
} from '../payments/types.ts';
import { WebhookInbox, type WebhookResult } from '../payments/webhook-inbox.ts';
import { capturePayment } from './capture.ts';
import { loadPayment } from './payment-rows.ts';
import { settleRefund } from './refund-rows.ts';

/** `EventLedger` inside one transaction: release cannot undo a statement, so it asks for a rollback. */
export class TxEventLedger implements EventLedger {
  readonly #tx: Tx;
  released = false;

  constructor(tx: Tx) {
    this.#tx = tx;
  }

  async recordOnce(provider: ProviderName, eventId: string): Promise<boolean> {
    const rows = await this.#tx.query(
      'INSERT INTO webhook_events (provider, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [provider, eventId],
    );
    return rows.length === 1;
  }

  async release(): Promise<void> {
    this.released = true;
  }
}

class Rollback extends Error {
  constructor(readonly result: WebhookResult) {
    super('webhook effect failed; rolled back');
  }
}

/** Switches the open platform transaction to one tenant's context for the rest of it. */
export async function narrowToTenant(tx: Tx, tenantId: string): Promise<void> {
  await tx.query("SELECT set_config('app.tenant_id', $1, true), set_config('app.platform', 'off', true)", [
    tenantId,
  ]);
}

export interface WebhookReceiverOptions {
  db: Database;
  providers: Partial<Record<ProviderName, PaymentProvider>>;
  logger: PaymentsLogger;
  now?: () => number;
}

export class SqlWebhookReceiver {
  readonly #o: WebhookReceiverOptions;

  constructor(options: WebhookReceiverOptions) {
    this.#o = options;
  }

  async receive(provider: ProviderName, rawBody: string, headers: WebhookHeaders): Promise<WebhookResult> {
    try {
      return await this.#o.db.platform(async (tx) => {
        const ledger = new TxEventLedger(tx);
        const inbox = new WebhookInbox({
          providers: this.#o.providers,
          ledger,
          logger: this.#o.logger,
          onEvent: (event) => applyPaymentEvent(tx, event, (this.#o.now ?? Date.now)(), this.#o.logger),
        });
        const result = await inbox.receive(provider, rawBody, headers);
        if (ledger.released) throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.result;
      throw error;
    }
  }
}

/** The effect of one verified, first-seen event. Unknown references are logged and acknowledged. */
export async function applyPaymentEvent(
  tx: Tx,
  event: PaymentEvent,
  now: number,
  log: PaymentsLogger,
): Promise<void> {
  const [ref] = await tx.query<{ tenant_id: string; id: string }>(
    'SELECT tenant_id, id FROM payments WHERE provider = $1 AND provider_ref = $2',
    [event.provider, event.providerRef],
  );
  if (!ref) {
    log.warn(
      { provider: event.provider, eventId: event.eventId, providerRef: event.providerRef },
      'payment event for an unknown payment',
    );
    return;
  }
  await narrowToTenant(tx, ref.tenant_id);
  const payment = await loadPayment(tx, ref.tenant_id, ref.id, true);
  if (!payment) return;
  switch (event.type) {
    case 'payment.captured': {
      const facts = { providerPaymentId: event.providerPaymentId, amountPaise: event.amountPaise };
      const outcome = await capturePayment(tx, payment, facts, now);
      if (outcome === 'amount_mismatch')
        log.warn({ eventId: event.eventId, paymentId: payment.id }, 'captured amount mismatch');
      return;
    }
    case 'payment.failed':
      await tx.query(
        `UPDATE payments SET status = 'failed', provider_payment_id = coalesce($3, provider_payment_id), updated_at = $4
          WHERE tenant_id = $1 AND id = $2 AND status = 'pending'`,
        [payment.tenant_id, payment.id, event.providerPaymentId ?? null, new Date(now)],
      );
      return;
    case 'refund.processed':
    case 'refund.failed':
      if (event.refundRef)
        await settleRefund(
          tx,
          payment.tenant_id,
          { providerRef: event.refundRef },
          event.type === 'refund.processed' ? 'processed' : 'failed',
          now,
        );
      return;
    case 'ignored':
      return;
  }
}
