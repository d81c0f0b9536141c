/** What the billing functions run with: the database, the configured providers, a logger, backoff. */
import type { Database } from '../db/types.ts';
import type { BackoffPolicy } from '../payments/provider-call.ts';
import type { ConfiguredProviders } from '../payments/providers/index.ts';
import type { PaymentProvider, PaymentsLogger, ProviderName } from '../payments/types.ts';

export interface BillingContext {
  db: Database;
  providers: ConfiguredProviders;
  log: PaymentsLogger;
  /** Retry schedule of outgoing provider calls after an outage (default 1 s doubling to 5 min). */
  backoff?: BackoffPolicy;
}

/** The adapter a stored payment was made with (it may differ from today's online provider). */
export function providerOf(ctx: BillingContext, name: ProviderName): PaymentProvider {
  const provider = ctx.providers.byName[name];
  if (!provider) throw new Error(`payment provider ${name} is not configured`);
  return provider;
}
