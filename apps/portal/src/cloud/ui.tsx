/**
 * The portal's small shared pieces: the API client from the session context, a resource view that
 * gives every screen its loading / error (with retry) / empty states, the pager under every list,
 * an action hook that tracks a write's progress and error, and a form error line that names the
 * field the server (or the request schema) refused.
 */

import type { ApiClient, Resource } from '@studyspot/app-kit';
import { ApiError, Empty, ErrorState, errorText, Loading, useMessages } from '@studyspot/app-kit';
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useState } from 'react';
import { common } from './messages-shell.ts';
import type { Paged } from './paging.ts';
import type { SessionStore } from './session.ts';

export const SessionContext = createContext<SessionStore | null>(null);

export function useSession(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession outside <SessionContext>');
  return store;
}

export function useApi(): ApiClient {
  return useSession().client;
}

/** Renders `children(data)` once ready; loading, error and (when `isEmpty`) empty states otherwise. */
export function ResourceView<T>({
  resource,
  isEmpty,
  empty,
  children,
}: {
  resource: Resource<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (resource.data === undefined) {
    if (resource.status === 'error') return <ErrorState error={resource.error} onRetry={resource.reload} />;
    return <Loading />;
  }
  const data = resource.data;
  return (
    <>
      {resource.status === 'error' ? <ErrorState error={resource.error} onRetry={resource.reload} /> : null}
      {isEmpty?.(data) ? <Empty>{empty}</Empty> : children(data)}
    </>
  );
}

/** A paged list: states, the rows, and previous/next. */
export function PagedView<T>({
  paged,
  empty,
  children,
}: {
  paged: Paged<T>;
  empty?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <>
      <ResourceView
        resource={paged.resource}
        isEmpty={(d) => d.items.length === 0 && !paged.hasPrev}
        empty={empty}
      >
        {(data) => children(data.items)}
      </ResourceView>
      <Pager paged={paged} />
    </>
  );
}

export function Pager<T>({ paged }: { paged: Paged<T> }) {
  const { t } = useMessages(common);
  if (!paged.hasPrev && !paged.hasNext) return null;
  return (
    <nav className="pager" aria-label={t('pages')}>
      <button type="button" className="button" disabled={!paged.hasPrev} onClick={paged.prev}>
        {t('previous')}
      </button>
      <span aria-live="polite">{t('page', { n: paged.page })}</span>
      <button type="button" className="button" disabled={!paged.hasNext} onClick={paged.next}>
        {t('next')}
      </button>
    </nav>
  );
}

export interface Action {
  busy: boolean;
  error: unknown;
  run: (work: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

/** A write in progress: `run` resolves true when it succeeded; the error stays until cleared. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

/** The refusal of a write, in words, with the field it concerns when there is one. */
export function FormError({ error }: { error: unknown }) {
  const { t, lang } = useMessages(common);
  if (!error) return null;
  const field = error instanceof ApiError ? error.field : undefined;
  return (
    <p className="form-error" role="alert">
      {errorText(error, lang)}
      {field ? ` (${t('field')}: ${field})` : ''}
    </p>
  );
}

/** Where a screen starts: its heading (focused after navigation, for screen readers) and actions. */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="screen-header">
      <h1 tabIndex={-1} data-autofocus="">
        {title}
      </h1>
      {children ? <div className="row">{children}</div> : null}
    </div>
  );
}
