/**
 * The owner/admin portal on the cloud (`/admin/`, issue #6): sign-in, then a shell with the
 * navigation of the signed-in role — an owner's libraries and staff, a platform admin's tenants,
 * hub fleet, revenue and notification log — and the `#/…` route's screen. Staff and students
 * are told this portal is not theirs (staff use the hub's dashboard).
 */
import './cloud.css';
import './editor-charts.css';
import { LangToggle, useHashRoute, useMessages } from '@studyspot/app-kit';
import { useEffect, useMemo, useState } from 'react';
import { AdminFleet } from './admin-fleet.tsx';
import { AdminNotifications } from './admin-notifications.tsx';
import { AdminRevenueScreen } from './admin-revenue.tsx';
import { AdminTenants } from './admin-tenants.tsx';
import { LibrariesScreen } from './libraries-screen.tsx';
import { LibraryScreen } from './library-screen.tsx';
import { LoginScreen } from './login-screen.tsx';
import { shell } from './messages-shell.ts';
import { SessionStore, type StoredSession } from './session.ts';
import { StaffScreen } from './staff-screen.tsx';
import { SessionContext } from './ui.tsx';

type Role = StoredSession['user']['role'];

interface NavItem {
  path: string;
  label: string;
}

function ownerScreen(path: string) {
  const library = /^\/libraries\/([0-9a-f-]{36})(?:\/([a-z]+))?$/.exec(path);
  if (library?.[1]) return <LibraryScreen libraryId={library[1]} section={library[2] ?? 'details'} />;
  if (path === '/libraries/new') return <LibrariesScreen creating />;
  if (path === '/staff') return <StaffScreen />;
  return <LibrariesScreen creating={false} />;
}

function adminScreen(path: string) {
  if (path === '/admin/hubs') return <AdminFleet />;
  if (path === '/admin/revenue') return <AdminRevenueScreen />;
  if (path === '/admin/notifications') return <AdminNotifications />;
  return <AdminTenants />;
}

function useNav(role: Role): NavItem[] {
  const { t } = useMessages(shell);
  if (role === 'owner')
    return [
      { path: '/', label: t('navLibraries') },
      { path: '/staff', label: t('navStaff') },
    ];
  if (role === 'platform_admin')
    return [
      { path: '/', label: t('navTenants') },
      { path: '/admin/hubs', label: t('navFleet') },
      { path: '/admin/revenue', label: t('navRevenue') },
      { path: '/admin/notifications', label: t('navNotifications') },
    ];
  return [];
}

const isCurrent = (item: string, path: string) =>
  item === '/' ? path === '/' || path.startsWith('/libraries') : path.startsWith(item);

function Shell({ store, session }: { store: SessionStore; session: StoredSession }) {
  const { t } = useMessages(shell);
  const [path] = useHashRoute();
  const nav = useNav(session.user.role);
  useEffect(() => {
    // after navigation, move focus to the new screen's heading (screen readers announce it)
    const heading = document.querySelector<HTMLElement>('[data-autofocus]');
    if (path !== '/' && heading) heading.focus();
  }, [path]);
  const role = session.user.role;
  return (
    <>
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('skip')}
      </button>
      <header className="portal-header">
        <div className="brand">
          StudySpot{' '}
          <span className="muted">{role === 'platform_admin' ? t('adminBadge') : t('ownerBadge')}</span>
        </div>
        <nav aria-label={t('mainNav')} className="portal-nav">
          {nav.map((item) => (
            <a
              key={item.path}
              href={`#${item.path}`}
              aria-current={isCurrent(item.path, path) ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <div className="row header-tools">
          <LangToggle />
          <button type="button" className="button" onClick={() => void store.signOut()}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="portal-main">
        {role === 'owner' ? (
          ownerScreen(path)
        ) : role === 'platform_admin' ? (
          adminScreen(path)
        ) : (
          <p>{t('notForRole')}</p>
        )}
      </main>
    </>
  );
}

export function CloudHome() {
  const store = useMemo(() => new SessionStore(), []);
  const [session, setSession] = useState(store.current);
  useEffect(() => store.subscribe(setSession), [store]);
  return (
    <SessionContext.Provider value={store}>
      {session ? <Shell store={store} session={session} /> : <LoginScreen />}
    </SessionContext.Provider>
  );
}
