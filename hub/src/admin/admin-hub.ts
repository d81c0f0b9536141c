/**
 * The running hub as the admin routes see it: the pieces runHub built (store, health, hardware,
 * broker, sync), gathered once, with the three views the routes need — live status sources, the
 * lock-test dependencies and the device feed. Built by `startAdmin` from main.ts's components.
 */
import type { ShapeConsumer } from '@studyspot/sync/consume';
import type { OutboxPusher } from '@studyspot/sync/push';
import type { Logger } from 'pino';
import type { Broker } from '../broker/broker.ts';
import type { HubConfig } from '../config.ts';
import type { Hardware } from '../hardware.ts';
import type { HealthChecks } from '../http/health.ts';
import type { HubCore } from '../hub.ts';
import type { CloudLink, HeartbeatSender } from '../pairing/index.ts';
import type { LockTestDeps } from './device-test.ts';
import type { LiveDevices } from './device-view.ts';
import type { WatchDeps } from './device-watch.ts';
import type { HubPaths } from './paths.ts';
import type { LiveSources } from './status.ts';

export interface AdminComponents {
  config: HubConfig;
  core: HubCore;
  health: HealthChecks;
  hardware: Hardware;
  broker: Broker | null;
  pusher: OutboxPusher | null;
  consumer: ShapeConsumer | null;
  heartbeat: HeartbeatSender | null;
  link: CloudLink | null;
  logger: Logger;
  /** The hub's lifetime: aborted when it stops. */
  signal: AbortSignal;
  httpUrl: string;
}

export interface AdminHub extends AdminComponents {
  paths: HubPaths;
  startedAt: number;
  live(): LiveSources;
  lockTestDeps(): LockTestDeps;
  watchDeps(): WatchDeps;
}

export function adminHub(c: AdminComponents, paths: HubPaths, startedAt: number): AdminHub {
  const devices: LiveDevices = {
    statuses: () => c.hardware.statuses(),
    lockState: (id) => c.hardware.get(id)?.state,
    sensorAvailable: (id) => c.hardware.sensors.find((s) => s.id === id)?.available,
    mqttOnline: (deviceId) => c.broker?.isOnline(deviceId) ?? false,
  };
  return {
    ...c,
    paths,
    startedAt,
    live: () => ({
      startedAt,
      httpUrl: c.httpUrl,
      mqttPort: c.broker?.ports.tcp ?? null,
      devices,
      pusher: c.pusher,
      consumer: c.consumer,
      heartbeat: c.heartbeat,
      cloudUrl: c.link?.url ?? null,
    }),
    lockTestDeps: () => ({
      db: c.core.db,
      drivers: c.config.drivers.devices,
      locks: c.hardware,
      broker: c.broker,
      now: () => c.core.clock.now(),
    }),
    watchDeps: () => ({
      broker: c.broker,
      bus: c.core.bus,
      sensors: c.hardware.sensors,
      drivers: c.config.drivers.devices,
    }),
  };
}
