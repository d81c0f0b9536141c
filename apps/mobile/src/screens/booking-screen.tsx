/**
 * One booking: when and where, the pass, and cancelling. Before the student confirms a cancel, the
 * screen shows what the library's policy refunds if they cancel now (GET /me/bookings/{id}/refund,
 * the same rule the cloud's billing applies). The cancel itself is a command the library's hub
 * applies (ADR 0022: 202, pending), so the screen waits for the booking to read `cancelled`, then
 * for the refund, which billing makes once the hub has answered.
 *
 *   view ──cancel──▶ confirm (refund preview) ──yes──▶ cancelling ──hub applied──▶ cancelled ──▶ refunded
 *                        └──keep──▶ view
 */
import { ErrorState, Loading, Progress, useMessages, useResource } from '@studyspot/app-kit';
import type { MyBooking } from '@studyspot/core';
import { useEffect, useRef, useState } from 'react';
import { cancelBooking, myBookings, myRequests, refundQuote } from '../api/cloud.ts';
import type { RefundQuote } from '../api/schemas.ts';
import { LIBRARY_ZONE, money, span } from '../format.ts';
import { bookingText } from '../i18n/mine.ts';
import { passable } from '../pass/fetch-pass.ts';
import { forgetPass } from '../pass/pass-store.ts';
import { useSession } from '../session-context.tsx';
import { ScreenTitle } from '../ui/title.tsx';
import { useInterval } from '../ui/use-interval.ts';

type Step =
  | { step: 'view' }
  | { step: 'confirm'; quote: RefundQuote | null; error: unknown }
  | { step: 'cancelling'; error: unknown }
  | { step: 'cancelled'; quote: RefundQuote | null };

function RefundPreview({ quote }: { quote: RefundQuote }) {
  const { t, lang } = useMessages(bookingText);
  const { policy } = quote;
  return (
    <div className="stack" data-testid="refund-preview">
      <p>
        {quote.paidPaise === 0
          ? t('nothingPaid')
          : quote.refundIfCancelledNowPaise > 0
            ? t('refundPreview', {
                paid: money(quote.paidPaise, lang),
                refund: money(quote.refundIfCancelledNowPaise, lang),
              })
            : t('refundNone', { paid: money(quote.paidPaise, lang) })}
      </p>
      <p className="muted small">
        {t('policy', {
          hours: policy.fullRefundHours,
          partial: policy.partialRefundPercent,
          late: policy.lateRefundPercent,
        })}
      </p>
    </div>
  );
}

/** The question, with focus moved to it so a keyboard or screen-reader user lands on the choice. */
function ConfirmCancel({
  step,
  onYes,
  onNo,
}: {
  step: Extract<Step, { step: 'confirm' }>;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t } = useMessages(bookingText);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <section
      className="card stack"
      aria-labelledby="cancel-title"
      role="alertdialog"
      aria-describedby="cancel-body"
    >
      <h2 id="cancel-title" ref={title} tabIndex={-1}>
        {t('cancelTitle')}
      </h2>
      <div id="cancel-body">
        {step.quote ? (
          <RefundPreview quote={step.quote} />
        ) : step.error ? (
          <ErrorState error={step.error} />
        ) : (
          <Loading />
        )}
      </div>
      <div className="row">
        <button type="button" className="button button-danger grow" disabled={!step.quote} onClick={onYes}>
          {t('confirm')}
        </button>
        <button type="button" className="button grow" onClick={onNo}>
          {t('keep')}
        </button>
      </div>
    </section>
  );
}

