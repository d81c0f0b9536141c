/**
 * Live updates from the hub: a socket.io connection authenticated with the app's bearer token
 * (staff session or kiosk device). socket.io reconnects by itself with backoff (capped at 5 s);
 * every (re)connect calls `onConnect`, where a screen refetches what it shows — that is how the
 * kiosk and the dashboard recover after the hub restarts. A refused handshake (`unauthorized`)
 * means the token was revoked or expired.
 */
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';

export type LinkState = 'connecting' | 'online' | 'offline';

export type LiveHandlers = Record<string, (payload: unknown) => void> & {
  onConnect?: () => void;
  onUnauthorized?: () => void;
};

/** Connects while `token` is set; returns the link state for an online/offline indicator. */
export function useHubSocket(token: string | null, handlers: LiveHandlers): LinkState {
  const [state, setState] = useState<LinkState>('connecting');
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (!token) return;
    const socket = io({ auth: { token }, reconnectionDelay: 500, reconnectionDelayMax: 5_000 });
    socket.on('connect', () => {
      setState('online');
      ref.current.onConnect?.();
    });
    socket.on('disconnect', (reason) => {
      setState('offline');
      // A hub shutting down disconnects its sockets itself, which socket.io does not retry on its
      // own; the restarted hub will be back, so keep trying (with the manager's backoff).
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error) => {
      setState('offline');
      if (error.message === 'unauthorized') ref.current.onUnauthorized?.();
    });
    socket.onAny((event: string, payload: unknown) => {
      const handler = ref.current[event];
      if (typeof handler === 'function') handler(payload);
    });
    return () => {
      socket.disconnect();
    };
  }, [token]);
  return state;
}
