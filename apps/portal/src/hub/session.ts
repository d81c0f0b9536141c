/**
 * The staff session on the dashboard: the bearer token from POST /auth/login (12 hours), kept in
 * sessionStorage so it ends with the browser tab on a shared desk PC, and dropped on a 401.
 */
import { ApiClient, HUB_API, type Session } from '@studyspot/app-kit';

const KEY = 'studyspot.staff.session';

export function storedSession(now = Date.now()): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    const session = raw ? (JSON.parse(raw) as Session) : null;
    return session && session.expiresAt > now ? session : null;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: signed in for this page only
  }
}

export function staffClient(token: string | null, onUnauthorized: () => void): ApiClient {
  return new ApiClient({ baseUrl: HUB_API, token: () => token, onUnauthorized });
}
