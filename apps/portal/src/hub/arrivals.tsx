/**
 * Today's arrivals at the desk: each booking of the day with its member, seat and state, and the
 * one action that moves it on — take the cash for a held booking (a visitor's day pass from the
 * kiosk), check in, check out. Paged ("Load more"); refreshed live on every seat change.
 */
import type { ApiClient, Arrival } from '@studyspot/app-kit';
import {
  Arrivals,
  CashPayment,
  Empty,
  ErrorState,
  errorText,
  formatMoney,
  formatTime,
  Loading,
  NoBody,
  useMessages,
} from '@studyspot/app-kit';
import { Booking } from '@studyspot/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { useLive } from './live.tsx';
import type { MessageKey } from './messages.ts';
import { messages } from './messages.ts';

interface State {
  items: Arrival[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  error: unknown;
}

function useArrivals(api: ApiClient) {
  const [state, setState] = useState<State>({ items: [], nextCursor: null, status: 'loading', error: null });
  const shown = useRef(50);
  const load = useCallback(
    (cursor?: string) => {
      const limit = cursor ? 50 : shown.current;
      api.get('/desk/arrivals', Arrivals, { limit: Math.min(limit, 200), cursor }).then(
        (page) =>
          setState((s) => {
            const items = cursor ? [...s.items, ...page.items] : page.items;
            shown.current = Math.max(50, items.length);
            return { items, nextCursor: page.nextCursor, status: 'ready', error: null };
          }),
        (error: unknown) => setState((s) => ({ ...s, status: 'error', error })),
      );
    },
    [api],
  );
  useEffect(() => load(), [load]);
  return { state, reload: () => load(), more: () => state.nextCursor && load(state.nextCursor) };
}

export function ArrivalsPanel({ api, library }: PanelProps) {
  const { t, lang } = useMessages(messages);
  const { state, reload, more } = useArrivals(api);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLive('connect', reload);
  useLive('seat:changed', () => {
    clearTimeout(settle.current);
    settle.current = setTimeout(reload, 300);
  });
  useEffect(() => () => clearTimeout(settle.current), []);
  const { timezone, currency } = library.library;

  const act = (id: string, action: 'confirm' | 'check-in' | 'check-out') => {
    setBusy(id);
    setActionError(null);
    const done =
      action === 'confirm'
        ? api.post(`/bookings/${id}/confirm`, CashPayment, { payment: { method: 'cash' } }, Booking)
        : api.post(`/bookings/${id}/${action}`, NoBody, {}, Booking);
    done.then(reload, setActionError).finally(() => setBusy(null));
  };

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error' && state.items.length === 0)
    return <ErrorState error={state.error} onRetry={reload} />;
  return (
    <section aria-labelledby="arrivals-title" className="stack">
      <h2 id="arrivals-title">{t('navArrivals')}</h2>
      {actionError ? (
        <p role="alert" className="state state-error">
          {errorText(actionError, lang)}
        </p>
      ) : null}
      {state.items.length === 0 ? (
        <Empty>{t('noArrivals')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="cards-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('member')}</th>
                <th scope="col">{t('seat')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {state.items.map(({ booking: b, memberName, memberPhone, seatNumber, zoneName }) => (
                <tr key={b.id} data-testid={`arrival-${seatNumber}`}>
                  <td data-label={t('time')}>
                    {formatTime(b.startsAt, timezone, lang)}–{formatTime(b.endsAt, timezone, lang)}
                  </td>
                  <td data-label={t('member')}>
                    {memberName}
                    <div className="muted">{memberPhone}</div>
                  </td>
                  <td data-label={t('seat')}>
                    {seatNumber}
                    <div className="muted">{zoneName}</div>
                  </td>
                  <td data-label={t('status')}>
                    <span className={`badge bstate-${b.state}`}>{t(`bstate_${b.state}` as MessageKey)}</span>
                  </td>
                  <td>
                    {b.state === 'held' ? (
                      <button
                        type="button"
                        className="button"
                        disabled={busy === b.id}
                        onClick={() => act(b.id, 'confirm')}
                      >
                        {t('confirmCash', {
                          amount: formatMoney(b.amountPaise + b.taxPaise, currency, lang),
                        })}
                      </button>
                    ) : b.state === 'confirmed' ? (
                      <button
                        type="button"
                        className="button"
                        disabled={busy === b.id}
                        onClick={() => act(b.id, 'check-in')}
                      >
                        {t('checkIn')}
                      </button>
                    ) : b.state === 'checked_in' ? (
                      <button
                        type="button"
                        className="button"
                        disabled={busy === b.id}
                        onClick={() => act(b.id, 'check-out')}
                      >
                        {t('checkOut')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {state.nextCursor ? (
        <button type="button" className="button" onClick={more}>
          {t('loadMore')}
        </button>
      ) : null}
    </section>
  );
}
