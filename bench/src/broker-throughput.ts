/**
 * bench/broker: end-to-end MQTT throughput of the hub's embedded aedes broker — the real hub
 * process, so its authenticate / ACL / payload-validation hooks are in the path — next to Debian's
 * mosquitto on the same machine in the same run. Publishers and one subscriber are mqtt.js clients
 * in the bench process: devices publish valid env-sensor telemetry on their own topics and a staff
 * session subscribes read-only to `studyspot/<lib>/devices/+/telemetry` (mosquitto gets the same
 * topics, anonymous). Before that, it reads the hub's resident memory with 200 connected devices
 * run from a child process (device-swarm.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeviceKind, deviceTopic, encodePayload } from '@studyspot/core';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { createDeviceCredential } from '../../hub/src/broker/credentials.ts';
import { demoLogin } from '../../hub/src/seed.ts';
import { openDb } from '../../hub/src/store/db.ts';
import { ensureDebianPackage } from '../../test/support/debian.ts';
import { prepareHubData } from '../../test/support/hub-data.ts';
import { freePort, startHubProcess } from '../../test/support/hub-process.ts';
import { startDeviceSwarm, stopChild, swarmDeviceIds } from './device-swarm.ts';
import type { Row } from './stats.ts';
import { round } from './stats.ts';

const MESSAGES = 50_000;
const WARMUP = 2_000;
const ROUNDS = 3;
const PUBLISHERS = 4;
const SWARM = { locks: 20, seatSensors: 100, envSensors: 80 };
const GOAL_RATIO = 0.5;
const GOAL_RSS_MB = 150;
const WINDOW = 64;
const DELIVERY_TIMEOUT_MS = 60_000;

interface BrokerTarget {
  name: string;
  port: number;
  /** Null for mosquitto, which runs anonymous. */
  staffToken: string | null;
}

interface Topics {
  libraryId: string;
  publishers: string[];
  secrets: Record<string, string>;
}

export async function brokerThroughput(): Promise<Record<string, Row[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-broker-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  try {
    const data = await prepareHubData(dir, 0);
    const { libraryId, secrets } = await registerDevices(data.file);
    const config = join(dir, 'hub.json');
    writeFileSync(config, JSON.stringify({ mqtt: { host: '127.0.0.1', maxConnectionsPerAddress: 1_000 } }));
    const mqttPort = await freePort();
    const hub = await startHubProcess(dir, {
      STUDYSPOT_HUB_CONFIG: config,
      HUB_MQTT_PORT: String(mqttPort),
      LOG_LEVEL: 'error',
    });
    cleanups.push(() => hub.stop());
    const memory = await memoryWith200Devices(hub.child.pid, mqttPort, libraryId, secrets, data.file);

    ensureDebianPackage('mosquitto', 'mosquitto');
    const mosquitto = await startMosquitto(dir);
    cleanups.push(() => stopChild(mosquitto.child));

    const aedes: BrokerTarget = { name: 'aedes (hub)', port: mqttPort, staffToken: await login(hub.url) };
    const mosq: BrokerTarget = { name: 'mosquitto', port: mosquitto.port, staffToken: null };
    const { rows, ratios } = await compare([aedes, mosq], { libraryId, publishers: publisherIds(), secrets });
    return { throughput: rows, 'aedes vs mosquitto': ratios, 'hub memory': [memory] };
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await Promise.resolve()
        .then(cleanup)
        .catch((err: unknown) => console.error('broker bench cleanup failed:', err));
    }
  }
}

/** ROUNDS runs per broker and QoS, the brokers taking turns (so drift hits both); the median counts. */
async function compare([aedes, mosq]: [BrokerTarget, BrokerTarget], topics: Topics) {
  const payload = telemetryPayload();
  const rows: Row[] = [];
  const ratios: Row[] = [];
  for (const qos of [0, 1] as const) {
    const runs = new Map<BrokerTarget, { perSecond: number; delivered: number }[]>([
      [aedes, []],
      [mosq, []],
    ]);
    for (const target of [aedes, mosq]) await measureThroughput(target, topics, payload, qos, WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of [aedes, mosq]) {
        runs.get(target)?.push(await measureThroughput(target, topics, payload, qos, MESSAGES));
      }
    }
    const [a, m] = [aedes, mosq].map((target) => {
      const rates = (runs.get(target) ?? []).map((r) => r.perSecond).sort((x, y) => x - y);
      const lost = (runs.get(target) ?? []).reduce((n, r) => n + MESSAGES - r.delivered, 0);
      const median = rates[Math.floor(rates.length / 2)] ?? 0;
      rows.push({
        broker: target.name,
        qos,
        'messages × runs': `${MESSAGES} × ${ROUNDS}`,
        lost,
        'msgs/s median': Math.round(median),
        'min–max': `${Math.round(rates[0] ?? 0)}–${Math.round(rates.at(-1) ?? 0)}`,
      });
      return median;
    }) as [number, number];
    const ratio = a / (m || 1);
    ratios.push({
      qos,
      'aedes msgs/s': Math.round(a),
      'mosquitto msgs/s': Math.round(m),
      'aedes/mosquitto': round(ratio, 2),
      goal: `>= ${GOAL_RATIO}`,
      'goal met': ratio >= GOAL_RATIO ? 'yes' : 'no',
    });
  }
  return { rows, ratios };
}

const publisherIds = () => Array.from({ length: PUBLISHERS }, (_, i) => `bench-pub-${i + 1}`);

