/**
 * Platform admins: every registered hub (GET /admin/hubs, paged) — online (heard from in the last
 * three minutes), software version, changes waiting in its outbox, how far its copy lags the cloud,
 * and when it was last heard from. Older clouds list fewer heartbeat fields; a missing one shows
 * as a dash, and "online" is then judged from the last contact.
 */
import { formatDateTime, useMessages } from '@studyspot/app-kit';
import { HubStatus } from './hubs-section.tsx';
import { admin as messages } from './messages-admin.ts';
import { common } from './messages-shell.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { type AdminHub, AdminHubPage } from './schemas.ts';
import { PagedView, ScreenHeader, useApi } from './ui.tsx';

const ONLINE_WINDOW_MS = 3 * 60 * 1000;

function isOnline(h: AdminHub): boolean {
  if (h.online !== undefined) return h.online;
  return h.lastSeenAt !== null && Date.now() - h.lastSeenAt <= ONLINE_WINDOW_MS;
}

function stateOf(h: AdminHub): string {
  if (h.state) return h.state;
  return h.pairedAt === null ? 'awaiting_pairing' : 'paired';
}

export function AdminFleet() {
  const { t, lang } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const paged = usePaged(
    async (cursor) => byCursor(await api.get('/admin/hubs', AdminHubPage, { limit: PAGE_SIZE, cursor })),
    [],
  );
  const dash = c('none');
  return (
    <>
      <ScreenHeader title={t('fleetTitle')}>
        <button type="button" className="button" onClick={paged.resource.reload}>
          {c('refresh')}
        </button>
      </ScreenHeader>
      <PagedView paged={paged} empty={t('noHubs')}>
        {(items) => (
          <div className="table-wrap">
            <table className="responsive">
              <caption className="visually-hidden">{t('fleetTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{c('name')}</th>
                  <th scope="col">{c('status')}</th>
                  <th scope="col">{t('version')}</th>
                  <th scope="col">{t('backlog')}</th>
                  <th scope="col">{t('lag')}</th>
                  <th scope="col">{t('lastSeen')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((h) => (
                  <tr key={h.id} data-hub={h.name}>
                    <td data-label={c('name')}>
                      {h.name}
                      <br />
                      <span className="muted mono">{h.id.slice(0, 8)}</span>
                    </td>
                    <td data-label={c('status')}>
                      <HubStatus online={isOnline(h)} state={stateOf(h)} />
                    </td>
                    <td data-label={t('version')}>{h.softwareVersion ?? dash}</td>
                    <td data-label={t('backlog')}>{h.outboxBacklog ?? dash}</td>
                    <td data-label={t('lag')}>
                      {h.shapeLagMs === null || h.shapeLagMs === undefined
                        ? dash
                        : t('seconds', { n: Math.round(h.shapeLagMs / 1000) })}
                    </td>
                    <td data-label={t('lastSeen')}>
                      {h.lastSeenAt === null
                        ? c('never')
                        : formatDateTime(h.lastSeenAt, 'Asia/Kolkata', lang)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedView>
    </>
  );
}
