/**
 * A swarm of simulated devices (firmware-sim MQTT locks, seat sensors and environment sensors) in a
 * child process, so that the benchmarks' load does not share an event loop with the hub it measures.
 * The parent calls `startDeviceSwarm`, which spawns this file and writes the plan — broker URL and
 * each device's secret — as one JSON line on the child's stdin (never on argv). The child prints one
 * `ready` line once every device has connected, and stops its devices when stdin closes or on SIGTERM,
 * so it cannot outlive a parent that dies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface SwarmPlan {
  mqttUrl: string;
  libraryId: string;
  /** Device id → secret; ids follow firmware-sim: `lock-N`, `seat-N`, `env-N`. */
  secrets: Record<string, string>;
  locks: number;
  seatSensors: number;
  envSensors: number;
  /** Sensor reporting period; each report is two messages (`telemetry` and `state`). */
  sensorIntervalMs?: number;
}

export interface DeviceSwarm {
  child: ChildProcess;
  devices: number;
  stop(): Promise<void>;
}

/** The ids firmware-sim gives a plan's devices, so the parent can register their credentials. */
export function swarmDeviceIds(plan: Pick<SwarmPlan, 'locks' | 'seatSensors' | 'envSensors'>) {
  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i + 1}`);
  return {
    lock: ids('lock', plan.locks),
    seat_sensor: ids('seat', plan.seatSensors),
    env_sensor: ids('env', plan.envSensors),
  } as const;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** Spawns the swarm and resolves once every device is connected (or rejects, child killed). */
export async function startDeviceSwarm(plan: SwarmPlan): Promise<DeviceSwarm> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const stop = () => stopChild(child);
  child.stdin?.write(`${JSON.stringify(plan)}\n`);
  try {
    const devices = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`swarm not ready in ${READY_TIMEOUT_MS} ms`)),
        READY_TIMEOUT_MS,
      );
      child.once('exit', (code) => reject(new Error(`swarm exited with ${code}:\n${output}`)));
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
        clearTimeout(timer);
        resolve(Number(JSON.parse(line).ready));
      });
    });
    return { child, devices, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the child has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The part of firmware-sim's API the swarm uses. */
interface SimulatorModule {
  startSimulator(options: {
    mqttUrl: string;
    libraryId: string;
    secretFor: (deviceId: string) => string;
    locks: number;
    seatSensors: number;
    envSensors: number;
    sensorIntervalMs?: number;
  }): Promise<{ locks: unknown[]; sensors: unknown[]; stop(): Promise<void> }>;
}

async function runChild(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  const first = await new Promise<string>((resolve) => lines.once('line', resolve));
  const plan = JSON.parse(first) as SwarmPlan;
  // bench/tsconfig.json does not reference the firmware-sim project, so a static import breaks
  // `tsc -b` (TS6307); the module is typed by `SimulatorModule` above instead.
  const specifier: string = '@studyspot/firmware-sim';
  const { startSimulator } = (await import(specifier)) as SimulatorModule;
  const sim = await startSimulator({
    mqttUrl: plan.mqttUrl,
    libraryId: plan.libraryId,
    secretFor: (id) => plan.secrets[id] ?? '',
    locks: plan.locks,
    seatSensors: plan.seatSensors,
    envSensors: plan.envSensors,
    ...(plan.sensorIntervalMs ? { sensorIntervalMs: plan.sensorIntervalMs } : {}),
  });
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const exit = () => process.exit(0);
    setTimeout(exit, 3_000).unref();
    sim.stop().then(exit, exit);
  };
  process.on('SIGTERM', shutdown);
  lines.once('close', shutdown);
  process.stdout.write(`${JSON.stringify({ ready: sim.locks.length + sim.sensors.length })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runChild();
