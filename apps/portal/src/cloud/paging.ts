/**
 * Paging for the portal's lists. The cloud pages by opaque cursor (`nextCursor`) or, for invoices
 * and the notification log, by offset; both become "previous / next" here: `usePaged` keeps the
 * cursors of the pages already seen, so going back is exact and costs one request.
 */

import type { Resource } from '@studyspot/app-kit';
import { useResource } from '@studyspot/app-kit';
import type { DependencyList } from 'react';
import { useCallback, useEffect, useState } from 'react';

export const PAGE_SIZE = 20;

export interface Paged<T> {
  resource: Resource<{ items: T[]; next: string | null }>;
  page: number;
  hasPrev: boolean;
  hasNext: boolean;
  prev: () => void;
  next: () => void;
}

/**
 * `load(cursor)` fetches one page; `deps` (filters) restart at page 1. `cursor` is the server's
 * cursor, or the offset as a string for offset-paged lists.
 */
export function usePaged<T>(
  load: (cursor: string | undefined) => Promise<{ items: T[]; next: string | null }>,
  deps: DependencyList,
): Paged<T> {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps are the filters
  useEffect(() => setCursors([undefined]), deps);
  const cursor = cursors[cursors.length - 1];
  const resource = useResource(() => load(cursor), [cursor, ...deps]);
  const nextCursor = resource.data?.next ?? null;
  const next = useCallback(() => {
    if (nextCursor) setCursors((list) => [...list, nextCursor]);
  }, [nextCursor]);
  const prev = useCallback(() => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)), []);
  return {
    resource,
    page: cursors.length,
    hasPrev: cursors.length > 1,
    hasNext: resource.status === 'ready' && nextCursor !== null,
    prev,
    next,
  };
}

/** A cursor page as `usePaged` wants it. */
export const byCursor = <T>(page: { items: T[]; nextCursor: string | null }) => ({
  items: page.items,
  next: page.nextCursor,
});

/** An offset page (`nextOffset`) as `usePaged` wants it. */
export const byOffset = <T>(page: { items: T[]; nextOffset: number | null }) => ({
  items: page.items,
  next: page.nextOffset === null ? null : String(page.nextOffset),
});
