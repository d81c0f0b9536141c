/**
 * One booking request from "sent" to "confirmed" (ADR 0022). The cloud only records the request;
 * the library's hub decides it when it next syncs, so this screen polls the student's lists every
 * 2 s and, when the decision takes a while (the hub may be offline), says plainly that the request
 * is queued. Accepted: the seat is held — pay within the hold (pay-panel.tsx) and the payment's
 * confirm command makes it confirmed; then the pass. Rejected: the reason, and the refund rule.
 *
 *   pending ──hub accepts──▶ held ──paid──▶ confirming ──hub confirms──▶ confirmed ─▶ pass
 *     │  └──hub rejects──▶ rejected (reason)             held ──hold lapses──▶ expired
 *     └──student cancels──▶ cancelled
 */
import { ErrorState, Loading, Progress, useMessages } from '@studyspot/app-kit';
import type { MyBooking } from '@studyspot/core';
import { useCallback, useEffect, useState } from 'react';
import { cancelRequest, myBookings, myRequests } from '../api/cloud.ts';
import type { MyRequest } from '../api/schemas.ts';
import { LIBRARY_ZONE, span, timeOf } from '../format.ts';
import { requestText } from '../i18n/booking.ts';
import { keepPasses } from '../pass/fetch-pass.ts';
import { useSession } from '../session-context.tsx';
import { codeText } from '../ui/code-text.ts';
import { PayPanel } from '../ui/pay-panel.tsx';
import { ScreenTitle } from '../ui/title.tsx';
import { useInterval, useNow } from '../ui/use-interval.ts';

/** After this long without a decision, the screen says the request is queued at the library. */
const QUEUED_AFTER_MS = 15_000;
const POLL_MS = 2_000;

interface Seen {
  request: MyRequest | null;
  booking: MyBooking | null;
  error: unknown;
  loaded: boolean;
}

function isSettled(seen: Seen): boolean {
  const r = seen.request;
  if (!r) return seen.loaded;
  if (r.status !== 'accepted' && r.status !== 'pending') return true;
  const state = seen.booking?.state;
  return state !== undefined && state !== 'held';
}

function useRequest(id: string) {
  const { api } = useSession();
  const [seen, setSeen] = useState<Seen>({ request: null, booking: null, error: null, loaded: false });
  const load = useCallback(async () => {
    try {
      const requests = await myRequests(api);
      const request = requests.items.find((r) => r.id === id) ?? null;
      const booking = request?.bookingId
        ? ((await myBookings(api)).items.find((b) => b.id === request.bookingId) ?? null)
        : null;
      setSeen({ request, booking, error: null, loaded: true });
      if (booking) await keepPasses(api, [booking]);
    } catch (error) {
      setSeen((s) => ({ ...s, error, loaded: true }));
    }
  }, [api, id]);
  useEffect(() => {
    void load();
  }, [load]);
  useInterval(() => void load(), POLL_MS, !isSettled(seen));
  return { seen, reload: load };
}

function Pending({ request, onCancel, busy }: { request: MyRequest; onCancel: () => void; busy: boolean }) {
  const { t } = useMessages(requestText);
  const now = useNow();
  const waited = now - request.createdAt;
  return (
    <div className="stack">
      <Progress label={t('pending')} />
      {waited > QUEUED_AFTER_MS ? (
        <p className="notice notice-warn" role="status" data-testid="queued">
          {t('queued')}
        </p>
      ) : null}
      <button type="button" className="button button-danger wide" onClick={onCancel} disabled={busy}>
        {busy ? t('cancelling') : t('cancel')}
      </button>
    </div>
  );
}

function Accepted({ request, booking }: { request: MyRequest; booking: MyBooking | null }) {
  const { t, lang } = useMessages(requestText);
  const [paid, setPaid] = useState(false);
  if (!booking) return <Progress label={t('pending')} />;
  const seat = booking.seatNumber ?? t('seatAny');
  switch (booking.state) {
    case 'held':
      return (
        <div className="stack">
          <p className="notice" role="status">
            {t('held', { seat })}
            {booking.holdExpiresAt
              ? ` ${t('holdUntil', { time: timeOf(booking.holdExpiresAt, LIBRARY_ZONE, lang) })}`
              : ''}
          </p>
          {paid ? (
            <Progress label={t('confirming')} />
          ) : (
            <PayPanel
              target={{ libraryId: request.libraryId, purpose: 'booking_request', targetId: request.id }}
              onPaid={() => setPaid(true)}
            />
          )}
        </div>
      );
    case 'confirmed':
    case 'checked_in':
    case 'completed':
      return (
        <div className="stack">
          <p className="notice notice-ok" role="status" data-testid="confirmed">
            {t('confirmed', { seat })}
          </p>
          <a className="button button-primary wide" href={`#/pass/${booking.id}`}>
            {t('showPass')}
          </a>
        </div>
      );
    case 'expired':
      return <p className="notice notice-warn">{t('lapsed')}</p>;
    case 'cancelled':
    case 'no_show':
      return <p className="notice">{t('cancelled')}</p>;
  }
}

export function RequestScreen({ id }: { id: string }) {
  const { t, lang } = useMessages(requestText);
  const { api } = useSession();
  const { seen, reload } = useRequest(id);
  const [cancelling, setCancelling] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  if (!seen.loaded) return <Loading />;
  if (!seen.request) {
    return seen.error ? (
      <ErrorState error={seen.error} onRetry={() => void reload()} />
    ) : (
      <p>{t('notFound')}</p>
    );
  }
  const request = seen.request;
  const cancel = async () => {
    setCancelling(true);
    setCancelError(null);
    try {
      await cancelRequest(api, request.id);
      await reload();
    } catch (error) {
      setCancelError(error);
    } finally {
      setCancelling(false);
    }
  };
  return (
    <section className="stack">
      <header>
        <ScreenTitle>{t('title')}</ScreenTitle>
        <p className="muted">{request.libraryName}</p>
        <p>{span(request.startsAt, request.endsAt, LIBRARY_ZONE, lang)}</p>
      </header>
      <div className="card stack" data-status={request.status}>
        {request.status === 'pending' ? (
          <Pending request={request} onCancel={() => void cancel()} busy={cancelling} />
        ) : null}
        {request.status === 'accepted' ? <Accepted request={request} booking={seen.booking} /> : null}
        {request.status === 'rejected' ? (
          <div className="stack">
            <p className="form-error" role="alert">
              {t('rejected')} {request.reason ? codeText(request.reason, lang) : ''}
            </p>
            <p className="muted">{t('refundNote')}</p>
            <a className="button wide" href={`#/library/${request.libraryId}/book`}>
              {t('tryAgain')}
            </a>
          </div>
        ) : null}
        {request.status === 'cancelled' ? <p className="notice">{t('cancelled')}</p> : null}
        {request.status === 'expired' ? <p className="notice">{t('expired')}</p> : null}
      </div>
      {cancelError ? <ErrorState error={cancelError} /> : null}
      {seen.error ? <ErrorState error={seen.error} onRetry={() => void reload()} /> : null}
    </section>
  );
}
