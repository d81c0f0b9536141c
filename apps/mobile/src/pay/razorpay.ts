/**
 * Razorpay Standard Checkout in the browser (ADR 0027). checkout.js is loaded once, on demand,
 * from Razorpay's own host — the cloud's content policy for /app/ allows exactly that script and
 * the payment form it frames from api.razorpay.com. `openRazorpay` opens the modal for the order
 * the cloud created and settles when the student pays (the handler's response, which the cloud
 * verifies) or closes the modal. A failed attempt inside the modal is reported, not final: the
 * student can try another method there.
 */
import type { Checkout } from '../api/schemas.ts';
import { RazorpayResponse } from '../api/schemas.ts';

export const CHECKOUT_JS = 'https://checkout.razorpay.com/v1/checkout.js';

type RazorpayCheckout = Extract<Checkout, { kind: 'razorpay' }>;

/** The options of Razorpay's constructor this app uses (Standard Checkout's documented names). */
interface RazorpayOptions {
  key: string;
  order_id: string;
  amount: number;
  currency: string;
  name: string;
  description: string;
  prefill: { name?: string; contact?: string };
  theme: { color: string };
  handler: (response: unknown) => void;
  modal: { ondismiss: () => void };
}

interface RazorpayInstance {
  open(): void;
  on(event: 'payment.failed', callback: (response: { error?: { description?: string } }) => void): void;
}

type RazorpayConstructor = new (options: RazorpayOptions) => RazorpayInstance;

const globalRazorpay = () => (window as { Razorpay?: RazorpayConstructor }).Razorpay;

let loading: Promise<RazorpayConstructor> | null = null;

/** checkout.js's `Razorpay`, loading the script the first time; a failed load can be tried again. */
export function loadRazorpay(): Promise<RazorpayConstructor> {
  const ready = globalRazorpay();
  if (ready) return Promise.resolve(ready);
  loading ??= new Promise<RazorpayConstructor>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = CHECKOUT_JS;
    script.async = true;
    script.onload = () => {
      const loaded = globalRazorpay();
      if (loaded) resolve(loaded);
      else reject(new Error('checkout.js defined no Razorpay'));
    };
    script.onerror = () => {
      script.remove();
      reject(new Error('checkout.js did not load'));
    };
    document.head.append(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

export type RazorpayOutcome = { kind: 'paid'; response: RazorpayResponse } | { kind: 'dismissed' };

export interface RazorpayDetails {
  description: string;
  prefill: { name?: string; contact?: string };
  /** A failed attempt inside the modal, with Razorpay's reason; the modal stays open. */
  onFailedAttempt: (reason: string) => void;
}

/** Opens the modal for the cloud's order; resolves when the student has paid or closed it. */
export function openRazorpay(
  Razorpay: RazorpayConstructor,
  checkout: RazorpayCheckout,
  details: RazorpayDetails,
): Promise<RazorpayOutcome> {
  return new Promise((resolve, reject) => {
    const rzp = new Razorpay({
      key: checkout.keyId,
      order_id: checkout.orderId,
      amount: checkout.amountPaise,
      currency: checkout.currency,
      name: 'StudySpot',
      description: details.description.slice(0, 255),
      prefill: details.prefill,
      theme: { color: '#1d4ed8' },
      handler: (response) => {
        const parsed = RazorpayResponse.safeParse(response);
        if (parsed.success) resolve({ kind: 'paid', response: parsed.data });
        else reject(new Error('Razorpay answered without a payment'));
      },
      modal: { ondismiss: () => resolve({ kind: 'dismissed' }) },
    });
    rzp.on('payment.failed', (response) => details.onFailedAttempt(response.error?.description ?? ''));
    rzp.open();
  });
}
