/**
 * A library's payments (GET /libraries/{id}/payments: newest first, by status, paged) and refunds:
 * the owner refunds what is left of a captured payment, or part of it (POST /payments/{id}/refund,
 * amount in rupees sent as paise; empty refunds everything left).
 */
import { formatDateTime, formatMoney, useMessages } from '@studyspot/app-kit';
import { useState } from 'react';
import { ConfirmDialog } from './confirm-dialog.tsx';
import type { SectionProps } from './library-screen.tsx';
import { payments as messages } from './messages-activity.ts';
import { common } from './messages-shell.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { type LibraryPayment, PaymentPage, paymentStatuses, Refund, StaffRefund } from './schemas.ts';
import { FormError, PagedView, useAction, useApi } from './ui.tsx';

const refundable = (p: LibraryPayment) =>
  (p.status === 'captured' || p.status === 'partially_refunded') && p.refundedPaise < p.amountPaise;

const statusBadge: Record<LibraryPayment['status'], string> = {
  captured: 'badge badge-ok',
  pending: 'badge badge-warn',
  failed: 'badge badge-danger',
  refunded: 'badge',
  partially_refunded: 'badge badge-warn',
};

export function PaymentsSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const [status, setStatus] = useState('');
  const paged = usePaged(
    async (cursor) =>
      byCursor(
        await api.get(`/libraries/${library.id}/payments`, PaymentPage, {
          limit: PAGE_SIZE,
          cursor,
          status: status || undefined,
        }),
      ),
    [library.id, status],
  );
  const [refunding, setRefunding] = useState<LibraryPayment | null>(null);
  const [amount, setAmount] = useState('');
  const refund = useAction();
  const money = (paise: number) => formatMoney(paise, 'INR', lang);
  const statusText = (s: LibraryPayment['status']) => t(s === 'refunded' ? 'refunded_status' : s);

  const confirmRefund = () => {
    if (!refunding) return;
    const body = amount.trim() ? { amountPaise: Math.round(Number(amount) * 100) } : {};
    void refund
      .run(() => api.post(`/payments/${refunding.id}/refund`, StaffRefund, body, Refund))
      .then((ok) => {
        if (!ok) return;
        setRefunding(null);
        setAmount('');
        paged.resource.reload();
      });
  };

  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <label className="filters">
        {c('status')}
        <select value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{c('all')}</option>
          {paymentStatuses.map((s) => (
            <option key={s} value={s}>
              {statusText(s)}
            </option>
          ))}
        </select>
      </label>
      <PagedView paged={paged} empty={t('none')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('when')}</th>
                  <th scope="col">{t('member')}</th>
                  <th scope="col">{t('what')}</th>
                  <th scope="col">{t('amount')}</th>
                  <th scope="col">{t('refunded')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col">{c('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id}>
                    <td data-label={t('when')}>
                      {formatDateTime(p.capturedAt ?? p.createdAt, library.timezone, lang)}
                    </td>
                    <td data-label={t('member')}>{p.memberName}</td>
                    <td data-label={t('what')}>
                      {p.description}
                      <br />
                      <span className="muted">{t(p.provider === 'cash' ? 'cash' : 'online')}</span>
                    </td>
                    <td data-label={t('amount')}>{money(p.amountPaise)}</td>
                    <td data-label={t('refunded')}>
                      {p.refundedPaise > 0 ? money(p.refundedPaise) : c('none')}
                    </td>
                    <td data-label={c('status')}>
                      <span className={statusBadge[p.status]}>{statusText(p.status)}</span>
                    </td>
                    <td data-label={c('actions')}>
                      {refundable(p) ? (
                        <button
                          type="button"
                          className="button"
                          onClick={() => setRefunding(p)}
                          aria-label={t('refundOf', { member: p.memberName })}
                        >
                          {t('refund')}
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
      {refunding ? (
        <ConfirmDialog
          title={t('refundTitle', { member: refunding.memberName })}
          confirmLabel={t('refund')}
          cancelLabel={c('cancel')}
          busy={refund.busy}
          danger
          onConfirm={confirmRefund}
          onClose={() => {
            setRefunding(null);
            refund.clear();
          }}
        >
          <p>{t('refundLeft', { amount: money(refunding.amountPaise - refunding.refundedPaise) })}</p>
          <label>
            {t('refundAmount')}
            <input
              type="number"
              min={0.01}
              step="0.01"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
          <FormError error={refund.error} />
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
