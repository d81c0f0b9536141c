/**
 * Where Stripe Checkout sends the student back (ADR 0027): `#/payments/{id}` after paying,
 * `#/payments/{id}/cancelled` after leaving the page unpaid. The redirect proves nothing — the cloud
 * captures the payment when Stripe's signed webhook arrives — so the screen reads the payment and
 * keeps reading it (every 2 s) while it is pending, then offers the way on: the request, booking or
 * membership it paid for.
 */
import { ErrorState, Loading, useMessages, useResource } from '@studyspot/app-kit';
import { paymentStatus } from '../api/cloud.ts';
import type { Payment } from '../api/schemas.ts';
import { money } from '../format.ts';
import { providerPayText } from '../i18n/pay.ts';
import { useSession } from '../session-context.tsx';
import { ScreenTitle } from '../ui/title.tsx';
import { useInterval } from '../ui/use-interval.ts';

/** The screen of what the payment was for. */
export function paidFor(payment: Payment): string {
  switch (payment.purpose) {
    case 'booking_request':
      return `#/requests/${payment.targetId}`;
    case 'booking':
      return `#/bookings/${payment.targetId}`;
    case 'membership':
      return '#/bookings';
  }
}

function Outcome({ payment, cancelled }: { payment: Payment; cancelled: boolean }) {
  const { t, lang } = useMessages(providerPayText);
  const onward = (
    <a className="button button-primary wide" href={paidFor(payment)}>
      {payment.status === 'pending' ? t('tryAgain') : t('continue')}
    </a>
  );
  if (
    payment.status === 'captured' ||
    payment.status === 'partially_refunded' ||
    payment.status === 'refunded'
  ) {
    return (
      <div className="stack">
        <p className="notice notice-ok" role="status">
          {t('returnPaid', { amount: money(payment.amountPaise, lang) })}
        </p>
        {onward}
      </div>
    );
  }
  if (payment.status === 'failed') {
    return (
      <div className="stack">
        <p className="form-error" role="alert">
          {t('returnFailed')}
        </p>
        {onward}
      </div>
    );
  }
  if (cancelled) {
    return (
      <div className="stack">
        <p role="status">{t('returnCancelled')}</p>
        {onward}
      </div>
    );
  }
  return <Loading label={t('returnWaiting')} />;
}

export function PaymentReturnScreen({ id, cancelled }: { id: string; cancelled: boolean }) {
  const { t } = useMessages(providerPayText);
  const { api } = useSession();
  const payment = useResource(() => paymentStatus(api, id), [api, id]);
  useInterval(payment.reload, 2_000, !cancelled && payment.data?.status === 'pending');
  return (
    <section className="stack">
      <ScreenTitle>{t('returnTitle')}</ScreenTitle>
      {payment.data ? (
        <Outcome payment={payment.data} cancelled={cancelled} />
      ) : payment.status === 'error' ? (
        <ErrorState error={payment.error} onRetry={payment.reload} />
      ) : (
        <Loading />
      )}
    </section>
  );
}
