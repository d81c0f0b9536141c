import { describe, expect, it } from 'vitest';
import {
  addDays,
  DAY,
  HOUR,
  instantToLocal,
  isValidTimeZone,
  localToInstant,
  MINUTE,
  minutesOf,
  overlaps,
  weekdayOf,
} from './time.ts';

const IST = 'Asia/Kolkata';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';

describe('units', () => {
  it('are milliseconds', () => {
    expect([MINUTE, HOUR, DAY]).toEqual([60_000, 3_600_000, 86_400_000]);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones, also on a second (cached) look-up', () => {
    expect(isValidTimeZone(IST)).toBe(true);
    expect(isValidTimeZone(IST)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('rejects what Intl does not know', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('minutesOf', () => {
  it('counts minutes since midnight, 24:00 included', () => {
    expect(minutesOf('00:00')).toBe(0);
    expect(minutesOf('08:30')).toBe(510);
    expect(minutesOf('23:59')).toBe(1439);
    expect(minutesOf('24:00')).toBe(1440);
  });
});

describe('in Asia/Kolkata (UTC+05:30, no DST)', () => {
  it('localToInstant subtracts five and a half hours', () => {
    expect(localToInstant('2024-06-03', 9 * 60, IST)).toBe(Date.UTC(2024, 5, 3, 3, 30));
    expect(localToInstant('2024-06-03', 0, IST)).toBe(Date.UTC(2024, 5, 2, 18, 30));
    expect(localToInstant('2024-06-03', 24 * 60, IST)).toBe(Date.UTC(2024, 5, 3, 18, 30));
  });

  it('instantToLocal moves to the next local date after 18:30 UTC', () => {
    expect(instantToLocal(Date.UTC(2024, 5, 3, 18, 29), IST)).toEqual({ date: '2024-06-03', minutes: 1439 });
    expect(instantToLocal(Date.UTC(2024, 5, 3, 18, 30), IST)).toEqual({ date: '2024-06-04', minutes: 0 });
    expect(instantToLocal(Date.UTC(2024, 5, 3, 20, 0), IST)).toEqual({ date: '2024-06-04', minutes: 90 });
  });

  it('ignores seconds and milliseconds of the instant', () => {
    expect(instantToLocal(Date.UTC(2024, 5, 3, 3, 30, 59, 999), IST)).toEqual({
      date: '2024-06-03',
      minutes: 540,
    });
  });

  it('every day is 24 hours long', () => {
    const d = '2024-03-31';
    expect(localToInstant(addDays(d, 1), 0, IST) - localToInstant(d, 0, IST)).toBe(DAY);
  });
});

describe('around DST changes', () => {
  const dayLength = (date: string, tz: string) =>
    localToInstant(date, 24 * 60, tz) - localToInstant(date, 0, tz);

  it('London: the spring-forward day has 23 hours, the fall-back day 25', () => {
    expect(dayLength('2024-03-31', LONDON)).toBe(23 * HOUR);
    expect(dayLength('2024-10-27', LONDON)).toBe(25 * HOUR);
    expect(dayLength('2024-06-03', LONDON)).toBe(24 * HOUR);
  });

  it('London: opening hours on the spring-forward day are in BST', () => {
    // 01:00 GMT becomes 02:00 BST; 09:00 that day is 08:00 UTC.
    expect(localToInstant('2024-03-31', 0, LONDON)).toBe(Date.UTC(2024, 2, 31, 0, 0));
    expect(localToInstant('2024-03-31', 60 * 2, LONDON)).toBe(Date.UTC(2024, 2, 31, 1, 0));
    expect(localToInstant('2024-03-31', 9 * 60, LONDON)).toBe(Date.UTC(2024, 2, 31, 8, 0));
    expect(instantToLocal(Date.UTC(2024, 2, 31, 8, 0), LONDON)).toEqual({ date: '2024-03-31', minutes: 540 });
    expect(instantToLocal(Date.UTC(2024, 2, 31, 0, 59), LONDON)).toEqual({ date: '2024-03-31', minutes: 59 });
    expect(instantToLocal(Date.UTC(2024, 2, 31, 1, 0), LONDON)).toEqual({ date: '2024-03-31', minutes: 120 });
  });

  it('New York: the spring-forward day has 23 hours and 03:00 is already EDT', () => {
    expect(dayLength('2024-03-10', NEW_YORK)).toBe(23 * HOUR);
    expect(dayLength('2024-11-03', NEW_YORK)).toBe(25 * HOUR);
    expect(localToInstant('2024-03-10', 60, NEW_YORK)).toBe(Date.UTC(2024, 2, 10, 6, 0));
    expect(localToInstant('2024-03-10', 3 * 60, NEW_YORK)).toBe(Date.UTC(2024, 2, 10, 7, 0));
    expect(localToInstant('2024-03-10', 9 * 60, NEW_YORK)).toBe(Date.UTC(2024, 2, 10, 13, 0));
  });

  it('a wall time in the spring-forward gap resolves to an instant one hour off', () => {
    for (const [date, tz] of [
      ['2024-03-31', LONDON],
      ['2024-03-10', NEW_YORK],
    ] as const) {
      const missing = tz === LONDON ? 90 : 150; // 01:30 in London, 02:30 in New York never happen
      const local = instantToLocal(localToInstant(date, missing, tz), tz);
      expect(local.date).toBe(date);
      expect(Math.abs(local.minutes - missing)).toBe(60);
    }
  });

  it('a wall time in the fall-back overlap resolves to one of its two instants', () => {
    const london = localToInstant('2024-10-27', 90, LONDON);
    expect([Date.UTC(2024, 9, 27, 0, 30), Date.UTC(2024, 9, 27, 1, 30)]).toContain(london);
    const newYork = localToInstant('2024-11-03', 90, NEW_YORK);
    expect([Date.UTC(2024, 10, 3, 5, 30), Date.UTC(2024, 10, 3, 6, 30)]).toContain(newYork);
  });

  it('every quarter hour of a DST-change day round-trips, except the repeated hour', () => {
    for (const [date, tz] of [
      ['2024-03-31', LONDON],
      ['2024-10-27', LONDON],
      ['2024-03-10', NEW_YORK],
      ['2024-11-03', NEW_YORK],
    ] as const) {
      const from = localToInstant(date, 0, tz);
      const to = localToInstant(date, 24 * 60, tz);
      for (let i = from; i < to; i += 15 * MINUTE) {
        const local = instantToLocal(i, tz);
        expect(local.date).toBe(date);
        const back = localToInstant(local.date, local.minutes, tz);
        // In the repeated hour one wall time names two instants; either is a fair answer.
        if (back !== i) expect(Math.abs(back - i)).toBe(HOUR);
        else expect(back).toBe(i);
      }
    }
  });
});

describe('instantToLocal before 1970 in local terms', () => {
  it('gives positive minutes (regression: wall % DAY was negative)', () => {
    expect(instantToLocal(0, NEW_YORK)).toEqual({ date: '1969-12-31', minutes: 19 * 60 });
  });
});

describe('weekdayOf', () => {
  it('starts the week on Monday', () => {
    expect(weekdayOf('2024-06-03')).toBe('mon');
    expect(weekdayOf('2024-06-08')).toBe('sat');
    expect(weekdayOf('2024-06-09')).toBe('sun');
    expect(weekdayOf('2024-02-29')).toBe('thu');
  });
});

describe('addDays', () => {
  it('rolls over months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2024-06-03', 0)).toBe('2024-06-03');
    expect(addDays('2024-06-03', 29)).toBe('2024-07-02');
  });
});

describe('overlaps', () => {
  const a = { startsAt: 10, endsAt: 20 };
  it('treats intervals as half-open: touching ends do not overlap', () => {
    expect(overlaps(a, { startsAt: 20, endsAt: 30 })).toBe(false);
    expect(overlaps(a, { startsAt: 0, endsAt: 10 })).toBe(false);
  });

  it('finds partial, nested and identical overlaps either way round', () => {
    for (const b of [
      { startsAt: 15, endsAt: 25 },
      { startsAt: 5, endsAt: 15 },
      { startsAt: 12, endsAt: 18 },
      { startsAt: 0, endsAt: 30 },
      a,
    ]) {
      expect(overlaps(a, b)).toBe(true);
      expect(overlaps(b, a)).toBe(true);
    }
  });
});

describe('offset memo', () => {
  it('is exact inside a 15-minute bucket that holds an offset change (Kolkata left local mean time in 1854)', () => {
    // LMT +05:53:28 ended at local midnight, an instant that is not on a 15-minute boundary.
    const lmtEnd = Date.UTC(1854, 5, 27, 18, 6, 32);
    const before = instantToLocal(lmtEnd - 60_000, 'Asia/Kolkata');
    const after = instantToLocal(lmtEnd + 60_000, 'Asia/Kolkata');
    expect(before).toEqual({ date: '1854-06-27', minutes: 23 * 60 + 59 });
    expect(after.date).toBe('1854-06-28');
    // The same questions again come from the memo and agree.
    expect(instantToLocal(lmtEnd - 60_000, 'Asia/Kolkata')).toEqual(before);
  });

  it('stays bounded: past 100,000 buckets it starts afresh and still answers exactly', () => {
    const base = Date.UTC(2030, 0, 1);
    for (let i = 0; i <= 100_001; i++) instantToLocal(base + i * 15 * 60_000, 'UTC');
    expect(instantToLocal(Date.UTC(2026, 10, 30, 4, 30), 'Asia/Kolkata')).toEqual({
      date: '2026-11-30',
      minutes: 600,
    });
  });
});
