/**
 * The public search cache on a fake monotonic clock: a page is served until its TTL runs out and
 * read again after; concurrent misses share one read; a failed read is not kept; the oldest page
 * goes first when full; the key changes with every parameter and with the minute of `now`.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from './cursor.ts';
import type { SearchHit } from './search.ts';
import { SearchCache, searchKey } from './search-cache.ts';

const page = (label: string): Page<SearchHit> => ({ items: [], nextCursor: label });

function counting(cache: SearchCache) {
  let reads = 0;
  const get = (key: string) =>
    cache.get(key, async () => {
      reads++;
      return page(`${key}#${reads}`);
    });
  return { get, reads: () => reads };
}

describe('SearchCache', () => {
  it('serves a page until the TTL runs out, then reads again', async () => {
    const clock = { now: 0 };
    const { get, reads } = counting(new SearchCache({ ttlMs: 5_000, clock: () => clock.now }));
    expect((await get('a')).nextCursor).toBe('a#1');
    clock.now = 4_999;
    expect((await get('a')).nextCursor).toBe('a#1');
    clock.now = 5_000;
    expect((await get('a')).nextCursor).toBe('a#2');
    expect(reads()).toBe(2);
  });

  it('shares one read among concurrent misses and does not keep a failure', async () => {
    const cache = new SearchCache({ clock: () => 0 });
    let reads = 0;
    let fail = true;
    const read = async () => {
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
      if (fail) throw new Error('database down');
      return page('ok');
    };
    const failed = await Promise.allSettled([cache.get('k', read), cache.get('k', read)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(reads).toBe(1);
    fail = false;
    expect((await cache.get('k', read)).nextCursor).toBe('ok');
    expect(reads).toBe(2);
  });

  it('drops the oldest page when full', async () => {
    const cache = new SearchCache({ maxEntries: 2, clock: () => 0 });
    const { get, reads } = counting(cache);
    await get('a');
    await get('b');
    await get('c');
    expect(cache.size).toBe(2);
    await get('b');
    expect(reads()).toBe(3);
    await get('a');
    expect(reads()).toBe(4);
  });

  it('keys on every parameter and on the minute of now', () => {
    const base = { q: 'gyan', limit: 20 };
    const minute = Date.parse('2026-01-01T06:30:00Z');
    const key = searchKey(base, minute);
    expect(searchKey(base, minute + 59_999)).toBe(key);
    expect(searchKey(base, minute + 60_000)).not.toBe(key);
    const variants = [
      { ...base, q: 'vidya' },
      { ...base, near: { lat: 18.5, lng: 73.8, radiusKm: 10 } },
      { ...base, amenities: ['wifi'] },
      { ...base, maxPricePaise: 4000 },
      { ...base, openNow: true },
      { ...base, limit: 10 },
      { ...base, cursor: 'abc' },
    ];
    const keys = new Set([key, ...variants.map((p) => searchKey(p, minute))]);
    expect(keys.size).toBe(variants.length + 1);
  });
});
