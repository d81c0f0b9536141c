/**
 * A short-lived in-memory cache of public library search pages (ADR 0017). Search results hold
 * only public catalog data — published libraries, their cheapest price, "open now" — so one
 * student's page can be served to another; many students run the same few searches, and under
 * load each distinct search then costs the database once per TTL instead of once per request.
 *
 * - Staleness: a page is served for up to `ttlMs` (5 s) after it was read, so a newly published or
 *   unpublished library, or a price change, shows up to 5 s late. "Open now" is exact to the
 *   minute: the minute of the request's `now` is part of the key. Free-seat availability is not in
 *   search results at all (the public page reads it live and is not cached).
 * - Concurrent misses for one key share one database read (no stampede when an entry expires
 *   under load); a failed read is not kept.
 * - At most `maxEntries` pages, the oldest dropped first; ages come from a monotonic clock, not
 *   the business clock, so a test's frozen `now` does not keep entries alive.
 */
import type { Page } from './cursor.ts';
import type { SearchHit, SearchParams } from './search.ts';

export interface SearchCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number;
}

interface Entry {
  at: number;
  page: Promise<Page<SearchHit>>;
}

/** The key: every parameter that shapes the answer, plus the minute "open now" is read at. */
export const searchKey = (p: SearchParams, now: number): string =>
  JSON.stringify([
    p.q ?? null,
    p.near ? [p.near.lat, p.near.lng, p.near.radiusKm] : null,
    p.amenities?.length ? p.amenities : null,
    p.maxPricePaise ?? null,
    p.openNow === true,
    p.limit,
    p.cursor ?? null,
    Math.floor(now / 60_000),
  ]);

export class SearchCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;

  constructor(options: SearchCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#maxEntries = options.maxEntries ?? 1_000;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** The cached page for `key`, or `read()`'s (shared with concurrent callers, kept `ttlMs`). */
  get(key: string, read: () => Promise<Page<SearchHit>>): Promise<Page<SearchHit>> {
    const at = this.#clock();
    const hit = this.#entries.get(key);
    if (hit && at - hit.at < this.#ttlMs) return hit.page;
    if (hit) this.#entries.delete(key);
    else if (this.#entries.size >= this.#maxEntries) this.#dropOldest();
    const entry: Entry = { at, page: read() };
    this.#entries.set(key, entry);
    entry.page.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.page;
  }

  get size(): number {
    return this.#entries.size;
  }

  #dropOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}
