/**
 * Minimal real rows for storage and API tests: a tenant with one library (its zone, seat, shift,
 * plan, member, membership, booking, booking request, hub, audit entry and idempotency key), all
 * written through a platform transaction so they obey the same constraints as production writes.
 */
import { defaultPolicy } from '@studyspot/core';
import type { Database, Tx } from '../../src/db/types.ts';

export interface SeededTenant {
  tenantId: string;
  libraryId: string;
  zoneId: string;
  seatId: string;
  memberId: string;
}

const hours = { open: '08:00', close: '22:00' };
export const openingHours = {
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: hours,
  sun: null,
};
/** `count` dates (YYYY-MM-DD, UTC) the seeded libraries are open — every day but Sunday — from two days ahead. */
export function openDaysAhead(count: number): string[] {
  const days: string[] = [];
  for (let k = 2; days.length < count; k++) {
    const day = new Date(Date.now() + k * 86_400_000);
    if (day.getUTCDay() !== 0) days.push(day.toISOString().slice(0, 10));
  }
  return days;
}

export const address = {
  line1: '12 MG Road',
  city: 'Pune',
  state: 'MH',
  postalCode: '411001',
  country: 'IN',
};

async function one<R>(tx: Tx, sql: string, params: unknown[]): Promise<R> {
  const [row] = await tx.query<R>(sql, params);
  if (!row) throw new Error(`no row from ${sql}`);
  return row;
}

export async function seedLibrary(
  tx: Tx,
  tenantId: string,
  name: string,
  published = false,
): Promise<string> {
  const row = await one<{ id: string }>(
    tx,
    `INSERT INTO libraries (tenant_id, name, timezone, address, lat, lng, amenities, opening_hours,
       slot_minutes, policy, published)
     VALUES ($1, $2, 'Asia/Kolkata', $3, 18.52, 73.85, $4, $5, 30, $6, $7) RETURNING id`,
    [tenantId, name, address, ['wifi', 'ac'], openingHours, defaultPolicy, published],
  );
  return row.id;
}

/** A tenant with one row in every tenant table. */
export async function seedTenant(db: Database, slug: string): Promise<SeededTenant> {
  return db.platform(async (tx) => {
    const { id: tenantId } = await one<{ id: string }>(
      tx,
      'INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id',
      [`Tenant ${slug}`, slug],
    );
    const libraryId = await seedLibrary(tx, tenantId, `${slug} reading room`);
    const ids = async (sql: string, params: unknown[]) => (await one<{ id: string }>(tx, sql, params)).id;
    const zoneId = await ids(
      `INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'Quiet') RETURNING id`,
      [tenantId, libraryId],
    );
    const seatId = await ids(
      `INSERT INTO seats (tenant_id, library_id, zone_id, number) VALUES ($1, $2, $3, 'A1') RETURNING id`,
      [tenantId, libraryId, zoneId],
    );
    const shiftId = await ids(
      `INSERT INTO shifts (tenant_id, library_id, name, start_time, end_time)
       VALUES ($1, $2, 'Morning', '08:00', '14:00') RETURNING id`,
      [tenantId, libraryId],
    );
    const planId = await ids(
      `INSERT INTO plans (tenant_id, library_id, name, kind, shift_id, price_paise, tax_rate_bp, duration_days)
       VALUES ($1, $2, 'Monthly morning', 'monthly', $3, 150000, 1800, 30) RETURNING id`,
      [tenantId, libraryId, shiftId],
    );
    const memberId = await ids(
      `INSERT INTO members (tenant_id, library_id, name, phone) VALUES ($1, $2, 'Asha', '+919876543210') RETURNING id`,
      [tenantId, libraryId],
    );
    await seedRest(tx, { tenantId, libraryId, zoneId, seatId, memberId }, planId);
    return { tenantId, libraryId, zoneId, seatId, memberId };
  });
}

async function seedRest(tx: Tx, t: SeededTenant, planId: string): Promise<void> {
  const base = [t.tenantId, t.libraryId];
  await tx.query(
    `INSERT INTO memberships (tenant_id, library_id, member_id, plan_id, starts_on, ends_on, status)
     VALUES ($1, $2, $3, $4, '2026-01-01', '2026-01-30', 'active')`,
    [...base, t.memberId, planId],
  );
  await tx.query(
    `INSERT INTO bookings (tenant_id, id, library_id, seat_id, member_id, starts_at, ends_at, state, source)
     VALUES ($1, gen_random_uuid(), $2, $3, $4, '2026-01-05T08:00Z', '2026-01-05T10:00Z', 'confirmed', 'kiosk')`,
    [...base, t.seatId, t.memberId],
  );
  await tx.query(
    `INSERT INTO booking_requests (tenant_id, id, library_id, member_id, slot, starts_at, ends_at)
     VALUES ($1, gen_random_uuid(), $2, $3, '{"kind":"day","date":"2026-01-06"}', '2026-01-06T02:30Z', '2026-01-06T16:30Z')`,
    [...base, t.memberId],
  );
  await tx.query(`INSERT INTO hubs (tenant_id, library_id, name) VALUES ($1, $2, 'front desk')`, base);
  await tx.query(`INSERT INTO audit_log (tenant_id, action, target_type) VALUES ($1, 'seed', 'tenant')`, [
    t.tenantId,
  ]);
  await tx.query(
    `INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash) VALUES ($1, 'test', 'k1', 'h')`,
    [t.tenantId],
  );
  const [user] = await tx.query<{ id: string }>(
    `INSERT INTO users (role, email, password_hash) VALUES ('staff', $1, 'x') RETURNING id`,
    [`staff@${t.tenantId}.test`],
  );
  await tx.query(`INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, 'staff')`, [
    t.tenantId,
    user?.id,
  ]);
  await tx.query(`INSERT INTO staff_libraries (tenant_id, user_id, library_id) VALUES ($1, $2, $3)`, [
    ...base.slice(0, 1),
    user?.id,
    t.libraryId,
  ]);
}

/** Tables with a tenant_id column, from the catalog. */
export async function tenantTables(tx: Tx): Promise<string[]> {
  const rows = await tx.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  return rows.map((r) => r.table);
}
