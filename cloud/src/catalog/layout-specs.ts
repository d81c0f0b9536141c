/**
 * The child resources of a library as `ChildSpec`s: zones, shifts and plans, each validated with
 * its core schema. A plan's shift and zone must belong to the plan's library (the composite
 * foreign keys only guarantee the same tenant), a shift plan names its shift and a monthly plan
 * its duration.
 */
import { z } from '@hono/zod-openapi';
import { DomainError, Id, Plan, Shift, Zone } from '@studyspot/core';
import type { Tx } from '../db/types.ts';
import type { ChildSpec } from './child-resource.ts';
import { PLAN_COLUMNS, SHIFT_COLUMNS, ZONE_COLUMNS } from './rows.ts';

export const zoneSpec: ChildSpec = {
  table: 'zones',
  schema: Zone as never,
  output: z.object(Zone.shape).openapi('Zone'),
  input: Zone.omit({ id: true, libraryId: true }),
  select: ZONE_COLUMNS,
  columns: { name: 'name', description: 'description' },
};

export const shiftSpec: ChildSpec = {
  table: 'shifts',
  schema: Shift as never,
  output: z.object(Shift.shape).openapi('Shift'),
  input: z.object({ name: Shift.shape.name, start: Shift.shape.start, end: Shift.shape.end }),
  select: SHIFT_COLUMNS,
  columns: { name: 'name', start: 'start_time', end: 'end_time' },
};

const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', `${field}: ${message}`, { field });

async function inLibrary(tx: Tx, table: 'shifts' | 'zones', id: unknown, libraryId: string, field: string) {
  if (id === null || id === undefined) return;
  const rows = await tx.query(`SELECT 1 FROM ${table} WHERE id = $1 AND library_id = $2`, [id, libraryId]);
  if (rows.length === 0) throw invalid(field, `no such ${table.slice(0, -1)} in this library`);
}

export const planSpec: ChildSpec = {
  table: 'plans',
  schema: Plan as never,
  output: z.object(Plan.shape).openapi('Plan'),
  input: Plan.omit({ id: true, libraryId: true }).extend({
    shiftId: Id.nullable().default(null),
    zoneId: Id.nullable().default(null),
    durationDays: Plan.shape.durationDays.default(null),
    active: z.boolean().default(true),
  }),
  select: PLAN_COLUMNS,
  columns: {
    name: 'name',
    kind: 'kind',
    shiftId: 'shift_id',
    zoneId: 'zone_id',
    pricePaise: 'price_paise',
    taxRateBp: 'tax_rate_bp',
    durationDays: 'duration_days',
    active: 'active',
  },
  check: async (tx, item) => {
    const plan = item as unknown as Plan;
    if (plan.kind === 'shift' && !plan.shiftId) throw invalid('shiftId', 'a shift plan names its shift');
    if (plan.kind === 'monthly' && !plan.durationDays)
      throw invalid('durationDays', 'a monthly plan has a duration');
    await inLibrary(tx, 'shifts', plan.shiftId, plan.libraryId, 'shiftId');
    await inLibrary(tx, 'zones', plan.zoneId, plan.libraryId, 'zoneId');
  },
};
