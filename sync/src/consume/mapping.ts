/**
 * Cloud row → hub row, per shape (ADR 0015). The cloud's columns (shapes/definitions.ts, parsed by
 * `@electric-sql/client`: int8 → bigint, jsonb → value, bool → boolean, timestamptz → text) become
 * the hub's snake_case SQLite columns (hub migration 001): JSON as TEXT, booleans as 0/1, instants
 * as epoch ms. A value of the wrong type throws `MalformedMessageError`, so the batch is not applied.
 * Cloud-derived rows land in hub tables of their own (`cloud_payments`, `cloud_signing_keys`) or,
 * for staff, next to the hub's local accounts, which the shape never touches (ADR 0024).
 */
import type { ShapeName } from '../shapes/definitions.ts';

export type SqlValue = string | number | bigint | null;

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

type Convert = (value: unknown, column: string) => SqlValue;

const fail = (column: string, value: unknown, want: string): never => {
  throw new MalformedMessageError(`${column}: expected ${want}, got ${typeof value}`);
};
const nullable =
  (convert: Convert): Convert =>
  (value, column) =>
    value === null ? null : convert(value, column);

const text: Convert = (v, c) => (typeof v === 'string' ? v : fail(c, v, 'text'));
const json: Convert = (v, c) => (v !== undefined && v !== null ? JSON.stringify(v) : fail(c, v, 'json'));
const integer: Convert = (v, c) => {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  return typeof v === 'number' && Number.isInteger(v) ? v : fail(c, v, 'integer');
};
const bool: Convert = (v, c) => (typeof v === 'boolean' ? (v ? 1 : 0) : fail(c, v, 'boolean'));
/** Postgres `timestamptz::text` in UTC (`2026-01-01 10:00:00.123+00`) → epoch ms. */
const instant: Convert = (v, c) => {
  if (typeof v !== 'string') return fail(c, v, 'timestamptz');
  const ms = Date.parse(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(ms) ? fail(c, v, 'timestamptz') : ms;
};

export interface TableMap {
  /** The hub table the shape lands in. */
  table: string;
  /** Part of the hub's in-memory catalog (catalog.reload() after a change). */
  catalog: boolean;
  /** Hub-owned rows carrying `rev`: an older echo never overwrites a newer local row. */
  rev: boolean;
  /** cloud column → [hub column, conversion]; cloud columns not listed are not kept on the hub. */
  columns: Record<string, readonly [string, Convert]>;
  /**
   * SQL condition on the hub table for the rows this shape owns, when the table also holds rows
   * made on the hub (local staff accounts): a must-refetch prunes only those.
   */
  owns?: string;
}

const id = { id: ['id', text] } as const;
const ofLibrary = { ...id, library_id: ['library_id', text] } as const;

/** The shapes the hub consumes, in dependency order (a zone before its seats). */
export const tableMaps = {
  libraries: {
    table: 'libraries',
    catalog: true,
    rev: false,
    columns: {
      ...id,
      name: ['name', text],
      timezone: ['timezone', text],
      address: ['address', json],
      // lat/lng → geo (JSON core Geo), see geoOf
      amenities: ['amenities', json],
      opening_hours: ['opening_hours', json],
      slot_minutes: ['slot_minutes', integer],
      currency: ['currency', text],
      policy: ['policy', json],
    },
  },
  zones: {
    table: 'zones',
    catalog: true,
    rev: false,
    columns: { ...ofLibrary, name: ['name', text], description: ['description', text] },
  },
  shifts: {
    table: 'shifts',
    catalog: true,
    rev: false,
    columns: { ...ofLibrary, name: ['name', text], start_time: ['start', text], end_time: ['end', text] },
  },
  seats: {
    table: 'seats',
    catalog: true,
    rev: false,
    columns: {
      ...ofLibrary,
      zone_id: ['zone_id', text],
      number: ['number', text],
      type: ['type', text],
      features: ['features', json],
      status: ['status', text],
      lock_id: ['lock_id', nullable(text)],
      sensor_id: ['sensor_id', nullable(text)],
    },
  },
  plans: {
    table: 'plans',
    catalog: true,
    rev: false,
    columns: {
      ...ofLibrary,
      name: ['name', text],
      kind: ['kind', text],
      shift_id: ['shift_id', nullable(text)],
      zone_id: ['zone_id', nullable(text)],
      price_paise: ['price_paise', integer],
      tax_rate_bp: ['tax_rate_bp', integer],
      duration_days: ['duration_days', nullable(integer)],
      active: ['active', bool],
    },
  },
  members: {
    table: 'members',
    catalog: false,
    rev: true,
    columns: {
      ...ofLibrary,
      // the student's cloud account: a cloud access token's `sub` finds its member (ADR 0024)
      user_id: ['user_id', nullable(text)],
      name: ['name', text],
      phone: ['phone', text],
      email: ['email', nullable(text)],
      status: ['status', text],
      created_at: ['created_at', instant],
      rev: ['rev', integer],
    },
  },
  memberships: {
    table: 'memberships',
    catalog: false,
    rev: true,
    columns: {
      ...ofLibrary,
      member_id: ['member_id', text],
      plan_id: ['plan_id', text],
      shift_id: ['shift_id', nullable(text)],
      zone_id: ['zone_id', nullable(text)],
      starts_on: ['starts_on', text],
      ends_on: ['ends_on', text],
      status: ['status', text],
      created_at: ['created_at', instant],
      rev: ['rev', integer],
    },
  },
  booking_requests: {
    table: 'remote_requests',
    catalog: false,
    rev: true,
    columns: {
      ...ofLibrary,
      member_id: ['member_id', text],
      seat_id: ['seat_id', nullable(text)],
      zone_id: ['zone_id', nullable(text)],
      slot: ['slot', json],
      starts_at: ['starts_at', instant],
      ends_at: ['ends_at', instant],
      status: ['status', text],
      reason: ['reason', nullable(text)],
      booking_id: ['booking_id', nullable(text)],
      payment_status: ['payment_status', text],
      created_at: ['created_at', instant],
      decided_at: ['decided_at', nullable(instant)],
      rev: ['rev', integer],
    },
  },
  hub_commands: {
    table: 'hub_commands',
    catalog: false,
    rev: true,
    columns: {
      ...ofLibrary,
      kind: ['kind', text],
      booking_id: ['booking_id', text],
      payload: ['payload', json],
      status: ['status', text],
      code: ['code', nullable(text)],
      created_at: ['created_at', instant],
      decided_at: ['decided_at', nullable(instant)],
      rev: ['rev', integer],
    },
  },
  /** Synced desk logins (ADR 0024); `pin_hash` is hub-local and never mapped, so it survives re-syncs. */
  staff: {
    table: 'staff',
    catalog: false,
    rev: false,
    owns: 'user_id IS NOT NULL',
    columns: {
      ...ofLibrary,
      user_id: ['user_id', text],
      name: ['name', text],
      email: ['username', text],
      role: ['role', text],
      password_hash: ['password_hash', text],
      active: ['active', bool],
    },
  },
  signing_keys: {
    table: 'cloud_signing_keys',
    catalog: false,
    rev: false,
    columns: {
      ...ofLibrary,
      kid: ['kid', text],
      public_jwk: ['public_jwk', json],
      status: ['status', text],
      created_at: ['created_at', instant],
    },
  },
  /** Online payments, to show a booking as paid; the hub's own `payments` stays its cash ledger. */
  payments: {
    table: 'cloud_payments',
    catalog: false,
    rev: false,
    columns: {
      ...ofLibrary,
      member_id: ['member_id', text],
      purpose: ['purpose', text],
      booking_request_id: ['booking_request_id', nullable(text)],
      booking_id: ['booking_id', nullable(text)],
      amount_paise: ['amount_paise', integer],
      refunded_paise: ['refunded_paise', integer],
      provider: ['provider', text],
      status: ['status', text],
      captured_at: ['captured_at', nullable(instant)],
      updated_at: ['updated_at', instant],
    },
  },
} as const satisfies Partial<Record<ShapeName, TableMap>>;

export type ConsumedShape = keyof typeof tableMaps;
export const consumedShapes = Object.keys(tableMaps) as ConsumedShape[];

export function isConsumedShape(name: string): name is ConsumedShape {
  return Object.hasOwn(tableMaps, name);
}

/** The hub columns and values a (possibly partial) cloud row sets. */
export function toHubColumns(shape: ConsumedShape, value: Record<string, unknown>): Map<string, SqlValue> {
  const map: TableMap = tableMaps[shape];
  const out = new Map<string, SqlValue>();
  for (const [cloud, [hub, convert]] of Object.entries(map.columns)) {
    if (!Object.hasOwn(value, cloud)) continue;
    out.set(hub, convert(value[cloud], cloud));
  }
  if (typeof out.get('id') !== 'string') throw new MalformedMessageError('a change without an id');
  return out;
}

/** libraries.lat/lng, when present, as numbers (`geo` is written from them). */
export function geoOf(value: Record<string, unknown>): { lat?: number; lng?: number } {
  const geo: { lat?: number; lng?: number } = {};
  for (const key of ['lat', 'lng'] as const) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(key, v, 'float8');
    geo[key] = v as number;
  }
  return geo;
}
