/**
 * Platform admins: every registered hub (GET /admin/hubs, paged) — which library and tenant it
 * serves, and what its last heartbeat said (hub-health.tsx, the same cells owners see): online
 * (heard from in the last three minutes), version, uptime, changes not sent and refused, lag,
 * devices, free disk and when it was last heard from.
 */
import { useMessages } from '@studyspot/app-kit';
import { HubHealthCells, HubHealthHeads } from './hub-health.tsx';
import { admin as messages } from './messages-admin.ts';
import { common } from './messages-shell.ts';
import { byCursor, PAGE_SIZE, usePaged } from './paging.ts';
import { AdminHubPage } from './schemas.ts';
import { PagedView, ScreenHeader, useApi } from './ui.tsx';

/** The platform's own zone: admins read every hub's last contact in one clock. */
const ADMIN_TIME_ZONE = 'Asia/Kolkata';

export function AdminFleet() {
  const { t } = useMessages(messages);
  const c = useMessages(common).t;
  const api = useApi();
  const paged = usePaged(
    async (cursor) => byCursor(await api.get('/admin/hubs', AdminHubPage, { limit: PAGE_SIZE, cursor })),
    [],
  );
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
                  <th scope="col">{t('library')}</th>
                  <HubHealthHeads />
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
                    <td data-label={t('library')} data-cell="library">
                      {h.libraryName}
                      <br />
                      <span className="muted">{h.tenantName}</span>
                    </td>
                    <HubHealthCells hub={h} timeZone={ADMIN_TIME_ZONE} />
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
