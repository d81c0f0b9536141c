import { describe, expect, it } from 'vitest';
import { shapeNames } from '../shapes/definitions.ts';
import {
  consumedShapes,
  geoOf,
  isConsumedShape,
  MalformedMessageError,
  tableMaps,
  toHubColumns,
} from './mapping.ts';

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

  it('consumes every shape the cloud serves, staff next to local accounts', () => {
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
      'staff',
      'signing_keys',
      'payments',
    ]);
    expect([...consumedShapes].sort()).toEqual([...shapeNames].sort());
    expect(isConsumedShape('nope')).toBe(false);
    expect(tableMaps.staff.owns).toBe('user_id IS NOT NULL');
  });

  it('maps staff to desk logins (email → username) and never carries a PIN or a private key', () => {
    const staff = toHubColumns('staff', {
      tenant_id: 't',
      id: 's',
      library_id: 'l',
      user_id: 'u',
      name: 'Ravi',
      email: 'ravi@example.test',
      role: 'staff',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
      active: false,
      updated_at: '2026-01-01 10:00:00+00',
    });
    expect(Object.fromEntries(staff)).toEqual({
      id: 's',
      library_id: 'l',
      user_id: 'u',
      name: 'Ravi',
      username: 'ravi@example.test',
      role: 'staff',
      password_hash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
      active: 0,
    });
    const key = toHubColumns('signing_keys', {
      id: 'k',
      kid: 'abc',
      public_jwk: { kty: 'RSA', n: 'n', e: 'AQAB' },
      status: 'active',
      created_at: '2026-01-01 10:00:00+00',
    });
    expect(key.get('public_jwk')).toBe('{"kty":"RSA","n":"n","e":"AQAB"}');
    expect(Object.keys(tableMaps.signing_keys.columns)).not.toContain('private_key');
    const payment = toHubColumns('payments', {
      id: 'p',
      amount_paise: 11800n,
      refunded_paise: 0n,
      captured_at: null,
      status: 'pending',
    });
    expect(Object.fromEntries(payment)).toEqual({
      id: 'p',
      amount_paise: 11800,
      refunded_paise: 0,
      captured_at: null,
      status: 'pending',
    });
  });
});
