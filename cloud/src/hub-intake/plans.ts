/**
 * Fresh plans for the intake's foreign-key checks (ADR 0025). Postgres keeps the plan of every
 * foreign-key check per connection and replaces it only when the referenced table is analyzed.
 * A plan made while `bookings` was still empty — a new cloud's first catch-up; PGlite, which never
 * analyzes — finds a booking through a `(tenant_id, …)` index and a filter instead of the primary
 * key, so each payment or pass secret the hub sends scans every booking of the tenant: 0.3 ms per
 * row at 5,000 bookings, growing, for as long as the connection lives. Our own prepared
 * statements can go the same way.
 *
 * So an intake transaction discards the connection's cached plans whenever the tables the hub
 * writes have more than doubled since that connection last did: a handful of times per connection
 * while a table grows from nothing, never once it is established. `DISCARD PLANS` keeps prepared
 * statements (they are planned again at their next use). Forcing custom plans for the whole
 * transaction fixes the same thing but plans every foreign-key check of every row: measured
 * ~40 µs more per mutation on Postgres and ~80 µs on PGlite.
 */
import type { Tx } from '../db/types.ts';

const SETTING = 'studyspot.intake_planned_bytes';

/** Select-list columns for the intake's first statement: no round trip of its own. */
export const PLAN_COLUMNS = `pg_relation_size('bookings') + pg_relation_size('members')
    + pg_relation_size('memberships') + pg_relation_size('payments') AS hub_bytes,
  current_setting('${SETTING}', true) AS planned_bytes`;

export interface PlanState {
  hub_bytes: string | number;
  /** What this connection recorded at its last discard (null or '' if it never did). */
  planned_bytes: string | null;
}

/** True when the connection's plans were made for tables less than half their size now. */
export function plansStale(state: PlanState): boolean {
  if (state.planned_bytes === null || state.planned_bytes === '') return true;
  return Number(state.hub_bytes) > 2 * Number(state.planned_bytes);
}

/** Discards the connection's cached plans if they are stale, and remembers the sizes they see. */
export async function refreshPlans(tx: Tx, state: PlanState): Promise<void> {
  if (!plansStale(state)) return;
  await tx.query('DISCARD PLANS');
  await tx.query(`SELECT set_config('${SETTING}', $1, false)`, [String(state.hub_bytes)]);
}
