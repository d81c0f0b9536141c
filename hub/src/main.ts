/**
 * The hub process: opens the store, builds the core, and starts the components in order — scheduler
 * → broker → HTTP (API, socket.io, `/mqtt` WebSocket) — stopping them in reverse on SIGINT/SIGTERM.
 * A component that fails to start is reported by name. `npm start` goes through demo.ts, which
 * seeds a demo library first; production runs this file directly.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ShapeConsumer } from '@studyspot/sync/consume';
import { OutboxPusher, SqliteOutbox } from '@studyspot/sync/push';
import type { Logger } from 'pino';
import { shapeProgress } from './admin/db-status.ts';
import { closeHubLogger, hubLogger, startAdmin } from './admin/index.ts';
import { Authenticator } from './auth/authenticator.ts';
import { Broker } from './broker/broker.ts';
import { attachWebSocket } from './broker/websocket.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import type { HubConfig } from './config.ts';
import { ConfigError, loadConfig } from './config.ts';
import { EntryDesk } from './entry/entry-desk.ts';
import { Hardware } from './hardware.ts';
import { createHttpApp } from './http/app.ts';
import { createHealthChecks } from './http/health.ts';
import { startHttpServer } from './http/server.ts';
import type { HubCore } from './hub.ts';
import { buildHubCore } from './hub.ts';
import { OccupancyMonitor } from './occupancy/occupancy-monitor.ts';
import { type CloudLink, cloudLink, HeartbeatSender, hubStatus } from './pairing/index.ts';
import { closeDb, openDb } from './store/db.ts';
import { TelemetryReporter } from './telemetry/telemetry-reporter.ts';

export interface RunningHub {
  core: HubCore;
  broker: Broker | null;
  hardware: Hardware;
  entry: EntryDesk;
  url: string;
  mqttPort: number | null;
  /** Reports the hub's status to the cloud every minute; null when not paired (ADR 0016). */
  heartbeat: HeartbeatSender | null;
  /** Pushes the outbox to the cloud; null when no cloud is configured. */
  pusher: OutboxPusher | null;
  /** Replicates the cloud's shapes into the store; null when no cloud is configured. */
  consumer: ShapeConsumer | null;
  /**
   * Resolves when a hub that started without a library (just paired) receives one through sync:
   * the broker and the drivers are built from the library at start, so `main` restarts the hub.
   * Null when the hub started with its library.
   */
  libraryArrived: Promise<void> | null;
  stop(): Promise<void>;
}

export interface RunOptions {
  clock?: Clock;
  logger?: Logger;
}