/** Credentials for the publishers (env sensors, so their telemetry passes the kind check) and the swarm. */
async function registerDevices(file: string) {
  const db = openDb(file);
  try {
    const libraryId = db.prepare('SELECT id FROM libraries').pluck().get() as string;
    const plan: [string, DeviceKind][] = [
      ...publisherIds().map((id): [string, DeviceKind] => [id, 'env_sensor']),
      ...Object.entries(swarmDeviceIds(SWARM)).flatMap(([kind, ids]) =>
        ids.map((id): [string, DeviceKind] => [id, kind as DeviceKind]),
      ),
    ];
    const secrets: Record<string, string> = {};
    await Promise.all(
      plan.map(async ([id, kind]) => {
        secrets[id] = (await createDeviceCredential(db, { id, libraryId, kind, name: id })).secret;
      }),
    );
    return { libraryId, secrets };
  } finally {
    db.close();
  }
}

/** ~100 bytes of valid env-sensor telemetry, encoded by core as the firmware does. */
function telemetryPayload(): Buffer {
  const reading = {
    kind: 'env_sensor' as const,
    temperatureC: 22.5,
    humidityPct: 46,
    co2Ppm: 640,
    batteryPct: 91,
  };
  return Buffer.from(encodePayload('telemetry', { ...reading, at: Date.now() }));
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: demoLogin.username, password: demoLogin.password }),
  });
  if (res.status !== 200) throw new Error(`staff login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** The hub's VmRSS idle, then with the 200-device swarm connected and settled for 3 s. */
async function memoryWith200Devices(
  pid: number | undefined,
  port: number,
  libraryId: string,
  secrets: Record<string, string>,
  file: string,
): Promise<Row> {
  const idle = await rssMb(pid);
  const swarm = await startDeviceSwarm({ mqttUrl: `mqtt://127.0.0.1:${port}`, libraryId, secrets, ...SWARM });
  try {
    await new Promise((r) => setTimeout(r, 3_000));
    const loaded = await rssMb(pid);
    return {
      'devices connected': swarm.devices,
      'online in hub db': readOnly(file, 'SELECT count(*) FROM devices WHERE online = 1'),
      'hub RSS idle MB': idle,
      'hub RSS with devices MB': loaded,
      goal: `< ${GOAL_RSS_MB} MB`,
      'goal met': loaded < GOAL_RSS_MB ? 'yes' : 'no',
    };
  } finally {
    await swarm.stop();
  }
}

function readOnly(file: string, sql: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).pluck().get() as number;
  } finally {
    db.close();
  }
}

async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) throw new Error('hub process has no pid');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** Debian's mosquitto with a throwaway config: loopback only, anonymous, no queue limit (no drops). */
async function startMosquitto(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  const lines = ['allow_anonymous true', 'persistence false', 'max_queued_messages 0', 'log_dest stderr'];
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, ...lines, 'log_type error', ''].join('\n'));
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`mosquitto did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * `count` messages from the publishers (each keeping at most WINDOW publishes unconfirmed) to one
 * subscriber, at one QoS both ways; time from the first publish to the last delivery.
 */
async function measureThroughput(
  target: BrokerTarget,
  t: Topics,
  payload: Buffer,
  qos: 0 | 1,
  count: number,
) {
  const url = `mqtt://127.0.0.1:${target.port}`;
  const base = { reconnectPeriod: 0, connectTimeout: 10_000, clean: true };
  const auth = (username: string, password: string | undefined) =>
    target.staffToken ? { username, password } : {};
  const clients: MqttClient[] = [];
  let timer: NodeJS.Timeout | undefined;
  try {
    const sub = await mqtt.connectAsync(url, {
      ...base,
      clientId: `bench-sub-${randomUUID().slice(0, 8)}`,
      ...auth('staff', target.staffToken ?? undefined),
    });
    clients.push(sub);
    const [granted] = await sub.subscribeAsync(`studyspot/${t.libraryId}/devices/+/telemetry`, { qos });
    if (granted?.qos !== qos) throw new Error(`${target.name}: subscription granted ${granted?.qos}`);
    for (const id of t.publishers) {
      clients.push(await mqtt.connectAsync(url, { ...base, clientId: id, ...auth(id, t.secrets[id]) }));
    }
    let delivered = 0;
    const all = new Promise<void>((resolve) => {
      sub.on('message', () => {
        if (++delivered === count) resolve();
      });
    });
    const expired = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DELIVERY_TIMEOUT_MS);
    });
    const start = performance.now();
    const sends = t.publishers.map((id, i) => {
      const share = Math.floor(count / t.publishers.length) + (i < count % t.publishers.length ? 1 : 0);
      return publishWindowed(
        clients[i + 1] as MqttClient,
        deviceTopic(t.libraryId, id, 'telemetry'),
        payload,
        qos,
        share,
      );
    });
    await Promise.race([Promise.all(sends).then(() => all), expired]);
    const seconds = (performance.now() - start) / 1000;
    return { delivered, seconds, perSecond: delivered / seconds };
  } finally {
    clearTimeout(timer);
    await Promise.all(clients.map((c) => c.endAsync(true)));
  }
}

function publishWindowed(client: MqttClient, topic: string, payload: Buffer, qos: 0 | 1, n: number) {
  return new Promise<void>((resolve, reject) => {
    let sent = 0;
    let confirmed = 0;
    const pump = () => {
      while (sent - confirmed < WINDOW && sent < n) {
        sent++;
        client.publish(topic, payload, { qos }, (err) => {
          if (err) return reject(err);
          if (++confirmed === n) resolve();
          else pump();
        });
      }
    };
    if (n === 0) resolve();
    else pump();
  });
}
