/**
 * `npm start`: the whole demo on the embedded defaults. Seeds the demo library into the data
 * directory on first run (default ./.data), provisions its simulated devices, starts the hub with
 * drivers bound to them, then the firmware simulator — MQTT door and locker locks, a sensor under
 * every seat, room climate sensors, an energy meter, and (when socat is installed) a serial QR
 * reader on a pseudo-terminal — and prints where to look and how to log in. Ctrl-C stops it all.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAppsBuilt } from '../../apps/build.ts';
import { ConfigError, type HubConfig, loadConfig } from '../../hub/src/config.ts';
import { DriversConfig } from '../../hub/src/drivers/config.ts';
import { runHub } from '../../hub/src/main.ts';
import { type DemoIds, demoLogin, seedDemo } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { demoCloudLogins, pairDemoHub, startDemoCloud } from './demo-cloud.ts';
import { DOOR_LOCK, demoDeviceCounts, demoDrivers, provisionDemoDevices } from './demo-devices.ts';
import { type Simulator, startSimulator } from './simulator.ts';

function hasSocat(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v socat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function readConfig(): HubConfig {
  try {
    return loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
}

async function prepare(config: HubConfig) {
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const db = openDb(join(dataDir, 'hub.db'));
  const ids = await seedDemo(db);
  const devices = ids ? await provisionDemoDevices(db, dataDir, ids) : null;
  db.close();
  return { dataDir, ids, secrets: devices?.secrets ?? {} };
}

async function demo(): Promise<void> {
  const config = readConfig();
  // The banner is the demo's output; the hub's own log stays at warnings unless asked for.
  if (!process.env.LOG_LEVEL) config.logLevel = 'warn';
  // The kiosk, dashboard and student app: built once, then only when their sources change (ADR 0020).
  const built = await ensureAppsBuilt();
  if (built.length > 0) console.log(`built the apps: ${built.join(', ')}`);
  const { dataDir, ids, secrets } = await prepare(config);
  const secretFor = (id: string) => secrets[id] ?? '';
  const sims: Simulator[] = [];
  let qrPath: string | undefined;
  if (ids && hasSocat()) {
    const serial = await startSimulator({
      libraryId: ids.libraryId,
      secretFor,
      ptyDir: join(dataDir, 'pty'),
      serialBoard: false,
    });
    sims.push(serial);
    qrPath = serial.paths.qr;
  }
  if (ids) {
    // Every simulated device connects from this machine's one address.
    config.mqtt.maxConnectionsPerAddress = Math.max(config.mqtt.maxConnectionsPerAddress, 200);
  }
  if (ids && config.drivers.devices.length === 0) {
    config.drivers = DriversConfig.parse({ ...config.drivers, devices: demoDrivers(qrPath) });
    config.entry.doorLockId ??= DOOR_LOCK;
  }
  // The cloud first: the hub is paired to it before it starts, so sync runs from the first second.
  const cloud = await startDemoCloud(dataDir).catch((error: unknown) => {
    console.error(`the demo cloud did not start: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (cloud && ids) {
    await pairDemoHub(cloud, dataDir, ids.libraryId).catch((error: unknown) =>
      console.error(`the demo hub was not paired: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  const hub = await runHub(config).catch(async (error: unknown) => {
    await Promise.all(sims.map((s) => s.stop()));
    await cloud?.stop();
    const message = error instanceof Error ? error.message : String(error);
    const hint = /EADDRINUSE/.test(message) ? ' (a port is taken: set HUB_HTTP_PORT / HUB_MQTT_PORT)' : '';
    console.error(`the demo hub failed to start: ${message}${hint}`);
    process.exit(1);
  });
  if (ids && hub.mqttPort) {
    sims.push(
      await startSimulator({
        mqttUrl: `mqtt://127.0.0.1:${hub.mqttPort}`,
        libraryId: ids.libraryId,
        secretFor,
        ...demoDeviceCounts,
        energyMeter: true,
      }),
    );
  }
  printBanner(hub.url, hub.mqttPort, dataDir, ids, qrPath);
  printCloud(cloud?.url ?? null);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    Promise.resolve(cloud?.stop())
      .then(() => hub.stop())
      .then(() => Promise.all(sims.map((s) => s.stop())))
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

function printBanner(
  url: string,
  mqttPort: number | null,
  dataDir: string,
  ids: DemoIds | null,
  qrPath?: string,
) {
  const base = url.replace('0.0.0.0', 'localhost');
  const login = `-d '{"username":"${demoLogin.username}","password":"${demoLogin.password}"}'`;
  console.log(`
StudySpot demo hub — ${ids ? 'Gyan Study Library, Koramangala (demo data)' : 'existing library'}
  kiosk            ${base}/kiosk/      (a staff member signs in on the tablet once to pair it)
  staff dashboard  ${base}/
  data directory   ${dataDir}
  LAN API          ${base}/api/v1      (OpenAPI: ${base}/api/v1/openapi.json)
  health, metrics  ${base}/health  ${base}/metrics
  live updates     socket.io at ${base}   MQTT over WebSocket at ${base.replace('http', 'ws')}/mqtt
  MQTT (devices)   mqtt://localhost:${mqttPort ?? '-'}
  simulated        ${ids ? `${demoDeviceCounts.locks} locks (door + cabin lockers), ${demoDeviceCounts.seatSensors} seat sensors, ${demoDeviceCounts.envSensors} climate sensors, 1 energy meter` : 'none'}
  QR reader (pty)  ${qrPath ?? 'not started (install socat for the serial reader)'}
  staff login      username '${demoLogin.username}', password '${demoLogin.password}' (PIN ${demoLogin.pin})

  try:  curl -s -XPOST ${base}/api/v1/auth/login -H 'content-type: application/json' ${login}
        then GET /api/v1/seats/map, POST /api/v1/bookings, GET /api/v1/bookings/{id}/pass, POST /api/v1/entry/scan`);
}

function printCloud(url: string | null) {
  if (!url) return;
  const base = url.replace('0.0.0.0', 'localhost');
  const { admin, owner } = demoCloudLogins;
  console.log(`
StudySpot demo cloud — embedded PGlite in the data directory
  student app      ${base}/app/
  owner portal     ${base}/admin/
  API              ${base}/v1      (OpenAPI: ${base}/v1/openapi.json, JWKS: ${base}/.well-known/jwks.json)
  health, metrics  ${base}/health  ${base}/metrics
  platform admin   ${admin.email} / ${admin.password}
  library owner    ${owner.email} / ${owner.password}
  students         phone OTP: POST /v1/auth/otp/request; with no SMS keys the code lands in the
                   local outbox (GET /v1/admin/notifications as the admin)
  payments         built-in test provider (no Razorpay/Stripe keys): its checkout page is served locally
  sync             the demo hub is paired to this cloud: students' requests reach it, its bookings
                   come back (owner portal → Hubs shows it; stop the cloud and the hub keeps working)
Ctrl-C stops everything.`);
}

await demo();
