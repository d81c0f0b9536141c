/**
 * Small hooks the apps share: `useResource` (load data, with loading/error state and reload) and
 * `useHashRoute` (the `#/path` router every app uses, so one build works under any prefix).
 */
import type { DependencyList } from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'loading'; data: T | undefined; error: null; reload: () => void }
  | { status: 'error'; data: T | undefined; error: unknown; reload: () => void }
  | { status: 'ready'; data: T; error: null; reload: () => void };

/** Runs `load` now and whenever `deps` change or `reload()` is called; keeps stale data while reloading. */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ status: 'loading' | 'error' | 'ready'; data?: T; error: unknown }>({
    status: 'loading',
    error: null,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, status: s.data === undefined ? 'loading' : s.status, error: null }));
    loadRef.current().then(
      (data) => {
        if (live) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ ...s, status: 'error', error }));
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  if (state.status === 'ready') return { status: 'ready', data: state.data as T, error: null, reload };
  if (state.status === 'error') return { status: 'error', data: state.data, error: state.error, reload };
  return { status: 'loading', data: state.data, error: null, reload };
}

function currentHash(): string {
  const path = location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

/** The `#/…` path, and a navigate function. */
export function useHashRoute(): [string, (path: string) => void] {
  const [path, setPath] = useState(currentHash);
  useEffect(() => {
    const onChange = () => setPath(currentHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: string) => {
    location.hash = next;
  }, []);
  return [path, navigate];
}
