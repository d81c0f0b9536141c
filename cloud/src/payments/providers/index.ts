/**
 * The explicit provider map. Every provider is built from the same `PaymentsConfig`; the online
 * provider is chosen by which keys are present: Razorpay keys → Razorpay, else Stripe keys →
 * Stripe, else the built-in test provider (so a fresh machine can take payments end to end).
 * Cash is always available for staff.
 */
import { PaymentError } from '../errors.ts';
import type { PaymentProvider, ProviderName } from '../types.ts';
import { cashProvider } from './cash.ts';
import { type RazorpayConfig, razorpayProvider } from './razorpay.ts';
import { type StripeConfig, stripeProvider } from './stripe.ts';
import { type TestProvider, type TestProviderConfig, testProvider } from './test-provider.ts';

export interface PaymentsConfig {
  readonly razorpay?: RazorpayConfig;
  readonly stripe?: StripeConfig;
  /** Needed when neither Razorpay nor Stripe keys are present. */
  readonly test?: TestProviderConfig;
}

export const providerFactories = {
  razorpay: (config: PaymentsConfig) => razorpayProvider(required(config.razorpay, 'razorpay')),
  stripe: (config: PaymentsConfig) => stripeProvider(required(config.stripe, 'stripe')),
  cash: (_config: PaymentsConfig) => cashProvider(),
  test: (config: PaymentsConfig) => testProvider(required(config.test, 'test')),
} satisfies Record<ProviderName, (config: PaymentsConfig) => PaymentProvider>;

export interface ConfiguredProviders {
  readonly online: PaymentProvider;
  /** The online provider and cash, keyed by name (what `WebhookInbox` and the routes look up). */
  readonly byName: Partial<Record<ProviderName, PaymentProvider>>;
  /** Set when the online provider is the built-in one: mount `testCheckoutRoutes(testCheckout)`. */
  readonly testCheckout?: TestProvider;
}

/** Which provider takes online payments under this config. */
export function onlineProviderName(config: PaymentsConfig): Exclude<ProviderName, 'cash'> {
  if (config.razorpay?.keyId && config.razorpay.keySecret && config.razorpay.webhookSecret) return 'razorpay';
  if (config.stripe?.secretKey && config.stripe.webhookSecret) return 'stripe';
  return 'test';
}

/** The providers usable under this config: the online one and cash. */
export function createProviders(config: PaymentsConfig): ConfiguredProviders {
  const name = onlineProviderName(config);
  const cash = providerFactories.cash(config);
  if (name === 'test') {
    const test = providerFactories.test(config);
    return { online: test, byName: { test, cash }, testCheckout: test };
  }
  const online = providerFactories[name](config);
  return { online, byName: { [name]: online, cash } };
}

function required<T>(value: T | undefined, name: ProviderName): T {
  if (!value) throw new PaymentError('invalid_request', `${name} is not configured`);
  return value;
}
