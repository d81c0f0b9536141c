/**
 * The platform admin's cross-tenant reads (platform transactions only): tenants with counts,
 * every library, registered hubs with their last heartbeat and whether they are online, revenue
 * per tenant and month from captured payments, and audit entries.
 */
import type { Tx } from '../db/types.ts';
import { FLEET_COLUMNS, type FleetRow } from '../hubs/fleet.ts';

const ms = (column: string) => `(extract(epoch FROM ${column}) * 1000)::int8`;

export const ADMIN_TENANTS = `SELECT t.id, t.name, t.slug, t.status, ${ms('t.created_at')} AS "createdAt",
    (SELECT count(*)::int FROM libraries l WHERE l.tenant_id = t.id) AS libraries,
    (SELECT count(*)::int FROM libraries l WHERE l.tenant_id = t.id AND l.published) AS "publishedLibraries",
    (SELECT count(*)::int FROM hubs h WHERE h.tenant_id = t.id) AS hubs
  FROM tenants t WHERE ($1::uuid IS NULL OR t.id > $1) ORDER BY t.id LIMIT $2`;

/**
 * Registered hubs by id, with their last heartbeat (hubs/fleet.ts maps a row) and the names of the
 * tenant and library they belong to, so the fleet list says whose hub is silent.
 */
export const ADMIN_HUBS = `SELECT ${FLEET_COLUMNS}, h.tenant_id, h.last_rev, t.name AS tenant_name,
    l.name AS library_name
  FROM hubs h JOIN tenants t ON t.id = h.tenant_id
    JOIN libraries l ON l.tenant_id = h.tenant_id AND l.id = h.library_id
  WHERE ($1::uuid IS NULL OR h.tenant_id = $1) AND ($2::uuid IS NULL OR h.id > $2)
  ORDER BY h.id LIMIT $3`;

export interface AdminHubRow extends FleetRow {
  tenant_id: string;
  last_rev: string | number | null;
  tenant_name: string;
  library_name: string;
}

export interface RevenueRow {
  tenantId: string;
  tenantName: string;
  month: string;
  payments: number;
  capturedPaise: number;
  refundedPaise: number;
  netPaise: number;
}

/** Captured payments per tenant and calendar month (UTC) of capture, newest month first. */
export function revenue(tx: Tx, from: string | null, to: string | null): Promise<RevenueRow[]> {
  return tx.query<RevenueRow>(
    `SELECT p.tenant_id AS "tenantId", t.name AS "tenantName",
            to_char(date_trunc('month', p.captured_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
            count(*)::int AS payments, sum(p.amount_paise)::int8 AS "capturedPaise",
            sum(p.refunded_paise)::int8 AS "refundedPaise",
            (sum(p.amount_paise) - sum(p.refunded_paise))::int8 AS "netPaise"
       FROM payments p JOIN tenants t ON t.id = p.tenant_id
      WHERE p.captured_at IS NOT NULL AND p.status IN ('captured', 'refunded', 'partially_refunded')
        AND ($1::date IS NULL OR p.captured_at >= $1::date) AND ($2::date IS NULL OR p.captured_at < $2::date)
      GROUP BY p.tenant_id, t.name, 3 ORDER BY 3 DESC, t.name, p.tenant_id`,
    [from, to],
  );
}

export const AUDIT_COLUMNS = `a.id, a.tenant_id AS "tenantId", ${ms('a.at')} AS at, a.actor_user_id AS "actorUserId",
  a.actor_role AS "actorRole", a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.detail,
  a.request_id AS "requestId"`;

export interface AuditRow {
  id: string;
  tenantId: string;
  at: number;
}

/**
 * Audit entries newest first, keyset on (at, id). The cursor carries `at` as epoch microseconds,
 * exact for timestamptz, so entries written in the same millisecond are neither skipped nor repeated.
 */
export function auditPage(tx: Tx, tenantId: string | null, after: (string | number)[] | null, limit: number) {
  return tx.query<AuditRow & { at_us: number }>(
    `SELECT ${AUDIT_COLUMNS}, (extract(epoch FROM a.at) * 1000000)::int8 AS at_us FROM audit_log a
      WHERE ($1::uuid IS NULL OR a.tenant_id = $1)
        AND ($2::int8 IS NULL OR ((extract(epoch FROM a.at) * 1000000)::int8, a.id) < ($2::int8, $3::uuid))
      ORDER BY a.at DESC, a.id DESC LIMIT $4`,
    [tenantId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
  );
}
