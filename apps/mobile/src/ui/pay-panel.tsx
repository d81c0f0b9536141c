/**
 * Paying for a request, a booking or a membership: the cloud creates the payment (its amount from
 * core pricing, never from the app) and the provider's checkout. With the built-in test provider
 * the checkout is a page on the cloud that opens in a new tab; this panel watches the payment
 * (every 2 s, and at once when the student comes back to the tab) until it is captured or failed.
 * Razorpay and Stripe checkouts are src/pay/'s (ADR 0027); they hand the settled payment back here.
 *
 *   preparing ──▶ open (link to checkout) ──captured──▶ paid (onPaid)
 *                    └──────failed──────▶ failed ──try again──▶ preparing
 */
import { ErrorState, Progress, useMessages } from '@studyspot/app-kit';
import type { NewPayment } from '@studyspot/core';
import { useCallback, useEffect, useState } from 'react';
import { paymentStatus, startPayment } from '../api/cloud.ts';
import type { Payment } from '../api/schemas.ts';
import { money } from '../format.ts';
import { payText } from '../i18n/booking.ts';
import { ProviderCheckout } from '../pay/provider-checkout.tsx';
import { useSession } from '../session-context.tsx';
import { useInterval } from './use-interval.ts';

type State =
  | { step: 'preparing' }
  | { step: 'open'; payment: Payment; opened: boolean }
  | { step: 'paid'; payment: Payment }
  | { step: 'failed'; payment: Payment }
  | { step: 'error'; error: unknown };

const settled = (p: Payment) => p.status !== 'pending';

interface PayPanelProps {
  target: NewPayment;
  onPaid: (payment: Payment) => void;
  /** A sentence for a refusal this screen understands better than the generic table (or null). */
  explain?: (error: unknown) => string | null;
}

export function PayPanel({ target, onPaid, explain }: PayPanelProps) {
  const { t, lang } = useMessages(payText);
  const { api } = useSession();
  const [state, setState] = useState<State>({ step: 'preparing' });
  const [attempt, setAttempt] = useState(0);
  const targetKey = `${target.purpose}:${target.targetId}`;

  const show = useCallback(
    (payment: Payment) => {
      if (payment.status === 'captured') {
        setState({ step: 'paid', payment });
        onPaid(payment);
      } else if (payment.status === 'failed') setState({ step: 'failed', payment });
      else setState((s) => ({ step: 'open', payment, opened: s.step === 'open' && s.opened }));
    },
    [onPaid],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new target or a retry starts a payment
  useEffect(() => {
    let live = true;
    setState({ step: 'preparing' });
    startPayment(api, target).then(
      (payment) => live && show(payment),
      (error: unknown) => live && setState({ step: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [api, targetKey, attempt]);

  const check = useCallback(() => {
    if (state.step !== 'open' || settled(state.payment)) return;
    paymentStatus(api, state.payment.id).then(show, () => undefined);
  }, [api, state, show]);
  useInterval(check, 2_000, state.step === 'open');
  useEffect(() => {
    const back = () => document.visibilityState === 'visible' && check();
    document.addEventListener('visibilitychange', back);
    window.addEventListener('focus', back);
    return () => {
      document.removeEventListener('visibilitychange', back);
      window.removeEventListener('focus', back);
    };
  }, [check]);

  switch (state.step) {
    case 'preparing':
      return <Progress label={t('preparing')} />;
    case 'error': {
      const special = explain?.(state.error);
      return special ? (
        <p className="form-error" role="alert">
          {special}
        </p>
      ) : (
        <ErrorState error={state.error} onRetry={() => setAttempt((n) => n + 1)} />
      );
    }
    case 'paid':
      return (
        <p className="notice notice-ok" role="status">
          {t('paid')}
        </p>
      );
    case 'failed':
      return (
        <div className="stack">
          <p className="form-error" role="alert">
            {t('failed')}
          </p>
          <button
            type="button"
            className="button button-primary wide"
            onClick={() => setAttempt((n) => n + 1)}
          >
            {t('again')}
          </button>
        </div>
      );
    case 'open': {
      const { payment } = state;
      const checkout = payment.checkout;
      if (checkout?.kind === 'razorpay' || checkout?.kind === 'stripe')
        return <ProviderCheckout payment={payment} onSettled={show} />;
      if (checkout?.kind !== 'test') {
        return <p className="notice">{t('unsupported', { provider: payment.provider })}</p>;
      }
      return (
        <div className="stack">
          <a
            className="button button-primary wide"
            href={checkout.url}
            target="_blank"
            rel="noopener"
            onClick={() => setState({ ...state, opened: true })}
          >
            {t('pay', { amount: money(payment.amountPaise, lang) })}
          </a>
          <p className="muted small">{t('testProvider')}</p>
          {state.opened ? <Progress label={t('waiting')} /> : <p className="muted small">{t('afterOpen')}</p>}
        </div>
      );
    }
  }
}
