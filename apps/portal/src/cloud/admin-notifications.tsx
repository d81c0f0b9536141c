/**
 * Platform admins: the notification log (GET /admin/notifications) — which channels really leave
 * the building and which land in the local outbox (no provider keys), the outbox's counts by
 * state, the messages written to the local outbox (to whom, subject, text) and the outbox queue
 * with attempts and last errors. Offset-paged; a page is full when either list is.
 */
import { formatDateTime, useMessages } from '@studyspot/app-kit';
import { admin as messages } from './messages-admin.ts';
import { common } from './messages-shell.ts';
import { PAGE_SIZE, usePaged } from './paging.ts';
import { NotificationsView } from './schemas.ts';
import { PagedView, ScreenHeader, useApi } from './ui.tsx';

const TZ = 'Asia/Kolkata';
type View = NotificationsView;

/** Which channels are live, and the outbox's counts by state. */
function Channels({ view }: { view: View }) {
  const { t } = useMessages(messages);
  return (
    <div className="card stack">
      <h2>{t('channels')}</h2>
      <ul className="plain-list">
        {view.channels.map((ch) => (
          <li key={ch.channel}>
            <strong>{ch.channel}</strong>{' '}
            <span className={ch.live ? 'badge badge-ok' : 'badge badge-warn'}>
              {ch.live ? t('live') : t('localOnly')}
            </span>{' '}
            <span className="muted">
              {ch.provider} — {ch.reason}
            </span>
          </li>
        ))}
      </ul>
      <p>
        {Object.entries(view.counts)
          .map(([status, n]) => `${status}: ${n}`)
          .join(' · ') || t('outboxEmpty')}
      </p>
    </div>
  );
}

export function AdminNotifications() {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const paged = usePaged(async (offset) => {
    const at = Number(offset ?? 0);
    const view = await api.get('/admin/notifications', NotificationsView, { limit: PAGE_SIZE, offset: at });
    const full = view.outbox.length === PAGE_SIZE || view.localOutbox.length === PAGE_SIZE;
    return { items: [view], next: full ? String(at + PAGE_SIZE) : null };
  }, []);
  const when = (at: number) => formatDateTime(at, TZ, lang);

  return (
    <>
      <ScreenHeader title={t('notificationsTitle')}>
        <button type="button" className="button" onClick={paged.resource.reload}>
          {c('refresh')}
        </button>
      </ScreenHeader>
      <PagedView paged={paged} empty={t('noMessages')}>
        {([view]) =>
          view ? (
            <div className="stack">
              <Channels view={view} />
              <h2>{t('localOutbox')}</h2>
              {view.localOutbox.length === 0 ? <p className="muted">{t('noMessages')}</p> : null}
              <ul className="card-list message-list" data-testid="local-outbox">
                {view.localOutbox.map((m) => (
                  <li key={`${m.messageId}:${m.channel}`} className="card">
                    <p>
                      <span className="badge">{m.channel}</span> <strong>{m.subject}</strong>
                    </p>
                    <p className="muted">
                      {t('to')}: {m.to ?? c('none')} · {m.kind} · {when(m.at)}
                    </p>
                    <p className="message-text">{m.text}</p>
                  </li>
                ))}
              </ul>
              <h2>{t('queue')}</h2>
              <div className="table-wrap">
                <table className="responsive">
                  <caption className="visually-hidden">{t('queue')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('created')}</th>
                      <th scope="col">{t('channel')}</th>
                      <th scope="col">{t('kind')}</th>
                      <th scope="col">{c('status')}</th>
                      <th scope="col">{t('attempts')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.outbox.map((m) => (
                      <tr key={m.id}>
                        <td data-label={t('created')}>{when(m.createdAt)}</td>
                        <td data-label={t('channel')}>{m.channel}</td>
                        <td data-label={t('kind')}>{m.kind}</td>
                        <td data-label={c('status')}>
                          {m.status}
                          {m.lastError ? <span className="muted"> — {m.lastError}</span> : null}
                        </td>
                        <td data-label={t('attempts')}>{m.attempts}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          ) : null
        }
      </PagedView>
    </>
  );
}