function Cancel({ booking, onChanged }: { booking: MyBooking; onChanged: () => void }) {
  const { t, lang } = useMessages(bookingText);
  const { api } = useSession();
  const [step, setStep] = useState<Step>(
    booking.state === 'cancelled' ? { step: 'cancelled', quote: null } : { step: 'view' },
  );

  const ask = async () => {
    setStep({ step: 'confirm', quote: null, error: null });
    try {
      setStep({ step: 'confirm', quote: await refundQuote(api, booking.id), error: null });
    } catch (error) {
      setStep({ step: 'confirm', quote: null, error });
    }
  };
  const confirm = async () => {
    setStep({ step: 'cancelling', error: null });
    try {
      await cancelBooking(api, booking.id);
      onChanged();
    } catch (error) {
      setStep({ step: 'cancelling', error });
    }
  };
  // after the hub applied the cancel, watch for the refund billing makes
  if (booking.state === 'cancelled' && step.step !== 'cancelled') setStep({ step: 'cancelled', quote: null });
  const refundDue = step.step === 'cancelled' && (step.quote === null || step.quote.refundedPaise === 0);
  useInterval(
    () => {
      refundQuote(api, booking.id).then(
        (quote) => setStep({ step: 'cancelled', quote }),
        () => undefined,
      );
    },
    2_000,
    refundDue,
  );

  switch (step.step) {
    case 'view':
      return booking.state === 'held' || booking.state === 'confirmed' ? (
        <button type="button" className="button button-danger wide" onClick={() => void ask()}>
          {t('cancel')}
        </button>
      ) : null;
    case 'confirm':
      return (
        <ConfirmCancel step={step} onYes={() => void confirm()} onNo={() => setStep({ step: 'view' })} />
      );
    case 'cancelling':
      return step.error ? (
        <ErrorState error={step.error} onRetry={() => void confirm()} />
      ) : (
        <Progress label={t('cancelling')} />
      );
    case 'cancelled': {
      const quote = step.quote;
      return (
        <div className="stack" role="status" data-testid="cancelled">
          <p className="notice">{t('cancelled')}</p>
          {quote && quote.refundedPaise > 0 ? (
            <p className="notice notice-ok" data-testid="refunded">
              {t('refunded', { amount: money(quote.refundedPaise, lang) })}
            </p>
          ) : quote && quote.paidPaise > 0 ? (
            <Progress
              label={t('refundComing', {
                amount: money(quote.refundIfCancelledNowPaise || quote.paidPaise, lang),
              })}
            />
          ) : null}
        </div>
      );
    }
  }
}

export function BookingScreen({ id }: { id: string }) {
  const { t, lang } = useMessages(bookingText);
  const { api } = useSession();
  const found = useResource(async () => {
    const [bookings, requests] = await Promise.all([myBookings(api), myRequests(api)]);
    const booking = bookings.items.find((b) => b.id === id) ?? null;
    return { booking, requestId: requests.items.find((r) => r.bookingId === id)?.id ?? null };
  }, [api, id]);
  const waitingForHub = found.data?.booking?.state !== 'cancelled';
  const [cancelAsked, setCancelAsked] = useState(false);
  useInterval(found.reload, 2_000, cancelAsked && waitingForHub);
  if (found.status === 'loading' && !found.data) return <Loading />;
  if (found.status === 'error' && !found.data)
    return <ErrorState error={found.error} onRetry={found.reload} />;
  const booking = found.data?.booking;
  if (!booking) return <p>{t('notFound')}</p>;
  if (booking.state === 'cancelled') forgetPass(booking.id);
  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      <dl className="card facts">
        <dt>{t('where')}</dt>
        <dd>
          {booking.libraryName}
          {booking.seatNumber ? ` · ${booking.seatNumber}` : ''}
        </dd>
        <dt>{t('when')}</dt>
        <dd>{span(booking.startsAt, booking.endsAt, LIBRARY_ZONE, lang)}</dd>
        <dt>{t('paid')}</dt>
        <dd>{money(booking.amountPaise + booking.taxPaise, lang)}</dd>
      </dl>
      {passable(booking) ? (
        <a className="button button-primary wide" href={`#/pass/${booking.id}`}>
          {t('showPass')}
        </a>
      ) : null}
      {booking.state === 'held' && found.data?.requestId ? (
        <a className="button button-primary wide" href={`#/requests/${found.data.requestId}`}>
          {t('pay')}
        </a>
      ) : null}
      <Cancel booking={booking} onChanged={() => setCancelAsked(true)} />
    </section>
  );
}
