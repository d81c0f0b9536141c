/**
 * The pay step for the real providers (ADR 0027), shown by the pay panel when the cloud's checkout
 * is Razorpay's or Stripe's. Razorpay: Standard Checkout's modal over the app, then the handler's
 * response goes to POST /payments/{id}/verify (the cloud checks the signature and fetches the
 * payment) and the captured payment is handed back. Stripe: a plain link to the hosted Checkout
 * page; Stripe sends the student back to the payment screen (return-screen.tsx).
 *
 *   idle ──pay──▶ opening ──▶ open (modal) ──paid──▶ verifying ──▶ onSettled(payment)
 *                    │            ├─closed─▶ dismissed ──pay──▶ opening
 *                    └─no script─▶ error ──pay──▶ opening
 */
import { type ApiClient, ErrorState, Progress, useMessages } from '@studyspot/app-kit';
import { useState } from 'react';
import { myProfile } from '../api/cloud.ts';
import { type Checkout, Payment, VerifyPayment } from '../api/schemas.ts';
import { money } from '../format.ts';
import { providerPayText } from '../i18n/pay.ts';
import { useSession } from '../session-context.tsx';
import { loadRazorpay, openRazorpay, type RazorpayOutcome } from './razorpay.ts';

type Step =
  | { kind: 'idle' | 'opening' | 'verifying' | 'dismissed' }
  | { kind: 'open'; failure: string | null }
  | { kind: 'no-script' }
  | { kind: 'error'; error: unknown };

const verify = (api: ApiClient, id: string, outcome: Extract<RazorpayOutcome, { kind: 'paid' }>) =>
  api.post(`/payments/${id}/verify`, VerifyPayment, { payload: outcome.response }, Payment);

interface Props {
  payment: Payment;
  onSettled: (payment: Payment) => void;
}

type RazorpayCheckout = Extract<Checkout, { kind: 'razorpay' }>;

/** The Razorpay steps of one pay step, and the action that runs them. */
function useRazorpay(payment: Payment, checkout: RazorpayCheckout, onSettled: Props['onSettled']) {
  const { api } = useSession();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const pay = async () => {
    setStep({ kind: 'opening' });
    let Razorpay: Awaited<ReturnType<typeof loadRazorpay>>;
    try {
      Razorpay = await loadRazorpay();
    } catch {
      setStep({ kind: 'no-script' });
      return;
    }
    try {
      const profile = await myProfile(api).catch(() => null);
      setStep({ kind: 'open', failure: null });
      const outcome = await openRazorpay(Razorpay, checkout, {
        description: payment.description,
        prefill: { name: profile?.name || undefined, contact: profile?.phone ?? undefined },
        onFailedAttempt: (reason) => setStep({ kind: 'open', failure: reason }),
      });
      if (outcome.kind === 'dismissed') return setStep({ kind: 'dismissed' });
      setStep({ kind: 'verifying' });
      onSettled(await verify(api, payment.id, outcome));
    } catch (error) {
      setStep({ kind: 'error', error });
    }
  };
  return { step, pay };
}

function RazorpayPay({ payment, checkout, onSettled }: Props & { checkout: RazorpayCheckout }) {
  const { t, lang } = useMessages(providerPayText);
  const { step, pay } = useRazorpay(payment, checkout, onSettled);
  if (step.kind === 'opening') return <Progress label={t('opening')} />;
  if (step.kind === 'verifying') return <Progress label={t('verifying')} />;
  if (step.kind === 'error') return <ErrorState error={step.error} onRetry={() => void pay()} />;
  return (
    <div className="stack">
      <button
        type="button"
        className="button button-primary wide"
        disabled={step.kind === 'open'}
        onClick={() => void pay()}
      >
        {t('pay', { amount: money(payment.amountPaise, lang) })}
      </button>
      <p className="muted small">{t('razorpayNote')}</p>
      {step.kind === 'dismissed' ? <p role="status">{t('dismissed')}</p> : null}
      {step.kind === 'no-script' ? (
        <p className="form-error" role="alert">
          {t('scriptFailed')}
        </p>
      ) : null}
      {step.kind === 'open' && step.failure !== null ? (
        <p className="form-error" role="alert">
          {t('declined', { reason: step.failure })}
        </p>
      ) : null}
    </div>
  );
}

function StripePay({ payment, checkout }: Props & { checkout: Extract<Checkout, { kind: 'stripe' }> }) {
  const { t, lang } = useMessages(providerPayText);
  const [leaving, setLeaving] = useState(false);
  return (
    <div className="stack">
      <a className="button button-primary wide" href={checkout.url} onClick={() => setLeaving(true)}>
        {t('pay', { amount: money(payment.amountPaise, lang) })}
      </a>
      <p className="muted small">{t('stripeNote')}</p>
      {leaving ? <Progress label={t('leaving')} /> : null}
    </div>
  );
}

/** Razorpay's or Stripe's pay step for `payment`; null for other checkouts. */
export function ProviderCheckout({ payment, onSettled }: Props) {
  const checkout = payment.checkout;
  if (checkout?.kind === 'razorpay')
    return <RazorpayPay payment={payment} checkout={checkout} onSettled={onSettled} />;
  if (checkout?.kind === 'stripe')
    return <StripePay payment={payment} checkout={checkout} onSettled={onSettled} />;
  return null;
}
