/**
 * The one-screen status of a hub (`studyspot-hub status`, `GET /status` on the admin socket):
 * version, uptime, the cloud link and when it last answered, what waits to sync, shape lag,
 * devices online/offline/jammed, disk, memory and SoC temperature. `liveStatus` is what the
 * running hub reports; `stoppedStatus` is the same shape built from the data directory alone, so
 * scripts read one format whether or not the hub runs (`running` says which).
 */
import type { HubConfig } from '../config.ts';
import { loadHubIdentity } from '../pairing/identity.ts';
import type { Db } from '../store/db.ts';
import { dbStatus, type ShapeProgress } from './db-status.ts';
import {
  countDevices,
  type DeviceCounts,
  type DeviceView,
  deviceViews,
  type LiveDevices,
} from './device-view.ts';
import type { HubPaths } from './paths.ts';
import { type SystemStatus, systemStatus } from './system.ts';
import { hubVersion } from './version.ts';

export interface CloudStatus {
  url: string | null;
  paired: boolean;
  hubId: string | null;
  /** The last time the cloud answered the pusher, the heartbeat or a shape stream. */
  lastContactAt: number | null;
  lastError: string | null;
}

export interface SyncView {
  backlog: number;
  parked: number;
  oldestPendingAt: number | null;
  parkedSample: { id: string; kind: string; code: string }[];
  pusher: { lastSuccessAt: number | null; lastError: string | null; consecutiveFailures: number } | null;
  shapes: (ShapeProgress & { lastError: string | null })[];
}

export interface HubStatus {
  running: boolean;
  version: string;
  at: number;
  process: { pid: number; startedAt: number; uptimeS: number } | null;
  dataDir: string;
  endpoints: { http: string | null; mqttPort: number | null; adminSocket: string | null };
  library: { id: string; name: string } | null;
  schema: { version: number; latest: number };
  cloud: CloudStatus;
  sync: SyncView;
  devices: DeviceCounts & { list: DeviceView[] };
  system: SystemStatus;
}

/** What the running hub adds to the database's view. */
export interface LiveSources {
  startedAt: number;
  httpUrl: string;
  mqttPort: number | null;
  devices: LiveDevices;
  pusher: {
    status: { lastSuccessAt: number | null; lastError: string | null; consecutiveFailures: number };
  } | null;
  consumer: { status: Record<string, { lastUpToDateAt: number | null; lastError: string | null }> } | null;
  heartbeat: { state: { lastSentAt: number | null; lastError: string | null } } | null;
  cloudUrl: string | null;
}

function cloudOf(config: HubConfig, dataDir: string): CloudStatus {
  const identity = loadHubIdentity(dataDir);
  return {
    url: config.cloud?.url ?? identity?.cloudUrl ?? null,
    paired: identity !== null,
    hubId: identity?.hubId ?? null,
    lastContactAt: null,
    lastError: null,
  };
}

async function baseStatus(
  db: Db,
  config: HubConfig,
  paths: HubPaths,
  now: number,
  live: LiveSources | null,
): Promise<HubStatus> {
  const fromDb = dbStatus(db, now);
  const list = deviceViews(config.drivers.devices, fromDb.devices, live?.devices ?? null);
  return {
    running: live !== null,
    version: hubVersion,
    at: now,
    process: live
      ? {
          pid: process.pid,
          startedAt: live.startedAt,
          uptimeS: Math.max(0, Math.floor((now - live.startedAt) / 1000)),
        }
      : null,
    dataDir: paths.dataDir,
    endpoints: { http: live?.httpUrl ?? null, mqttPort: live?.mqttPort ?? null, adminSocket: paths.socket },
    library: fromDb.library,
    schema: fromDb.schema,
    cloud: cloudOf(config, paths.dataDir),
    sync: {
      backlog: fromDb.outbox.backlog,
      parked: fromDb.outbox.parked,
      oldestPendingAt: fromDb.outbox.oldestPendingAt,
      parkedSample: fromDb.outbox.parkedSample,
      pusher: null,
      shapes: fromDb.shapes.map((s) => ({ ...s, lastError: null })),
    },
    devices: { ...countDevices(list), list },
    system: await systemStatus(paths.dataDir, live ? process.memoryUsage().rss : null),
  };
}

/** The status the running hub reports over its admin socket. */
export async function liveStatus(
  db: Db,
  config: HubConfig,
  paths: HubPaths,
  now: number,
  live: LiveSources,
): Promise<HubStatus> {
  const status = await baseStatus(db, config, paths, now, live);
  const pushed = live.pusher?.status ?? null;
  const shapes = live.consumer?.status ?? {};
  status.sync.pusher = pushed;
  status.sync.shapes = status.sync.shapes.map((s) => ({
    ...s,
    lastError: shapes[s.name]?.lastError ?? null,
  }));
  const contacts = [
    pushed?.lastSuccessAt,
    live.heartbeat?.state.lastSentAt,
    ...Object.values(shapes).map((s) => s.lastUpToDateAt),
  ].filter((t): t is number => typeof t === 'number');
  status.cloud.url = live.cloudUrl;
  status.cloud.lastContactAt = contacts.length ? Math.max(...contacts) : null;
  status.cloud.lastError =
    (pushed && pushed.consecutiveFailures > 0 ? pushed.lastError : null) ??
    live.heartbeat?.state.lastError ??
    Object.values(shapes).find((s) => s.lastError)?.lastError ??
    null;
  return status;
}

/** The status of a stopped hub, from its data directory alone. */
export function stoppedStatus(db: Db, config: HubConfig, paths: HubPaths, now: number): Promise<HubStatus> {
  return baseStatus(db, config, paths, now, null);
}
