/**
 * The cloud rows a hub fact becomes, and the one statement that writes any number of them to a
 * table (ADR 0025): `INSERT … SELECT … FROM json_to_recordset($2) … ORDER BY n`, so a batch of
 * forty bookings is one statement planned once — not forty — and a single mutation takes the same
 * statement with one row. Rows go in in the order given: unique and exclusion constraints are
 * checked row by row as they would be one statement at a time. Upserts keep the `rev` guard (a row
 * is replaced only by an equal or newer revision, never by an older echo); payments, pass secrets
 * and audit lines are immutable from the hub's side (insert once). Instants travel as epoch
 * milliseconds and become timestamptz here.
 */
import type { Tx } from '../db/types.ts';

/** How a value travels in the JSON rows: `ms` is epoch milliseconds, stored as timestamptz. */
type ColumnType = 'uuid' | 'text' | 'int8' | 'int4' | 'date' | 'ms' | 'jsonb';

export interface Table {
  name: string;
  /** Every column but `tenant_id` (the transaction's tenant), with how its value travels. */
  columns: Readonly<Record<string, ColumnType>>;
  /**
   * `rev`: upsert on (tenant_id, id) unless the stored rev is newer; `once`: insert, or nothing when
   * the primary key exists (`any`: when any unique key does — the pass secrets' one-row table).
   */
  conflict: 'rev' | 'once' | 'any';
}

/** One row: a value for every column of its table (null where absent). */
export type Row = Record<string, unknown>;

const sqlOf = new Map<Table, string>();

function insertSql(t: Table): string {
  const names = Object.keys(t.columns);
  const defs = [...names.map((n) => `${n} ${t.columns[n] === 'ms' ? 'float8' : t.columns[n]}`), 'n int4'];
  const values = names.map((n) => (t.columns[n] === 'ms' ? `to_timestamp(r.${n} / 1000)` : `r.${n}`));
  const updates = names.filter((n) => n !== 'id').map((n) => `${n} = EXCLUDED.${n}`);
  const onConflict =
    t.conflict === 'rev'
      ? `ON CONFLICT (tenant_id, id) DO UPDATE SET ${updates.join(', ')} WHERE ${t.name}.rev <= EXCLUDED.rev`
      : t.conflict === 'once'
        ? 'ON CONFLICT (tenant_id, id) DO NOTHING'
        : 'ON CONFLICT DO NOTHING';
  return `INSERT INTO ${t.name} (tenant_id, ${names.join(', ')})
    SELECT $1::uuid, ${values.join(', ')} FROM json_to_recordset($2::json) AS r(${defs.join(', ')})
     ORDER BY r.n ${onConflict}`;
}

/** Writes `rows` to `table` in one statement, in order (prepared: the text is constant per table). */
export async function writeRows(tx: Tx, tenantId: string, table: Table, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  let sql = sqlOf.get(table);
  if (!sql) {
    sql = insertSql(table);
    sqlOf.set(table, sql);
  }
  const json = JSON.stringify(rows.map((row, n) => ({ ...row, n })));
  await tx.query(sql, [tenantId, json], { prepare: true });
}

export const bookings: Table = {
  name: 'bookings',
  conflict: 'rev',
  columns: {
    id: 'uuid',
    library_id: 'uuid',
    seat_id: 'uuid',
    member_id: 'uuid',
    starts_at: 'ms',
    ends_at: 'ms',
    shift_id: 'uuid',
    state: 'text',
    source: 'text',
    membership_id: 'uuid',
    amount_paise: 'int8',
    tax_paise: 'int8',
    hold_expires_at: 'ms',
    checked_in_at: 'ms',
    checked_out_at: 'ms',
    created_at: 'ms',
    updated_at: 'ms',
    rev: 'int8',
  },
};

export const bookingPasses: Table = {
  name: 'booking_passes',
  conflict: 'any',
  columns: { booking_id: 'uuid', secret: 'text' },
};

export const members: Table = {
  name: 'members',
  conflict: 'rev',
  columns: {
    id: 'uuid',
    library_id: 'uuid',
    name: 'text',
    phone: 'text',
    email: 'text',
    status: 'text',
    created_at: 'ms',
    rev: 'int8',
  },
};

export const memberships: Table = {
  name: 'memberships',
  conflict: 'rev',
  columns: {
    id: 'uuid',
    library_id: 'uuid',
    member_id: 'uuid',
    plan_id: 'uuid',
    shift_id: 'uuid',
    zone_id: 'uuid',
    starts_on: 'date',
    ends_on: 'date',
    status: 'text',
    created_at: 'ms',
    rev: 'int8',
  },
};

export const waitlistEntries: Table = {
  name: 'waitlist_entries',
  conflict: 'rev',
  columns: {
    id: 'uuid',
    library_id: 'uuid',
    member_id: 'uuid',
    zone_id: 'uuid',
    starts_at: 'ms',
    ends_at: 'ms',
    shift_id: 'uuid',
    state: 'text',
    offered_seat_id: 'uuid',
    offer_expires_at: 'ms',
    booking_id: 'uuid',
    created_at: 'ms',
    rev: 'int8',
  },
};

/** Cash taken at the desk: captured once, then the cloud's (refunds and invoices are cloud facts). */
export const payments: Table = {
  name: 'payments',
  conflict: 'once',
  columns: {
    id: 'uuid',
    library_id: 'uuid',
    member_id: 'uuid',
    purpose: 'text',
    booking_id: 'uuid',
    plan_id: 'uuid',
    description: 'text',
    subtotal_paise: 'int8',
    tax_paise: 'int8',
    tax_rate_bp: 'int4',
    amount_paise: 'int8',
    provider: 'text',
    status: 'text',
    idempotency_key: 'text',
    captured_at: 'ms',
    created_at: 'ms',
    updated_at: 'ms',
  },
};

/** A line of the hub's audit, kept in the tenant's audit log. */
export const auditLog: Table = {
  name: 'audit_log',
  conflict: 'once',
  columns: { id: 'uuid', at: 'ms', action: 'text', target_type: 'text', target_id: 'text', detail: 'jsonb' },
};
