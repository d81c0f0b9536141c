/**
 * One socket.io connection for the whole dashboard, fanned out to the panels: a panel calls
 * `useLive('seat:changed', handler)` and is told each event; `useLive('connect', …)` fires on every
 * (re)connect, where panels refetch — that is how the dashboard catches up after a hub restart.
 */
import { type LinkState, useHubSocket } from '@studyspot/app-kit';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useMemo, useRef } from 'react';

type Listener = (payload: unknown) => void;

class Fanout {
  readonly #listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: Listener): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit(event: string, payload: unknown): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(payload);
  }
}

const LiveContext = createContext<{ fanout: Fanout; link: LinkState }>({
  fanout: new Fanout(),
  link: 'connecting',
});

const EVENTS = [
  'seat:changed',
  'waitlist:changed',
  'alert:raised',
  'alert:cleared',
  'device:changed',
  'entry:scanned',
];

export function LiveProvider({
  token,
  onUnauthorized,
  children,
}: {
  token: string;
  onUnauthorized: () => void;
  children: ReactNode;
}) {
  const fanout = useMemo(() => new Fanout(), []);
  const handlers = useMemo(() => {
    const forward: Record<string, (payload: unknown) => void> = {};
    for (const event of EVENTS) forward[event] = (payload) => fanout.emit(event, payload);
    return { ...forward, onConnect: () => fanout.emit('connect', null), onUnauthorized };
  }, [fanout, onUnauthorized]);
  const link = useHubSocket(token, handlers);
  const value = useMemo(() => ({ fanout, link }), [fanout, link]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLink(): LinkState {
  return useContext(LiveContext).link;
}

/** Calls `handler` for each `event` (or each reconnect, for 'connect') while mounted. */
export function useLive(event: string, handler: Listener): void {
  const { fanout } = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => fanout.on(event, (payload) => ref.current(payload)), [fanout, event]);
}
