/**
 * The shapes a hub replicates, defined by the cloud (ARCHITECTURE §4: "the cloud picks table,
 * columns and where from the hub's credential"). A hub of (tenant, library) asks for
 * `/v1/shapes/<name>`; the server ignores any `table`/`where`/`columns` the client sends and
 * applies the definition below. Column lists are typed and checked against the Postgres catalog
 * by `definitions.test.ts`, so a migration that changes a synced column fails a test.
 */

/** The Postgres types synced columns use (`pg_type.typname`, the `electric-schema` `type`). */
export type PgType =
  | 'uuid'
  | 'text'
  | 'jsonb'
  | 'float8'
  | 'int2'
  | 'int4'
  | 'int8'
  | 'bool'
  | 'date'
  | 'timestamptz';

/** `type`, `type[]` (one-dimensional array), either with `!` for NOT NULL. */
export type ColumnSpec = `${PgType}${'' | '[]'}${'' | '!'}`;

/** Who is asking: the hub's tenant and library (from its credential, never from the request). */
export interface HubScope {
  tenantId: string;
  libraryId: string;
}

export interface ShapeDefinition {
  readonly table: string;
  /** Sent columns in order; the primary key `(tenant_id, id)` comes first. */
  readonly columns: Readonly<Record<string, ColumnSpec>>;
  /** The server's filter: column = the scope's value (equality only, evaluated by Postgres). */
  readonly where: Readonly<Record<string, keyof HubScope>>;
}

export const PRIMARY_KEY = ['tenant_id', 'id'] as const;

const ofLibrary = { tenant_id: 'tenantId', library_id: 'libraryId' } as const;
const keyed = { tenant_id: 'uuid!', id: 'uuid!' } as const;

export const shapeDefinitions = {
  libraries: {
    table: 'libraries',
    columns: {
      ...keyed,
      name: 'text!',
      timezone: 'text!',
      address: 'jsonb!',
      lat: 'float8!',
      lng: 'float8!',
      amenities: 'text[]!',
      opening_hours: 'jsonb!',
      slot_minutes: 'int2!',
      currency: 'text!',
      policy: 'jsonb!',
      published: 'bool!',
      created_at: 'timestamptz!',
      updated_at: 'timestamptz!',
    },
    where: { tenant_id: 'tenantId', id: 'libraryId' },
  },
  zones: {
    table: 'zones',
    columns: { ...keyed, library_id: 'uuid!', name: 'text!', description: 'text!' },
    where: ofLibrary,
  },
  seats: {
    table: 'seats',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      zone_id: 'uuid!',
      number: 'text!',
      type: 'text!',
      features: 'text[]!',
      status: 'text!',
      lock_id: 'text',
      sensor_id: 'text',
      grid_row: 'int2',
      grid_col: 'int2',
    },
    where: ofLibrary,
  },
  shifts: {
    table: 'shifts',
    columns: { ...keyed, library_id: 'uuid!', name: 'text!', start_time: 'text!', end_time: 'text!' },
    where: ofLibrary,
  },
  plans: {
    table: 'plans',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      name: 'text!',
      kind: 'text!',
      shift_id: 'uuid',
      zone_id: 'uuid',
      price_paise: 'int8!',
      tax_rate_bp: 'int4!',
      duration_days: 'int4',
      active: 'bool!',
    },
    where: ofLibrary,
  },
  members: {
    table: 'members',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      user_id: 'uuid',
      name: 'text!',
      phone: 'text!',
      email: 'text',
      status: 'text!',
      created_at: 'timestamptz!',
      rev: 'int8!',
    },
    where: ofLibrary,
  },
  memberships: {
    table: 'memberships',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      member_id: 'uuid!',
      plan_id: 'uuid!',
      shift_id: 'uuid',
      zone_id: 'uuid',
      starts_on: 'date!',
      ends_on: 'date!',
      status: 'text!',
      created_at: 'timestamptz!',
      rev: 'int8!',
    },
    where: ofLibrary,
  },
  booking_requests: {
    table: 'booking_requests',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      member_id: 'uuid!',
      requested_by: 'uuid',
      seat_id: 'uuid',
      zone_id: 'uuid',
      slot: 'jsonb!',
      starts_at: 'timestamptz!',
      ends_at: 'timestamptz!',
      status: 'text!',
      reason: 'text',
      booking_id: 'uuid',
      payment_status: 'text!',
      created_at: 'timestamptz!',
      decided_at: 'timestamptz',
      rev: 'int8!',
    },
    where: ofLibrary,
  },
  /** Cloud-side actions on hub-owned bookings, for the hub to apply and answer (ADR 0022). */
  hub_commands: {
    table: 'hub_commands',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      kind: 'text!',
      booking_id: 'uuid!',
      payload: 'jsonb!',
      status: 'text!',
      code: 'text',
      created_at: 'timestamptz!',
      decided_at: 'timestamptz',
      rev: 'int8!',
    },
    where: ofLibrary,
  },
  /**
   * Who may sign in at this library's hub (ADR 0024): derived in the cloud by triggers from users,
   * tenant_users and staff_libraries; the argon2id hash lets the desk check a password offline.
   */
  staff: {
    table: 'hub_staff',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      user_id: 'uuid!',
      name: 'text!',
      email: 'text!',
      role: 'text!',
      password_hash: 'text!',
      active: 'bool!',
      updated_at: 'timestamptz!',
    },
    where: ofLibrary,
  },
  /**
   * The public half of the cloud's JWT keys, copied per library by triggers (never the private
   * key, which is in the platform-only `signing_keys`): hubs verify access tokens offline (ADR 0024).
   */
  signing_keys: {
    table: 'hub_signing_keys',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      kid: 'text!',
      public_jwk: 'jsonb!',
      status: 'text!',
      created_at: 'timestamptz!',
    },
    where: ofLibrary,
  },
  /** The money side the hub shows (paid or not); provider details stay in the cloud. */
  payments: {
    table: 'payments',
    columns: {
      ...keyed,
      library_id: 'uuid!',
      member_id: 'uuid!',
      purpose: 'text!',
      booking_request_id: 'uuid',
      booking_id: 'uuid',
      plan_id: 'uuid',
      amount_paise: 'int8!',
      refunded_paise: 'int8!',
      provider: 'text!',
      status: 'text!',
      captured_at: 'timestamptz',
      created_at: 'timestamptz!',
      updated_at: 'timestamptz!',
    },
    where: ofLibrary,
  },
} as const satisfies Record<string, ShapeDefinition>;

export type ShapeName = keyof typeof shapeDefinitions;
export const shapeNames = Object.keys(shapeDefinitions) as ShapeName[];

export function isShapeName(name: string): name is ShapeName {
  return Object.hasOwn(shapeDefinitions, name);
}

/** A column's parsed spec. */
export interface ColumnInfo {
  name: string;
  type: PgType;
  array: boolean;
  notNull: boolean;
}

export function columnsOf(def: ShapeDefinition): ColumnInfo[] {
  return Object.entries(def.columns).map(([name, spec]) => ({
    name,
    type: spec.replace(/\[\]|!/g, '') as PgType,
    array: spec.includes('[]'),
    notNull: spec.endsWith('!'),
  }));
}
