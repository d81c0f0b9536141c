/**
 * The hub's home (ADR 0020): the staff dashboard at `/` on the library's LAN. Signed out it shows
 * the login; signed in, the dashboard with one live socket for every panel.
 */
import type { Session } from '@studyspot/app-kit';
import { useCallback, useMemo, useState } from 'react';
import './dashboard.css';
import { Dashboard } from './dashboard.tsx';
import { LiveProvider } from './live.tsx';
import { LoginScreen } from './login.tsx';
import { staffClient, storedSession, storeSession } from './session.ts';

export function HubHome() {
  const [session, setSession] = useState<Session | null>(() => storedSession());
  const signOut = useCallback(() => {
    storeSession(null);
    setSession(null);
  }, []);
  const api = useMemo(() => staffClient(session?.token ?? null, signOut), [session, signOut]);
  if (!session) {
    return (
      <LoginScreen
        onSignedIn={(s) => {
          storeSession(s);
          setSession(s);
        }}
      />
    );
  }
  return (
    <LiveProvider token={session.token} onUnauthorized={signOut}>
      <Dashboard api={api} session={session} onSignOut={signOut} />
    </LiveProvider>
  );
}
