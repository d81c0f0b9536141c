/** The hub's link to the cloud: changes waiting to go up, refused ones, and the last data down. */
import {
  ErrorState,
  formatDateTime,
  Loading,
  SyncStatus,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { useEffect } from 'react';
import type { PanelProps } from './dashboard.tsx';
import { messages } from './messages.ts';

const REFRESH_MS = 5_000;

export function SyncPanel({ api, library }: PanelProps) {
  const { t, lang } = useMessages(messages);
  const sync = useResource(() => api.get('/sync/status', SyncStatus), [api]);
  const { reload } = sync;
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  if (sync.status === 'loading' && !sync.data) return <Loading />;
  if (!sync.data) return <ErrorState error={sync.error} onRetry={sync.reload} />;
  const tz = library.library.timezone;
  const when = (at: number | null) => (at ? formatDateTime(at, tz, lang) : t('none'));
  const s = sync.data;
  return (
    <section aria-labelledby="sync-title" className="stack">
      <h2 id="sync-title">{t('syncTitle')}</h2>
      <dl className="sync-list card">
        <dt>{t('backlog')}</dt>
        <dd data-testid="sync-backlog">{s.backlog}</dd>
        <dt>{t('parked')}</dt>
        <dd className={s.parked > 0 ? 'badge badge-danger' : undefined}>{s.parked}</dd>
        <dt>{t('oldestPending')}</dt>
        <dd>{when(s.oldestPendingAt)}</dd>
        <dt>{t('lastShape')}</dt>
        <dd>{when(s.lastShapeAt)}</dd>
      </dl>
    </section>
  );
}
