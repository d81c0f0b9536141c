/**
 * The student's session: the cloud's access + refresh token pair (ADR 0010), kept in localStorage
 * so the app opens signed in, and the authenticated fetch every API call goes through. The access
 * token lives minutes; shortly before it expires — or when an answer is 401 — the refresh token is
 * rotated once (single flight, and under a Web Lock where the browser has them, so two tabs never
 * spend the same refresh token: reuse would revoke the whole family). A refused refresh ends the
 * session and the app shows sign-in again.
 */
import { ApiClient } from '@studyspot/app-kit';
import { RefreshRequest, TokenPair } from './schemas.ts';

export const API_BASE = '/v1';
const KEY = 'studyspot.mobile.session';
/** Refresh this long before the access token's expiry, so a slow request does not arrive expired. */
const EARLY_MS = 30_000;

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  expiresAt: number;
  userId: string;
}

export function sessionOf(pair: TokenPair, now = Date.now()): Session {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: now + pair.expiresIn * 1000,
    userId: pair.user.id,
  };
}

export function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function writeSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(KEY, JSON.stringify(session));
    else localStorage.removeItem(KEY);
  } catch {
    // storage disabled: the session lasts until the page closes
  }
}

/** An unauthenticated client (sign-in, search, public library pages). */
export function publicClient(): ApiClient {
  return new ApiClient({ baseUrl: API_BASE });
}

/** Runs `fn` holding the refresh lock (Web Locks exist only in secure contexts). */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  if (!('locks' in navigator) || !navigator.locks) return fn();
  return await navigator.locks.request('studyspot.mobile.refresh', fn);
}

/**
 * Keeps the tokens fresh. `onEnded` is called once the session cannot be renewed (refresh refused),
 * after it has been cleared.
 */
export class SessionKeeper {
  #inflight: Promise<Session | null> | null = null;
  readonly #onEnded: () => void;

  constructor(onEnded: () => void) {
    this.#onEnded = onEnded;
  }

  /** A session whose access token is good for at least EARLY_MS, refreshing when needed. */
  async fresh(force = false): Promise<Session | null> {
    const current = readSession();
    if (!current) return null;
    if (!force && current.expiresAt - Date.now() > EARLY_MS) return current;
    this.#inflight ??= withLock(() => this.#rotate(current)).finally(() => {
      this.#inflight = null;
    });
    return this.#inflight;
  }

  async #rotate(seen: Session): Promise<Session | null> {
    // another tab may have rotated while this one waited for the lock
    const stored = readSession();
    if (!stored) return null;
    if (stored.refreshToken !== seen.refreshToken) return stored;
    try {
      const pair = await publicClient().post(
        '/auth/refresh',
        RefreshRequest,
        { refreshToken: stored.refreshToken },
        TokenPair,
      );
      const next = sessionOf(pair);
      writeSession(next);
      return next;
    } catch (error) {
      // a network failure keeps the session (offline is not signed out); a refusal ends it
      if ((error as { code?: string }).code === 'network') return stored;
      writeSession(null);
      this.#onEnded();
      return null;
    }
  }

  /** fetch with the bearer token; a 401 refreshes once and retries. */
  readonly fetch: typeof fetch = async (input, init) => {
    const send = (session: Session | null) => {
      const headers = new Headers(init?.headers);
      if (session) headers.set('authorization', `Bearer ${session.accessToken}`);
      return fetch(input, { ...init, headers });
    };
    const session = await this.fresh();
    const first = await send(session);
    if (first.status !== 401 || !session) return first;
    const renewed = await this.fresh(true);
    return renewed ? send(renewed) : first;
  };

  /** A client whose calls carry the session; `headers` are added to each (e.g. an Idempotency-Key). */
  client(headers?: Record<string, string>): ApiClient {
    const base = this.fetch;
    const withHeaders: typeof fetch = headers
      ? (input, init) => {
          const merged = new Headers(init?.headers);
          for (const [k, v] of Object.entries(headers)) merged.set(k, v);
          return base(input, { ...init, headers: merged });
        }
      : base;
    return new ApiClient({ baseUrl: API_BASE, fetch: withHeaders });
  }
}
