/**
 * The portal's sign-in session with the cloud (ADR 0010): a short-lived access token and a refresh
 * token that rotates on every use. Both are kept in localStorage so a reload stays signed in; a
 * request answered 401 is refreshed once and sent again with the new token — every caller sees one
 * transparent retry, and concurrent 401s share one refresh (a rotated token must not be spent
 * twice, or the cloud revokes the whole family). A failed refresh signs out.
 */
import { ApiClient } from '@studyspot/app-kit';
import { CLOUD_API, RefreshRequest, TokenPair } from './schemas.ts';

const STORAGE_KEY = 'studyspot.portal.session';

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  user: TokenPair['user'];
}

function readStored(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = TokenPair.pick({ accessToken: true, refreshToken: true, user: true }).safeParse(
      JSON.parse(raw),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type Listener = (session: StoredSession | null) => void;

export class SessionStore {
  #session: StoredSession | null = readStored();
  #refreshing: Promise<boolean> | null = null;
  readonly #listeners = new Set<Listener>();
  readonly client: ApiClient;

  constructor() {
    this.client = new ApiClient({
      baseUrl: CLOUD_API,
      token: () => this.#session?.accessToken ?? null,
      fetch: (input, init) => this.#fetch(input, init),
    });
  }

  get current(): StoredSession | null {
    return this.#session;
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  signedIn(pair: TokenPair): void {
    this.#set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken, user: pair.user });
  }

  /** Revokes the refresh token's family on the server (best effort) and forgets the session. */
  async signOut(): Promise<void> {
    const refreshToken = this.#session?.refreshToken;
    this.#set(null);
    if (refreshToken)
      await fetch(`${CLOUD_API}/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(RefreshRequest.parse({ refreshToken })),
      }).catch(() => undefined);
  }

  #set(session: StoredSession | null): void {
    this.#session = session;
    try {
      if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
      else localStorage.removeItem(STORAGE_KEY);
    } catch {
      // private mode: the session lasts for this page only
    }
    for (const listener of this.#listeners) listener(session);
  }

  async #fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const res = await fetch(input, init);
    const url = String(input);
    if (res.status !== 401 || url.includes('/auth/') || !this.#session) return res;
    const sent = this.#session.accessToken;
    const renewed = await this.#refresh(sent);
    if (!renewed || !this.#session) return res;
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${this.#session.accessToken}`);
    return fetch(input, { ...init, headers });
  }

  /** One refresh at a time; a caller whose token was already replaced just retries. */
  #refresh(sent: string): Promise<boolean> {
    if (this.#session && this.#session.accessToken !== sent) return Promise.resolve(true);
    this.#refreshing ??= this.#rotate().finally(() => {
      this.#refreshing = null;
    });
    return this.#refreshing;
  }

  async #rotate(): Promise<boolean> {
    const refreshToken = this.#session?.refreshToken;
    if (!refreshToken) return false;
    try {
      const res = await fetch(`${CLOUD_API}/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(RefreshRequest.parse({ refreshToken })),
      });
      const pair = res.ok ? TokenPair.safeParse(await res.json()) : null;
      if (!pair?.success) {
        this.#set(null);
        return false;
      }
      this.signedIn(pair.data);
      return true;
    } catch {
      return false;
    }
  }
}
