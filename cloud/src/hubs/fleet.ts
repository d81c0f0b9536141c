/**
 * The fleet view of a hub (issue #5 "Fleet", ADR 0016, 0021): its pairing state and the last
 * heartbeat it reported — version, uptime, outbox backlog and parked mutations, shape lag, devices
 * online and offline, free disk — and whether it is online: not revoked and heard from within
 * `ONLINE_WINDOW_MS`. One mapping for the owner's list (`GET /v1/libraries/{id}/hubs`) and the
 * platform admin's (`GET /v1/admin/hubs`), so both say the same thing about the same hub.
 */
import { z } from '@hono/zod-openapi';
import { Id } from '@studyspot/core';

/**
 * A hub beats every 60 s: three missed beats (a restart, a short outage) and it shows offline.
 * Shorter would flap on one lost beat; much longer would hide a dead hub from its owner.
 */
export const ONLINE_WINDOW_MS = 3 * 60 * 1000;

/** The fields both lists show, in that order. */
export const fleetHubFields = {
  id: Id,
  libraryId: Id,
  name: z.string(),
  state: z.enum(['awaiting_pairing', 'paired', 'revoked']),
  online: z.boolean(),
  pairedAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastSeenAt: z.number().nullable(),
  softwareVersion: z.string().nullable(),
  uptimeS: z.number().nullable(),
  outboxBacklog: z.number().nullable(),
  parked: z.number().nullable(),
  shapeLagMs: z.number().nullable(),
  devicesOnline: z.number().nullable(),
  devicesOffline: z.number().nullable(),
  diskFreeBytes: z.number().nullable(),
  createdAt: z.number(),
};
export const FleetHub = z.object(fleetHubFields).openapi('FleetHub');
export type FleetHub = z.infer<typeof FleetHub>;

/** The `hubs` columns the mapping reads (alias `h`). */
export const FLEET_COLUMNS = `h.id, h.library_id, h.name, h.paired_at, h.revoked_at, h.last_seen_at,
  h.software_version, h.uptime_s, h.outbox_backlog, h.parked, h.shape_lag_ms, h.devices_online,
  h.devices_offline, h.disk_free_bytes, h.created_at`;

export interface FleetRow {
  id: string;
  library_id: string;
  name: string;
  paired_at: Date | null;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  software_version: string | null;
  uptime_s: string | number | null;
  outbox_backlog: number | null;
  parked: number | null;
  shape_lag_ms: string | number | null;
  devices_online: number | null;
  devices_offline: number | null;
  disk_free_bytes: string | number | null;
  created_at: Date;
}

const num = (v: string | number | null) => (v === null ? null : Number(v));
const ms = (v: Date | null) => (v === null ? null : v.getTime());

export function toFleetHub(row: FleetRow, now: number): FleetHub {
  const lastSeenAt = ms(row.last_seen_at);
  return {
    id: row.id,
    libraryId: row.library_id,
    name: row.name,
    state: row.revoked_at ? 'revoked' : row.paired_at ? 'paired' : 'awaiting_pairing',
    online: !row.revoked_at && lastSeenAt !== null && now - lastSeenAt <= ONLINE_WINDOW_MS,
    pairedAt: ms(row.paired_at),
    revokedAt: ms(row.revoked_at),
    lastSeenAt,
    softwareVersion: row.software_version,
    uptimeS: num(row.uptime_s),
    outboxBacklog: row.outbox_backlog,
    parked: row.parked,
    shapeLagMs: num(row.shape_lag_ms),
    devicesOnline: row.devices_online,
    devicesOffline: row.devices_offline,
    diskFreeBytes: num(row.disk_free_bytes),
    createdAt: row.created_at.getTime(),
  };
}