export async function runHub(config: HubConfig, options: RunOptions = {}): Promise<RunningHub> {
  const logger = options.logger ?? hubLogger(config); // stdout + <dataDir>/logs/hub.log (ADR 0018)
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  // A paired hub signs every cloud request with its key (ADR 0016).
  const link = cloudLink(config, dataDir);
  const db = openDb(join(dataDir, 'hub.db'), { groupCommit: true });
  const core = buildHubCore(db, options.clock ?? systemClock, (what, error) =>
    logger.error({ err: error, component: what }, 'listener failed'),
  );
  core.catalog.reload();
  const stops: (() => Promise<void>)[] = [
    async () => {
      closeDb(db);
    },
  ];
  const lifetime = new AbortController();
  const stop = async () => {
    lifetime.abort();
    for (const s of stops.reverse()) await s().catch((err) => logger.error({ err }, 'stop failed'));
    stops.length = 0;
  };
  try {
    const health = createHealthChecks(db);
    await core.scheduler.start(lifetime.signal);
    stops.push(() => core.scheduler.stop());
    health.register('scheduler', () => ({ status: 'ok' }));
    const pusher = startPusher(link, core, lifetime.signal, logger);
    if (pusher) stops.push(() => pusher.stop());
    const consumer = startConsumer(link, core, lifetime.signal, logger);
    if (consumer) stops.push(() => consumer.stop());
    // remote requests wait for the first complete sync of the catalog (ADR 0022)
    if (consumer) core.remote.gate(() => consumer.caughtUp);
    core.remote.start(lifetime.signal);
    stops.push(() => core.remote.stop());

    // The drivers subscribe to the broker before it listens, so a device's retained state and
    // `online` reach its driver even when the device connects the moment the port opens (ADR 6).
    const broker = core.catalog.loaded ? makeBroker(config, core, logger) : null;
    const hardware = new Hardware({
      config: config.drivers,
      broker,
      bus: core.bus,
      logger: logger.child({ component: 'drivers' }),
    });
    await hardware.start(lifetime.signal);
    stops.push(() => hardware.stop());
    const heartbeat = startHeartbeat(link, { core, dataDir, pusher, hardware, logger }, lifetime.signal);
    if (heartbeat) stops.push(() => heartbeat.stop());
    if (broker) {
      await broker.start(lifetime.signal);
      stops.push(() => broker.stop());
      health.register('broker', () =>
        broker.ports.tcp ? { status: 'ok' } : { status: 'down', detail: 'not listening' },
      );
    } else {
      logger.warn('no library is set up on this hub yet: the MQTT broker waits for pairing');
    }
    // sensor telemetry leaves the hub rolled up per quarter hour, through the outbox
    const telemetry = new TelemetryReporter({ ...core, sensors: hardware.sensors });
    telemetry.start();
    stops.push(() => telemetry.stop());
    const occupancy = new OccupancyMonitor({
      ...core,
      sensors: hardware.sensors,
      config: config.occupancy,
      logger: logger.child({ component: 'occupancy' }),
    });
    await occupancy.start(lifetime.signal);
    stops.push(() => occupancy.stop());
    const entry = new EntryDesk({
      ...core,
      locks: hardware,
      doorLockId: config.entry.doorLockId,
      unlockMs: config.entry.unlockMs,
    });
    hardware.onScan((scan) => {
      entry.scan(scan.code, { kind: 'device', id: scan.readerId }, core.clock.now()).then(
        (result) => logger.info({ reader: scan.readerId, result }, 'scan'),
        (err: unknown) => logger.error({ err, reader: scan.readerId }, 'scan failed'),
      );
    });

    const app = createHttpApp({ core, logger, health, entry, devices: { hardware, occupancy } });
    const http = await startHttpServer({ app, core, port: config.http.port, host: config.http.host });
    stops.push(() => http.close());
    if (broker) {
      const detach = attachWebSocket(http.server, broker);
      stops.push(async () => detach());
    }
    // The technician's admin socket and the metric hooks on running parts, last (ADR 0018).
    const components = { config, core, health, hardware, broker, pusher, consumer, heartbeat, link, logger };
    const admin = await startAdmin({ ...components, signal: lifetime.signal, httpUrl: http.url });
    stops.push(() => admin.close());
    stops.unshift(async () => closeHubLogger(logger)); // first in, so it runs after every other stop
    const libraryArrived = broker ? null : watchForLibrary(core, lifetime.signal);
    logger.info({ url: http.url, mqttPort: broker?.ports.tcp ?? null }, 'hub started');
    return {
      core,
      broker,
      hardware,
      entry,
      url: http.url,
      mqttPort: broker?.ports.tcp ?? null,
      heartbeat,
      pusher,
      consumer,
      libraryArrived,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The outbox pusher, when the hub is paired or a cloud is configured (ADR 0014, 0016). */
function startPusher(
  link: CloudLink | null,
  core: HubCore,
  signal: AbortSignal,
  logger: Logger,
): OutboxPusher | null {
  if (!link) return null;
  const pusher = new OutboxPusher({
    store: new SqliteOutbox(core.db),
    url: link.url,
    token: link.token,
    ...(link.fetch ? { fetch: link.fetch } : {}),
  });
  pusher.start(signal);
  logger.info({ cloud: link.url, paired: link.identity !== null }, 'outbox pusher started');
  return pusher;
}

/** The fleet heartbeat, when the hub is paired (ADR 0016). */
function startHeartbeat(
  link: CloudLink | null,
  hub: { core: HubCore; dataDir: string; pusher: OutboxPusher | null; hardware: Hardware; logger: Logger },
  signal: AbortSignal,
): HeartbeatSender | null {
  if (!link?.identity || !link.fetch) return null;
  const heartbeat = new HeartbeatSender({
    cloudUrl: link.url,
    fetch: link.fetch,
    clock: hub.core.clock,
    status: hubStatus({
      version: process.env.npm_package_version ?? '0.1.0',
      clock: hub.core.clock,
      startedAt: hub.core.clock.now(),
      dataDir: hub.dataDir,
      pusher: hub.pusher,
      shapeLags: () => shapeProgress(hub.core.db, hub.core.clock.now()).map((s) => s.lagMs),
      hardware: hub.hardware,
    }),
    logger: hub.logger.child({ component: 'heartbeat' }),
  });
  heartbeat.start(signal);
  return heartbeat;
}

/** The shape consumer, the read path from the cloud (ADR 0015). */
function startConsumer(
  link: CloudLink | null,
  core: HubCore,
  signal: AbortSignal,
  logger: Logger,
): ShapeConsumer | null {
  if (!link) return null;
  const token = link.token;
  const consumer = new ShapeConsumer({
    db: core.db,
    url: link.url,
    headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
    // a paired hub signs every shape request (ADR 0016)
    ...(link.fetch ? { fetch: link.fetch } : {}),
    onCatalogChange: () => core.catalog.reload(),
    // requests and commands are decided as soon as they land (ADR 0022)
    onApplied: (shape) => {
      if (shape === 'booking_requests' || shape === 'hub_commands' || shape === 'members') core.remote.poke();
    },
    logger: logger.child({ component: 'shape-consumer' }),
  });
  consumer.start(signal);
  logger.info({ cloud: link.url }, 'shape consumer started');
  return consumer;
}

/** Resolves once the catalog has a library (checked each second until the hub stops). */
function watchForLibrary(core: HubCore, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!core.catalog.loaded) return;
      clearInterval(timer);
      resolve();
    }, 1_000);
    timer.unref();
    signal.addEventListener('abort', () => clearInterval(timer), { once: true });
  });
}

function makeBroker(config: HubConfig, core: HubCore, logger: Logger): Broker {
  const auth = new Authenticator(core.db, core.clock);
  return new Broker({
    db: core.db,
    libraryId: core.catalog.data.library.id,
    config: config.mqtt,
    verifyStaffToken: (token) => auth.resolve(token)?.role === 'staff',
    logger: logger.child({ component: 'broker' }),
    now: () => core.clock.now(),
  });
}

/** Runs until SIGINT/SIGTERM; exits non-zero with the reason when start fails. */
export async function main(start: (config: HubConfig) => Promise<RunningHub> = runHub): Promise<void> {
  let config: HubConfig;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const launch = () =>
    start(config).catch((error: unknown) => {
      console.error(`hub failed to start: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
  let hub = await launch();
  let stopping = false;
  // A freshly paired hub gets its library through sync; the broker and drivers need a restart.
  const restartOnLibrary = (running: RunningHub) =>
    running.libraryArrived?.then(async () => {
      if (stopping) return;
      console.error('the library arrived from the cloud: restarting to start the broker and the drivers');
      await running.stop();
      hub = await launch();
      console.error('the hub restarted with its library');
      void restartOnLibrary(hub);
    });
  void restartOnLibrary(hub);
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: stopping the hub…`);
    hub.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
