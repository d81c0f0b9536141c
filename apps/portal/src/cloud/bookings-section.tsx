/**
 * A library's bookings (GET /libraries/{id}/bookings: by state and local dates, newest first,
 * paged) and the owner's cancel. The booking is the hub's (ADR 0022): a cancel is answered 202 with
 * a pending command, and the row says "waiting for the hub" until the hub applies it — the screen
 * polls while anything is waiting, and lists the library's waiting commands above the table.
 */
import { formatDateTime, formatMoney, useMessages, useResource } from '@studyspot/app-kit';
import type { BookingState } from '@studyspot/core';
import { bookingStates } from '@studyspot/core';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import type { SectionProps } from './library-screen.tsx';
import { bookings as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { BookingPage, CommandPage, HubCommand, type LibraryBooking, OwnerCancel } from './schemas.ts';
import { FormError, PagedView, useAction, useApi } from './ui.tsx';

const POLL_MS = 2_000;
type Refund = 'policy' | 'full' | 'none';

const stateBadge: Partial<Record<BookingState, string>> = {
  confirmed: 'badge badge-ok',
  checked_in: 'badge badge-ok',
  held: 'badge badge-warn',
  no_show: 'badge badge-danger',
  cancelled: 'badge',
};

export function BookingsSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const [filter, setFilter] = useState({ state: '', from: '', to: '' });
  const paged = usePaged(
    async (cursor) =>
      byCursor(
        await api.get(`/libraries/${library.id}/bookings`, BookingPage, {
          limit: PAGE_SIZE,
          cursor,
          state: filter.state || undefined,
          from: filter.from || undefined,
          to: filter.to || undefined,
        }),
      ),
    [library.id, filter.state, filter.from, filter.to],
  );
  const waiting = useResource(
    () => api.get(`/libraries/${library.id}/commands`, CommandPage, { status: 'pending', limit: 50 }),
    [library.id],
  );
  const [cancelling, setCancelling] = useState<LibraryBooking | null>(null);
  const [refund, setRefund] = useState<Refund>('policy');
  const [reason, setReason] = useState('');
  const cancel = useAction();

  const pending =
    (waiting.data?.items.length ?? 0) > 0 || paged.resource.data?.items.some((b) => b.pendingCancelId);
  const { reload: reloadWaiting } = waiting;
  const { reload: reloadBookings } = paged.resource;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      reloadWaiting();
      reloadBookings();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, reloadWaiting, reloadBookings]);

  const confirmCancel = () => {
    if (!cancelling) return;
    void cancel
      .run(() =>
        api.post(
          `/libraries/${library.id}/bookings/${cancelling.id}/cancel`,
          OwnerCancel,
          { reason: reason.trim(), refund },
          HubCommand,
        ),
      )
      .then((ok) => {
        if (!ok) return;
        setCancelling(null);
        setReason('');
        reloadWaiting();
        reloadBookings();
      });
  };
  const when = (b: LibraryBooking) => formatDateTime(b.startsAt, library.timezone, lang);

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      {waiting.data && waiting.data.items.length > 0 ? (
        <div className="card waiting" role="status" data-testid="waiting-for-hub">
          <span className="spinner" aria-hidden="true" />
          <div>
            <strong>{t('waitingTitle', { n: waiting.data.items.length })}</strong>
            <p className="muted">{t('waitingNote')}</p>
          </div>
        </div>
      ) : null}
      <form className="row filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('state')}
          <select value={filter.state} onChange={(e) => setFilter({ ...filter, state: e.target.value })}>
            <option value="">{c('all')}</option>
            {bookingStates.map((s) => (
              <option key={s} value={s}>
                {t(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {c('from')}
          <input
            type="date"
            value={filter.from}
            onChange={(e) => setFilter({ ...filter, from: e.target.value })}
          />
        </label>
        <label>
          {c('to')}
          <input
            type="date"
            value={filter.to}
            onChange={(e) => setFilter({ ...filter, to: e.target.value })}
          />
        </label>
      </form>
      <PagedView paged={paged} empty={t('none')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('seat')}</th>
                  <th scope="col">{t('member')}</th>
                  <th scope="col">{t('state')}</th>
                  <th scope="col">{t('amount')}</th>
                  <th scope="col">{c('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((b) => (
                  <tr key={b.id} data-booking={b.id}>
                    <td data-label={t('when')}>{when(b)}</td>
                    <td data-label={t('seat')}>{b.seatNumber}</td>
                    <td data-label={t('member')}>
                      {b.memberName}
                      <br />
                      <span className="muted">{b.memberPhone}</span>
                    </td>
                    <td data-label={t('state')}>
                      <span className={stateBadge[b.state] ?? 'badge'}>{t(b.state)}</span>
                      {b.pendingCancelId ? (
                        <span className="badge badge-warn pending-cancel" data-testid="pending-cancel">
                          {t('cancelWaiting')}
                        </span>
                      ) : null}
                    </td>
                    <td data-label={t('amount')}>{formatMoney(b.amountPaise + b.taxPaise, 'INR', lang)}</td>
                    <td data-label={c('actions')}>
                      {(b.state === 'held' || b.state === 'confirmed') && !b.pendingCancelId ? (
                        <button
                          type="button"
                          className="button button-danger"
                          onClick={() => setCancelling(b)}
                          aria-label={t('cancelBooking', { seat: b.seatNumber, member: b.memberName })}
                        >
                          {t('cancel')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
      {cancelling ? (
        <ConfirmDialog
          title={t('cancelTitle', { seat: cancelling.seatNumber, when: when(cancelling) })}
          confirmLabel={t('confirmCancel')}
          cancelLabel={t('keep')}
          busy={cancel.busy}
          danger
          onConfirm={confirmCancel}
          onClose={() => {
            setCancelling(null);
            cancel.clear();
          }}
        >
          <p>{t('cancelNote', { member: cancelling.memberName })}</p>
          <label>
            {t('reason')}
            <input required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <label>
            {t('refund')}
            <select value={refund} onChange={(e) => setRefund(e.target.value as Refund)}>
              <option value="policy">{t('refundPolicy')}</option>
              <option value="full">{t('refundFull')}</option>
              <option value="none">{t('refundNone')}</option>
            </select>
          </label>
          <FormError error={cancel.error} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
