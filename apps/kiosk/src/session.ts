/**
 * The kiosk's identity: a kiosk device token (ADR 0020), registered once by a staff member signing
 * in on the tablet itself (pair-screen.tsx) and kept in localStorage. It survives reloads and hub
 * restarts; a 401 from the hub (the device was revoked on the dashboard) clears it, which brings
 * the pairing screen back.
 */
import { ApiClient, HUB_API } from '@studyspot/app-kit';

const KEY = 'studyspot.kiosk.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(KEY, token);
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the pairing lasts until the page reloads
  }
}

export function kioskClient(token: string | null, onUnauthorized: () => void): ApiClient {
  return new ApiClient({ baseUrl: HUB_API, token: () => token, onUnauthorized });
}
