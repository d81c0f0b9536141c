/**
 * A library's invoices (GET /invoices?libraryId: newest first, offset-paged): number, date, who it
 * was billed to, and the amounts with GST. Invoices are issued by billing when a payment is
 * captured; the numbers run per library and year without gaps.
 */
import { formatDateTime, formatMoney, useMessages } from '@studyspot/app-kit';
import type { SectionProps } from './library-screen.tsx';
import { invoices as messages } from './messages-activity.ts';
import { byOffset, PAGE_SIZE, usePaged } from './paging.ts';
import { InvoicePage } from './schemas.ts';
import { PagedView, useApi } from './ui.tsx';

export function InvoicesSection({ library }: SectionProps) {
  const { t, lang } = useMessages(messages);
  const api = useApi();
  const paged = usePaged(
    async (offset) =>
      byOffset(
        await api.get('/invoices', InvoicePage, {
          libraryId: library.id,
          limit: PAGE_SIZE,
          offset: offset ?? 0,
        }),
      ),
    [library.id],
  );
  const money = (paise: number) => formatMoney(paise, 'INR', lang);
  return (
    <div className="stack">
      <h2>{t('title')}</h2>
      <PagedView paged={paged} empty={t('none')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('number')}</th>
                  <th scope="col">{t('issued')}</th>
                  <th scope="col">{t('billTo')}</th>
                  <th scope="col">{t('subtotal')}</th>
                  <th scope="col">{t('gst')}</th>
                  <th scope="col">{t('total')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <td data-label={t('number')}>{i.number}</td>
                    <td data-label={t('issued')}>{formatDateTime(i.issuedAt, library.timezone, lang)}</td>
                    <td data-label={t('billTo')}>
                      {i.billTo.name}
                      {i.billTo.phone ? <span className="muted"> · {i.billTo.phone}</span> : null}
                    </td>
                    <td data-label={t('subtotal')}>{money(i.subtotalPaise)}</td>
                    <td data-label={t('gst')}>{money(i.taxPaise)}</td>
                    <td data-label={t('total')}>{money(i.totalPaise)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </div>
  );
}
