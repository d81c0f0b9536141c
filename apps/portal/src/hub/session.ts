/**
 * The staff session on the dashboard: the bearer token from POST /auth/login (12 hours), kept in
 * sessionStorage so it ends with the browser tab on a shared desk PC, and dropped on a 401.
 * Its expiry is the hub's to judge: `expiresAt` is on the hub's clock, and a Pi without a
 * real-time clock can be hours off the desk PC's during an outage, so a reload keeps the token
 * and the hub's first 401 signs the desk out.
 */
import { ApiClient, HUB_API, type Session } from '@studyspot/app-kit';

const KEY = 'studyspot.staff.session';

export function storedSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
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
