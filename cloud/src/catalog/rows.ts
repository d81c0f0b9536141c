/**
 * Catalog rows as the API shows them: core's schemas (Library, Zone, Seat, Shift, Plan, Policy)
 * are the shapes; these are the column lists and the row → object mappings, in one place for the
 * owner routes, the public page and the admin lists.
 */
import { z } from '@hono/zod-openapi';
import type { OpeningHours, Plan, Seat, Shift, Zone } from '@studyspot/core';
import { Instant, Library, Policy, Seat as SeatSchema } from '@studyspot/core';

export const ManagedLibrary = Library.extend({
  tenantId: z.uuid(),
  policy: Policy,
  published: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
}).openapi('ManagedLibrary');
export type ManagedLibrary = z.infer<typeof ManagedLibrary>;

export const GridPosition = z.number().int().min(0).max(999).nullable();
export const PlacedSeat = SeatSchema.extend({ row: GridPosition, col: GridPosition }).openapi('Seat');
export type PlacedSeat = z.infer<typeof PlacedSeat>;

export interface LibraryRow {
  tenant_id: string;
  id: string;
  name: string;
  timezone: string;
  address: Library['address'];
  lat: number;
  lng: number;
  amenities: string[];
  opening_hours: OpeningHours;
  slot_minutes: Library['slotMinutes'];
  currency: 'INR';
  policy: Policy;
  published: boolean;
  created_at: Date;
  updated_at: Date;
}

export const LIBRARY_COLUMNS = `tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
  slot_minutes, currency, policy, published, created_at, updated_at`;

export const toLibrary = (row: LibraryRow): Library => ({
  id: row.id,
  name: row.name,
  timezone: row.timezone,
  address: row.address,
  geo: { lat: row.lat, lng: row.lng },
  amenities: row.amenities,
  openingHours: row.opening_hours,
  slotMinutes: row.slot_minutes,
  currency: row.currency,
});

export const toManagedLibrary = (row: LibraryRow): ManagedLibrary => ({
  ...toLibrary(row),
  tenantId: row.tenant_id,
  policy: row.policy,
  published: row.published,
  createdAt: row.created_at.getTime(),
  updatedAt: row.updated_at.getTime(),
});

export const ZONE_COLUMNS = 'id, library_id AS "libraryId", name, description';
export const SHIFT_COLUMNS = 'id, library_id AS "libraryId", name, start_time AS start, end_time AS "end"';
export const PLAN_COLUMNS = `id, library_id AS "libraryId", name, kind, shift_id AS "shiftId", zone_id AS "zoneId",
  price_paise AS "pricePaise", tax_rate_bp AS "taxRateBp", duration_days AS "durationDays", active`;
export const SEAT_COLUMNS = `id, library_id AS "libraryId", zone_id AS "zoneId", number, type, features, status,
  lock_id AS "lockId", sensor_id AS "sensorId", grid_row AS row, grid_col AS col`;

/** Rows selected with the *_COLUMNS lists above already have the API's field names. */
export type ZoneRow = Zone;
export type ShiftRow = Shift;
export type PlanRow = Plan;
export type SeatRow = Seat & { row: number | null; col: number | null };
