/** Open alerts — ghost occupancy, abandoned seats, environment readings, device faults — live. */
import { Alerts, Empty, ErrorState, formatTime, Loading, useMessages, useResource } from '@studyspot/app-kit';
import type { PanelProps } from './dashboard.tsx';
import { useLive } from './live.tsx';
import type { MessageKey } from './messages.ts';
import { messages } from './messages.ts';

const kinds = ['ghost_occupancy', 'abandoned', 'environment', 'device'];

export function AlertsPanel({ api, library }: PanelProps) {
  const { t, lang } = useMessages(messages);
  const alerts = useResource(() => api.get('/alerts', Alerts), [api]);
  useLive('connect', alerts.reload);
  useLive('alert:raised', alerts.reload);
  useLive('alert:cleared', alerts.reload);
  if (alerts.status === 'loading' && !alerts.data) return <Loading />;
  if (!alerts.data) return <ErrorState error={alerts.error} onRetry={alerts.reload} />;
  return (
    <section aria-labelledby="alerts-title" className="stack">
      <h2 id="alerts-title">{t('navAlerts')}</h2>
      {alerts.data.items.length === 0 ? <Empty>{t('noAlerts')}</Empty> : null}
      <ul className="alert-list">
        {alerts.data.items.map((a) => (
          <li key={a.id} className={`card alert alert-${a.severity}`}>
            <div className="row">
              <strong className="grow">
                {kinds.includes(a.kind) ? t(`alertKind_${a.kind}` as MessageKey) : a.kind}
              </strong>
              <span className="badge">{a.severity}</span>
            </div>
            <p>{a.message}</p>
            <p className="muted">{t('since', { time: formatTime(a.at, library.library.timezone, lang) })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
