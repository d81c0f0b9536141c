/**
 * The dashboard's frame: header (library, live link, language, who is signed in), a navigation of
 * hash routes, and the panel for the current route. The library (time zone, currency, plans) is
 * loaded once and handed to the panels.
 */
import type { ApiClient, LibraryView as LibraryViewT, Session } from '@studyspot/app-kit';
import {
  ErrorState,
  LangToggle,
  LibraryView,
  Loading,
  useHashRoute,
  useMessages,
  useResource,
} from '@studyspot/app-kit';
import { AlertsPanel } from './alerts.tsx';
import { ArrivalsPanel } from './arrivals.tsx';
import { DevicesPanel } from './devices.tsx';
import { useLink } from './live.tsx';
import { MembersPanel } from './members.tsx';
import type { MessageKey } from './messages.ts';
import { messages } from './messages.ts';
import { SeatMapPanel } from './seat-map.tsx';
import { SyncPanel } from './sync.tsx';

export interface PanelProps {
  api: ApiClient;
  library: LibraryViewT;
}

const routes: { path: string; label: MessageKey; Panel: (props: PanelProps) => React.ReactNode }[] = [
  { path: '/', label: 'navSeats', Panel: SeatMapPanel },
  { path: '/arrivals', label: 'navArrivals', Panel: ArrivalsPanel },
  { path: '/members', label: 'navMembers', Panel: MembersPanel },
  { path: '/devices', label: 'navDevices', Panel: DevicesPanel },
  { path: '/alerts', label: 'navAlerts', Panel: AlertsPanel },
  { path: '/sync', label: 'navSync', Panel: SyncPanel },
];

export function Dashboard({
  api,
  session,
  onSignOut,
}: {
  api: ApiClient;
  session: Session;
  onSignOut: () => void;
}) {
  const { t } = useMessages(messages);
  const [path] = useHashRoute();
  const link = useLink();
  const library = useResource(() => api.get('/library', LibraryView), [api]);
  const current = routes.find((r) => r.path === path) ?? routes[0];
  return (
    <div className="portal">
      <header className="portal-header">
        <div className="grow">
          <h1>{library.data?.library.name ?? t('appName')}</h1>
          <p
            className={link === 'online' ? 'portal-link portal-link-on' : 'portal-link portal-link-off'}
            role="status"
          >
            {link === 'online' ? t('online') : t('offline')}
          </p>
        </div>
        <LangToggle />
        <div className="row portal-who">
          <span>{session.staff.name}</span>
          <button type="button" className="button" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <nav className="portal-nav" aria-label={t('appName')}>
        {routes.map((r) => (
          <a key={r.path} href={`#${r.path}`} aria-current={r === current ? 'page' : undefined}>
            {t(r.label)}
          </a>
        ))}
      </nav>
      <main className="portal-main">
        {library.data && current ? (
          <current.Panel api={api} library={library.data} />
        ) : library.status === 'error' ? (
          <ErrorState error={library.error} onRetry={library.reload} />
        ) : (
          <Loading />
        )}
      </main>
    </div>
  );
}
