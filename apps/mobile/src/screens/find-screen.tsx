/**
 * Find a library: text search, distance from the phone's location or a typed place, amenities, a
 * price ceiling and "open now", paged by the cloud's cursor ("Show more"). The filters are kept
 * for the tab's session, so coming back from a library page shows the same list.
 */
import { Empty, ErrorState, Loading, useMessages } from '@studyspot/app-kit';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { type SearchFilters, searchLibraries } from '../api/cloud.ts';
import type { SearchHit } from '../api/schemas.ts';
import { publicClient } from '../api/session.ts';
import { money } from '../format.ts';
import { amenityText, findText } from '../i18n/find.ts';
import { ScreenTitle } from '../ui/title.tsx';
import { FilterPanel, type Filters, NearPicker, noFilters } from './find-filters.tsx';

const KEY = 'studyspot.mobile.search';

function storedFilters(): Filters {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? { ...noFilters, ...(JSON.parse(raw) as Partial<Filters>) } : noFilters;
  } catch {
    return noFilters;
  }
}

function toQuery(f: Filters): SearchFilters {
  const rupees = Number(f.maxPriceRupees);
  const text = [f.q.trim(), f.unknownPlace ?? ''].filter(Boolean).join(' ');
  return {
    q: text || undefined,
    near: f.near ? { lat: f.near.lat, lng: f.near.lng } : undefined,
    amenities: f.amenities,
    maxPricePaise:
      f.maxPriceRupees !== '' && Number.isFinite(rupees) && rupees >= 0
        ? Math.round(rupees * 100)
        : undefined,
    openNow: f.openNow,
  };
}

interface Results {
  status: 'loading' | 'ready' | 'error';
  items: SearchHit[];
  nextCursor: string | null;
  error: unknown;
  more: boolean;
}

function useSearch(query: SearchFilters) {
  const [results, setResults] = useState<Results>({
    status: 'loading',
    items: [],
    nextCursor: null,
    error: null,
    more: false,
  });
  const key = JSON.stringify(query);
  const generation = useRef(0);
  const load = useCallback(
    async (cursor: string | null) => {
      const mine = ++generation.current;
      setResults((r) => ({
        ...r,
        status: cursor ? r.status : 'loading',
        more: cursor !== null,
        error: null,
      }));
      try {
        const page = await searchLibraries(publicClient(), {
          ...(JSON.parse(key) as SearchFilters),
          cursor: cursor ?? undefined,
        });
        if (mine !== generation.current) return;
        setResults((r) => ({
          status: 'ready',
          items: cursor ? [...r.items, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          error: null,
          more: false,
        }));
      } catch (error) {
        if (mine === generation.current) setResults((r) => ({ ...r, status: 'error', error, more: false }));
      }
    },
    [key],
  );
  useEffect(() => {
    void load(null);
  }, [load]);
  return { results, reload: () => void load(null), loadMore: () => void load(results.nextCursor) };
}

function Hit({ hit }: { hit: SearchHit }) {
  const { t, lang } = useMessages(findText);
  const amenity = useMessages(amenityText).t;
  const known = (a: string): a is Parameters<typeof amenity>[0] => Object.hasOwn(amenityText.en, a);
  return (
    <li className="card hit">
      <h3>
        <a href={`#/library/${hit.id}`}>{hit.name}</a>
      </h3>
      <p className="muted">
        {hit.address.line1}, {hit.address.city}
      </p>
      <p className="row hit-facts">
        <span className={hit.openNow ? 'badge badge-ok' : 'badge'}>
          {hit.openNow ? t('open') : t('closed')}
        </span>
        {hit.distanceKm !== null ? <span>{t('kmAway', { km: hit.distanceKm.toFixed(1) })}</span> : null}
        {hit.minPricePaise !== null ? (
          <strong>{t('from', { price: money(hit.minPricePaise, lang) })}</strong>
        ) : null}
      </p>
      {hit.amenities.length > 0 ? (
        <p className="amenities">{hit.amenities.map((a) => (known(a) ? amenity(a) : a)).join(' · ')}</p>
      ) : null}
    </li>
  );
}

export function FindScreen() {
  const { t } = useMessages(findText);
  const [filters, setFilters] = useState<Filters>(storedFilters);
  const [applied, setApplied] = useState<Filters>(filters);
  const { results, reload, loadMore } = useSearch(toQuery(applied));

  useEffect(() => {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(applied));
    } catch {
      // the search is not kept across pages
    }
  }, [applied]);

  // filters apply by themselves after a pause; the text query applies on "Search"
  const change = (next: Filters) => {
    setFilters(next);
    if (next.q === applied.q) setApplied(next);
  };
  const debounced = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(debounced.current ?? undefined), []);
  const changeDebounced = (next: Filters) => {
    setFilters(next);
    clearTimeout(debounced.current ?? undefined);
    debounced.current = setTimeout(() => setApplied((a) => ({ ...next, q: a.q })), 500);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setApplied(filters);
  };

  return (
    <section className="stack">
      <ScreenTitle>{t('title')}</ScreenTitle>
      <search>
        <form className="search-row" onSubmit={submit}>
          <label className="grow">
            {t('searchLabel')}
            <input
              type="search"
              value={filters.q}
              onChange={(e) => setFilters({ ...filters, q: e.target.value })}
              enterKeyHint="search"
            />
          </label>
          <button type="submit" className="button button-primary">
            {t('search')}
          </button>
        </form>
      </search>
      <NearPicker filters={filters} onChange={change} />
      <FilterPanel
        filters={filters}
        onChange={(next) =>
          next.maxPriceRupees !== filters.maxPriceRupees ? changeDebounced(next) : change(next)
        }
      />
      <h2 className="section-title">{t('results')}</h2>
      {results.status === 'loading' ? <Loading /> : null}
      {results.status === 'error' ? <ErrorState error={results.error} onRetry={reload} /> : null}
      {results.status === 'ready' && results.items.length === 0 ? <Empty>{t('noResults')}</Empty> : null}
      {results.items.length > 0 ? (
        <ul className="plain-list stack" aria-label={t('results')}>
          {results.items.map((hit) => (
            <Hit key={hit.id} hit={hit} />
          ))}
        </ul>
      ) : null}
      {results.status === 'ready' && results.nextCursor ? (
        <button type="button" className="button wide" onClick={loadMore} disabled={results.more}>
          {t('more')}
        </button>
      ) : null}
    </section>
  );
}
