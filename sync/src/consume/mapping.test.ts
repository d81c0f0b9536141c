import { describe, expect, it } from 'vitest';
import { consumedShapes, geoOf, isConsumedShape, MalformedMessageError, toHubColumns } from './mapping.ts';

describe('cloud → hub mapping', () => {
  it('renames, encodes JSON, booleans, instants and int8', () => {
    const plan = toHubColumns('plans', {
      tenant_id: 't',
      id: 'p',
      library_id: 'l',
      active: true,
      price_paise: 150000n,
      shift_id: null,
    });
    expect(Object.fromEntries(plan)).toEqual({
      id: 'p',
      library_id: 'l',
      active: 1,
      price_paise: 150000,
      shift_id: null,
    });
    const shift = toHubColumns('shifts', { id: 's', start_time: '08:00', end_time: '14:00' });
    expect(Object.fromEntries(shift)).toEqual({ id: 's', start: '08:00', end: '14:00' });
    const member = toHubColumns('members', { id: 'm', created_at: '2026-01-01 10:00:00.5+00', rev: 7n });
    expect(Object.fromEntries(member)).toEqual({
      id: 'm',
      created_at: Date.parse('2026-01-01T10:00:00.500Z'),
      rev: 7,
    });
    const library = toHubColumns('libraries', { id: 'l', policy: { a: 1 }, amenities: ['wifi'] });
    expect(Object.fromEntries(library)).toEqual({ id: 'l', policy: '{"a":1}', amenities: '["wifi"]' });
    expect(geoOf({ lat: 1.5 })).toEqual({ lat: 1.5 });
  });

  it('refuses values of the wrong type and rows without an id', () => {
    expect(() => toHubColumns('seats', { id: 's', number: 3 })).toThrow(MalformedMessageError);
    expect(() => toHubColumns('members', { id: 'm', created_at: 'yesterday' })).toThrow(/created_at/);
    expect(() => toHubColumns('zones', { name: 'Z' })).toThrow(/id/);
    expect(() => geoOf({ lat: '1' })).toThrow(/lat/);
  });

  it('consumes the catalog, members, requests and commands — not payments (the money stays in the cloud)', () => {
    expect(consumedShapes).toEqual([
      'libraries',
      'zones',
      'shifts',
      'seats',
      'plans',
      'members',
      'memberships',
      'booking_requests',
      'hub_commands',
    ]);
    expect(isConsumedShape('payments')).toBe(false);
  });
});
