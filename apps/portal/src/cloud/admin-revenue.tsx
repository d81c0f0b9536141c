/**
 * Platform admins: captured revenue per tenant and month (GET /admin/revenue), as bars of the net
 * per month and a table per tenant, with the cloud's own note on what is counted.
 */
import { formatMoney, useMessages, useResource } from '@studyspot/app-kit';
import { BarChart, ChartCard } from './charts.tsx';
import { downloadCsv, toCsv } from './csv.ts';
import { admin as messages } from './messages-admin.ts';
import { AdminRevenue } from './schemas.ts';
import { ResourceView, ScreenHeader, useApi } from './ui.tsx';

export function AdminRevenueScreen() {
  const { t, lang } = useMessages(messages);
  const api = useApi();
  const revenue = useResource(() => api.get('/admin/revenue', AdminRevenue), []);
  const money = (paise: number) => formatMoney(paise, 'INR', lang);
  return (
    <>
      <ScreenHeader title={t('revenueTitle')} />
      <ResourceView resource={revenue} isEmpty={(r) => r.items.length === 0} empty={t('noRevenue')}>
        {(r) => {
          const months = [...new Set(r.items.map((i) => i.month))];
          const bars = months.map((month) => {
            const net = r.items.filter((i) => i.month === month).reduce((s, i) => s + i.netPaise, 0);
            return { key: month, label: month, value: net, text: money(net) };
          });
          return (
            <div className="stack">
              <ChartCard
                title={t('netByMonth')}
                summary={r.note}
                actions={
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      downloadCsv(
                        'platform-revenue.csv',
                        toCsv(
                          ['month', 'tenant', 'payments', 'captured_inr', 'refunded_inr', 'net_inr'],
                          r.items.map((i) => [
                            i.month,
                            i.tenantName,
                            i.payments,
                            i.capturedPaise / 100,
                            i.refundedPaise / 100,
                            i.netPaise / 100,
                          ]),
                        ),
                      )
                    }
                  >
                    {t('exportCsv')}
                  </button>
                }
              >
                <BarChart bars={bars} label={t('netByMonth')} testId="platform-revenue" />
              </ChartCard>
              <div className="table-wrap">
                <table className="responsive">
                  <caption className="visually-hidden">{t('revenueTitle')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('month')}</th>
                      <th scope="col">{t('tenant')}</th>
                      <th scope="col">{t('payments')}</th>
                      <th scope="col">{t('captured')}</th>
                      <th scope="col">{t('refunded')}</th>
                      <th scope="col">{t('net')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.items.map((i) => (
                      <tr key={`${i.month}:${i.tenantId}`}>
                        <td data-label={t('month')}>{i.month}</td>
                        <td data-label={t('tenant')}>{i.tenantName}</td>
                        <td data-label={t('payments')}>{i.payments}</td>
                        <td data-label={t('captured')}>{money(i.capturedPaise)}</td>
                        <td data-label={t('refunded')}>{money(i.refundedPaise)}</td>
                        <td data-label={t('net')}>{money(i.netPaise)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          );
        }}
      </ResourceView>
    </>
  );
}
