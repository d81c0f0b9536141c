/**
 * The signed-in state for every screen: the authenticated API client, the user's id, and sign-in /
 * sign-out. Sign-out (or a refresh the cloud refuses) forgets the tokens and the passes kept for
 * offline use, so a shared phone keeps nothing of the previous student.
 */
import type { ApiClient } from '@studyspot/app-kit';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { logout } from './api/cloud.ts';
import type { TokenPair } from './api/schemas.ts';
import { publicClient, readSession, SessionKeeper, sessionOf, writeSession } from './api/session.ts';
import { forgetPasses } from './pass/pass-store.ts';

interface SessionState {
  /** The authenticated client (its calls fail `unauthorized` when signed out). */
  api: ApiClient;
  keeper: SessionKeeper;
  userId: string | null;
  signIn(pair: TokenPair): void;
  signOut(): Promise<void>;
}

const Context = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [userId, setUserId] = useState(() => readSession()?.userId ?? null);
  const keeper = useMemo(
    () =>
      new SessionKeeper(() => {
        forgetPasses();
        setUserId(null);
      }),
    [],
  );
  const api = useMemo(() => keeper.client(), [keeper]);
  const signIn = useCallback((pair: TokenPair) => {
    const session = sessionOf(pair);
    writeSession(session);
    setUserId(session.userId);
  }, []);
  const signOut = useCallback(async () => {
    const session = readSession();
    writeSession(null);
    forgetPasses();
    setUserId(null);
    // revoke the refresh token's family; signed out locally whether or not the cloud is reachable
    if (session) await logout(publicClient(), session.refreshToken).catch(() => undefined);
  }, []);
  const value = useMemo(
    () => ({ api, keeper, userId, signIn, signOut }),
    [api, keeper, userId, signIn, signOut],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(Context);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
