/**
 * The app's frame: a header with the language switch, an offline banner, the current screen and a
 * bottom bar (Find, My bookings, Settings) sized for a thumb on a 360 px phone. Private screens send
 * a signed-out student to sign-in and back again afterwards.
 */
import { LangToggle, useHashRoute, useMessages } from '@studyspot/app-kit';
import { useEffect } from 'react';
import { shellText } from './i18n/shell.ts';
import { PaymentReturnScreen } from './pay/return-screen.tsx';
import { privateScreens, type Route, rememberNext, routeOf } from './routes.ts';
import { BookScreen } from './screens/book-screen.tsx';
import { BookingScreen } from './screens/booking-screen.tsx';
import { BookingsScreen } from './screens/bookings-screen.tsx';
import { FindScreen } from './screens/find-screen.tsx';
import { LibraryScreen } from './screens/library-screen.tsx';
import { MembershipScreen } from './screens/membership-screen.tsx';
import { PassScreen } from './screens/pass-screen.tsx';
import { RequestScreen } from './screens/request-screen.tsx';
import { SettingsScreen } from './screens/settings-screen.tsx';
import { SignInScreen } from './screens/sign-in-screen.tsx';
import { WaitlistScreen } from './screens/waitlist-screen.tsx';
import { useSession } from './session-context.tsx';
import { useOnline } from './ui/use-online.ts';

function Screen({ route }: { route: Route }) {
  const { t } = useMessages(shellText);
  switch (route.screen) {
    case 'find':
      return <FindScreen />;
    case 'sign-in':
      return <SignInScreen />;
    case 'library':
      return <LibraryScreen id={route.id} />;
    case 'book':
      return <BookScreen libraryId={route.libraryId} />;
    case 'membership':
      return <MembershipScreen libraryId={route.libraryId} planId={route.planId} />;
    case 'request':
      return <RequestScreen id={route.id} />;
    case 'bookings':
      return <BookingsScreen />;
    case 'booking':
      return <BookingScreen id={route.id} />;
    case 'pass':
      return <PassScreen bookingId={route.bookingId} />;
    case 'payment':
      return <PaymentReturnScreen id={route.id} cancelled={route.cancelled} />;
    case 'settings':
      return <SettingsScreen />;
    case 'waitlist':
      return <WaitlistScreen />;
    case 'not-found':
      return (
        <section className="stack">
          <h1>{t('notFound')}</h1>
          <a className="button" href="#/">
            {t('goHome')}
          </a>
        </section>
      );
  }
}

const tabs = [
  { href: '#/', key: 'navFind', match: ['find', 'library', 'book', 'membership'] },
  {
    href: '#/bookings',
    key: 'navBookings',
    match: ['bookings', 'booking', 'request', 'pass', 'payment', 'waitlist'],
  },
  { href: '#/settings', key: 'navSettings', match: ['settings', 'sign-in'] },
] as const;

export function App() {
  const { t } = useMessages(shellText);
  const [path, navigate] = useHashRoute();
  const { userId } = useSession();
  const online = useOnline();
  const route = routeOf(path);
  const mustSignIn = privateScreens.has(route.screen) && !userId;
  useEffect(() => {
    if (!mustSignIn) return;
    rememberNext(path);
    navigate('/sign-in');
  }, [mustSignIn, path, navigate]);
  // a new screen starts at the top, with focus on its heading for screen readers
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every route change
  useEffect(() => {
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [path]);
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          {t('appName')}
        </a>
        <LangToggle />
      </header>
      {online ? null : (
        <p className="offline-banner" role="status">
          {t('offline')}
        </p>
      )}
      <main className="content">{mustSignIn ? null : <Screen route={route} />}</main>
      <nav className="tabbar" aria-label={t('mainNav')}>
        {tabs.map((tab) => {
          const current = (tab.match as readonly string[]).includes(route.screen);
          return (
            <a key={tab.href} href={tab.href} className="tab" aria-current={current ? 'page' : undefined}>
              {t(tab.key)}
            </a>
          );
        })}
      </nav>
    </div>
  );
}
