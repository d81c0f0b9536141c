import { describe, expect, it } from 'vitest';
import type { Library, OpeningHours, Shift } from './schemas/library.ts';
import { resolveSlot } from './slots.ts';
import { HOUR } from './time.ts';

const weekday = { open: '08:00', close: '22:00' };
const hours: OpeningHours = {
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat: { open: '09:00', close: '18:00' },
  sun: null,
};

const library: Library = {
  id: '01900000-0000-7000-8000-000000000001',
  name: 'Gyan Study Point',
  timezone: 'Asia/Kolkata',
  address: { line1: '12 MG Road', city: 'Pune', state: 'MH', postalCode: '411001', country: 'IN' },
  geo: { lat: 18.52, lng: 73.86 },
  amenities: ['wifi'],
  openingHours: hours,
  slotMinutes: 30,
  currency: 'INR',
};

const shift = (id: string, name: string, start: string, end: string): Shift => ({
  id,
  libraryId: library.id,
  name,
  start,
  end,
});
const morning = shift('01900000-0000-7000-8000-0000000000a1', 'Morning', '08:00', '14:00');
const night = shift('01900000-0000-7000-8000-0000000000a2', 'Night', '18:00', '22:00');
const shifts = [morning, night];

// 2024-06-03 is a Monday, 2024-06-08 a Saturday, 2024-06-09 a Sunday. IST is UTC+05:30.
const ist = (day: number, h: number, m = 0) => Date.UTC(2024, 5, day, h, m) - 5.5 * HOUR;

describe('resolveSlot', () => {
  it('[BOOK-1] sells nothing on a closed day', () => {
    for (const slot of [
      { kind: 'day', date: '2024-06-09' },
      { kind: 'hours', date: '2024-06-09', start: '10:00', hours: 1 },
      { kind: 'shift', date: '2024-06-09', shiftId: morning.id },
    ] as const) {
      const r = resolveSlot(slot, library, shifts);
      expect(r).toEqual({
        ok: false,
        violation: {
          code: 'outside_hours',
          message: 'the library is closed on 2024-06-09',
          field: 'slot.date',
        },
      });
    }
  });

  it('resolves hours on the grid to instants in the library timezone', () => {
    const r = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '10:30', hours: 2 }, library, shifts);
    expect(r).toEqual({
      ok: true,
      interval: { startsAt: ist(3, 10, 30), endsAt: ist(3, 12, 30), shiftId: null },
    });
  });

  it('[BOOK-2] rejects an hourly start off the slot grid', () => {
    const r = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '10:10', hours: 1 }, library, shifts);
    expect(r).toMatchObject({ ok: false, violation: { code: 'off_grid', field: 'slot.start' } });
  });

  it('[BOOK-2] counts the grid from the day’s opening time', () => {
    const odd: Library = {
      ...library,
      slotMinutes: 60,
      openingHours: { ...hours, mon: { open: '08:15', close: '22:00' } },
    };
    const on = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '09:15', hours: 1 }, odd, shifts);
    expect(on).toMatchObject({ ok: true, interval: { startsAt: ist(3, 9, 15) } });
    const off = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '09:00', hours: 1 }, odd, shifts);
    expect(off).toMatchObject({ ok: false, violation: { code: 'off_grid' } });
  });

  it('[BOOK-1] rejects hours that run past closing time', () => {
    const r = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '21:00', hours: 2 }, library, shifts);
    expect(r).toEqual({
      ok: false,
      violation: { code: 'outside_hours', message: 'open 08:00–22:00 on 2024-06-03', field: 'slot' },
    });
  });

  it('[BOOK-1] rejects hours that start before opening time, even on the grid', () => {
    const r = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '07:00', hours: 2 }, library, shifts);
    expect(r).toMatchObject({ ok: false, violation: { code: 'outside_hours', field: 'slot' } });
  });

  it('accepts hours that end exactly at closing time', () => {
    const r = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '20:00', hours: 2 }, library, shifts);
    expect(r).toMatchObject({ ok: true, interval: { endsAt: ist(3, 22) } });
  });

  it('resolves a shift and remembers its id', () => {
    const r = resolveSlot({ kind: 'shift', date: '2024-06-03', shiftId: morning.id }, library, shifts);
    expect(r).toEqual({
      ok: true,
      interval: { startsAt: ist(3, 8), endsAt: ist(3, 14), shiftId: morning.id },
    });
  });

  it('[BOOK-2] rejects a shift the library does not have', () => {
    const r = resolveSlot(
      { kind: 'shift', date: '2024-06-03', shiftId: '01900000-0000-7000-8000-0000000000ff' },
      library,
      shifts,
    );
    expect(r).toMatchObject({ ok: false, violation: { code: 'off_grid', field: 'slot.shiftId' } });
  });

  it('[BOOK-1] rejects a shift that runs past a short day’s closing time', () => {
    const r = resolveSlot({ kind: 'shift', date: '2024-06-08', shiftId: night.id }, library, shifts);
    expect(r).toMatchObject({
      ok: false,
      violation: { code: 'outside_hours', message: 'open 09:00–18:00 on 2024-06-08' },
    });
  });

  it('[BOOK-1] rejects a shift that starts before a late opening', () => {
    const r = resolveSlot({ kind: 'shift', date: '2024-06-08', shiftId: morning.id }, library, shifts);
    expect(r).toMatchObject({ ok: false, violation: { code: 'outside_hours' } });
  });

  it('resolves a day to the opening hours of that day', () => {
    expect(resolveSlot({ kind: 'day', date: '2024-06-08' }, library, shifts)).toEqual({
      ok: true,
      interval: { startsAt: ist(8, 9), endsAt: ist(8, 18), shiftId: null },
    });
  });

  it('resolves a round-the-clock day to local midnight … next midnight', () => {
    const allDay: Library = {
      ...library,
      openingHours: { ...hours, mon: { open: '00:00', close: '24:00' } },
    };
    expect(resolveSlot({ kind: 'day', date: '2024-06-03' }, allDay, [])).toMatchObject({
      ok: true,
      interval: { startsAt: ist(3, 0), endsAt: ist(4, 0) },
    });
    const late = resolveSlot({ kind: 'hours', date: '2024-06-03', start: '23:00', hours: 1 }, allDay, []);
    expect(late).toMatchObject({ ok: true, interval: { endsAt: ist(4, 0) } });
  });

  it('follows DST: a 24-hour day in London on the spring-forward Sunday lasts 23 hours', () => {
    const london: Library = {
      ...library,
      timezone: 'Europe/London',
      openingHours: { ...hours, sun: { open: '00:00', close: '24:00' } },
    };
    const r = resolveSlot({ kind: 'day', date: '2024-03-31' }, london, []);
    expect(r).toEqual({
      ok: true,
      interval: { startsAt: Date.UTC(2024, 2, 31, 0), endsAt: Date.UTC(2024, 2, 31, 23), shiftId: null },
    });
    const morningHours = resolveSlot(
      { kind: 'hours', date: '2024-03-31', start: '09:00', hours: 3 },
      london,
      [],
    );
    expect(morningHours).toMatchObject({
      ok: true,
      interval: { startsAt: Date.UTC(2024, 2, 31, 8), endsAt: Date.UTC(2024, 2, 31, 11) },
    });
  });
});
