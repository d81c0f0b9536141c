import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Address, DayHours, Geo, Library, OpeningHours, Seat, Shift, Zone } from './library.ts';

/** The dotted paths of the issues a rejected value raised. */
const rejectedAt = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => i.path.join('.')) ?? [];
};

const ID = '01900000-0000-7000-8000-000000000001';
const weekday = { open: '08:00', close: '22:00' };
const openingHours = {
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat: weekday,
  sun: null,
};
const library = {
  id: ID,
  name: 'Gyan Study Point',
  timezone: 'Asia/Kolkata',
  address: { line1: '12 MG Road', city: 'Pune', state: 'MH', postalCode: '411001', country: 'IN' },
  geo: { lat: 18.52, lng: 73.86 },
  amenities: ['wifi', 'ac'],
  openingHours,
  slotMinutes: 30,
  currency: 'INR',
};
const shift = { id: ID, libraryId: ID, name: 'Morning', start: '08:00', end: '14:00' };
const seat = {
  id: ID,
  libraryId: ID,
  zoneId: ID,
  number: 'A-12',
  type: 'window',
  features: ['plug'],
  status: 'active',
  lockId: null,
  sensorId: 'pir-12',
};

describe('DayHours', () => {
  it('accepts open before close, up to 24:00', () => {
    expect(DayHours.parse(weekday)).toEqual(weekday);
    expect(DayHours.parse({ open: '00:00', close: '24:00' })).toEqual({ open: '00:00', close: '24:00' });
  });

  it.each([
    { open: '22:00', close: '08:00' },
    { open: '09:00', close: '09:00' },
  ])('rejects open $open ≥ close $close at close', (hours) => {
    const r = DayHours.safeParse(hours);
    expect(r.error?.issues).toMatchObject([{ path: ['close'], message: 'open must be before close' }]);
  });

  it('rejects a bad time at its field', () => {
    expect(rejectedAt(DayHours, { open: '24:01', close: '24:00' })).toContain('open');
  });
});

describe('OpeningHours', () => {
  it('takes every weekday, null for closed', () => {
    expect(OpeningHours.parse(openingHours)).toEqual(openingHours);
  });

  it('names the weekday whose hours are wrong', () => {
    expect(rejectedAt(OpeningHours, { ...openingHours, wed: { open: '18:00', close: '09:00' } })).toEqual([
      'wed.close',
    ]);
  });

  it('requires every weekday to be given, if only as null', () => {
    const { sun: _sun, ...noSunday } = openingHours;
    expect(rejectedAt(OpeningHours, noSunday)).toEqual(['sun']);
  });
});

describe('Library', () => {
  it('accepts a complete library', () => {
    expect(Library.parse(library)).toEqual(library);
  });

  it.each([
    ['slotMinutes', { slotMinutes: 20 }],
    ['currency', { currency: 'USD' }],
    ['name', { name: '' }],
    ['address.country', { address: { ...library.address, country: 'IND' } }],
    ['geo.lat', { geo: { lat: 91, lng: 0 } }],
    ['amenities.0', { amenities: [''] }],
    ['openingHours.mon.close', { openingHours: { ...openingHours, mon: { open: '08:00', close: '07:00' } } }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Library, { ...library, ...change })).toEqual([path]);
  });
});

describe('Library.timezone', () => {
  it('accepts IANA zones, with or without DST', () => {
    for (const timezone of ['Asia/Kolkata', 'Europe/London', 'America/New_York', 'UTC']) {
      expect(Library.parse({ ...library, timezone }).timezone).toBe(timezone);
    }
  });

  it('rejects a zone Intl does not know, at timezone', () => {
    const r = Library.safeParse({ ...library, timezone: 'India/Pune' });
    expect(r.error?.issues).toMatchObject([
      { path: ['timezone'], message: 'expected an IANA timezone like Asia/Kolkata' },
    ]);
    expect(rejectedAt(Library, { ...library, timezone: '' })).toContain('timezone');
  });
});

describe('Address and Geo', () => {
  it('accept the optional second line and the globe’s corners', () => {
    expect(Address.parse({ ...library.address, line2: 'Near the station' }).line2).toBe('Near the station');
    expect(Geo.parse({ lat: -90, lng: 180 })).toEqual({ lat: -90, lng: 180 });
  });

  it('reject out-of-range coordinates at their field', () => {
    expect(rejectedAt(Geo, { lat: 0, lng: -181 })).toEqual(['lng']);
  });
});

describe('Zone', () => {
  it('defaults the description to empty', () => {
    expect(Zone.parse({ id: ID, libraryId: ID, name: 'Silent' })).toEqual({
      id: ID,
      libraryId: ID,
      name: 'Silent',
      description: '',
    });
  });
});

describe('Seat', () => {
  it('accepts a seat', () => {
    expect(Seat.parse(seat)).toEqual(seat);
  });

  it.each([
    ['status', { status: 'broken' }],
    ['type', { type: 'sofa' }],
    ['number', { number: '' }],
    ['zoneId', { zoneId: 'zone-1' }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Seat, { ...seat, ...change })).toEqual([path]);
  });
});

describe('Shift', () => {
  it('accepts start before end, up to 24:00', () => {
    expect(Shift.parse(shift)).toEqual(shift);
    expect(Shift.parse({ ...shift, start: '18:00', end: '24:00' }).end).toBe('24:00');
  });

  it.each([
    ['14:00', '08:00'],
    ['08:00', '08:00'],
  ])('rejects start %s ≥ end %s at end', (start, end) => {
    const r = Shift.safeParse({ ...shift, start, end });
    expect(r.error?.issues).toMatchObject([{ path: ['end'], message: 'start must be before end' }]);
  });

  it('rejects a time that is not HH:MM at its field', () => {
    expect(rejectedAt(Shift, { ...shift, end: '24:01' })).toEqual(['end']);
    expect(rejectedAt(Shift, { ...shift, start: '8:00' })).toContain('start');
  });
});
