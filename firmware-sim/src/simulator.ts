/**
 * `startSimulator`: a whole library's worth of simulated devices in one process. MQTT locks, seat
 * sensors, environment sensors and an energy meter connect to the hub's broker with per-device
 * credentials; a Kerong-style locker board and a QR reader sit on socat pty pairs whose hub-side
 * paths are returned. Every handle exposes its fault switches; `stop()` ends every connection and
 * child process the simulator started.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Faults, noFaults } from './faults.ts';
import { MqttLockDevice } from './mqtt-lock-device.ts';
import { MqttSensorDevice, type SensorKind } from './mqtt-sensor-devices.ts';
import { SerialLockBoard, SerialQrReaderSim } from './serial-lock-board.ts';

export interface SimulatorOptions {
  /** The hub broker, e.g. mqtt://127.0.0.1:1883; omit to run only the serial devices. */
  mqttUrl?: string;
  libraryId: string;
  /** The secret of device `id`; the hub registered each device with it. */
  secretFor: (deviceId: string) => string;
  locks?: number;
  seatSensors?: number;
  envSensors?: number;
  energyMeter?: boolean;
  /** Directory for the pty links; serial devices are skipped when absent. */
  ptyDir?: string;
  serialBoard?: boolean;
  qrReader?: boolean;
  relatchMs?: number;
  sensorIntervalMs?: number;
  faults?: Partial<Faults>;
}

export interface Simulator {
  locks: MqttLockDevice[];
  sensors: MqttSensorDevice[];
  board: SerialLockBoard | null;
  qr: SerialQrReaderSim | null;
  /** Hub-side pty paths (what the hub's config points at). */
  paths: { board?: string; qr?: string };
  setFaults(patch: Partial<Faults>): void;
  scan(code: string): Promise<void>;
  stop(): Promise<void>;
}

function sensorPlan(options: SimulatorOptions): Array<[string, SensorKind]> {
  const plan: Array<[string, SensorKind]> = [];
  for (let i = 1; i <= (options.seatSensors ?? 0); i++) plan.push([`seat-${i}`, 'seat_sensor']);
  for (let i = 1; i <= (options.envSensors ?? 0); i++) plan.push([`env-${i}`, 'env_sensor']);
  if (options.energyMeter) plan.push(['meter-1', 'energy_meter']);
  return plan;
}

async function startMqtt(options: SimulatorOptions, sim: Simulator): Promise<void> {
  const url = options.mqttUrl;
  if (!url) return;
  const creds = (deviceId: string) => ({
    libraryId: options.libraryId,
    deviceId,
    secret: options.secretFor(deviceId),
  });
  for (let i = 1; i <= (options.locks ?? 0); i++) sim.locks.push(new MqttLockDevice(url, creds(`lock-${i}`)));
  sensorPlan(options).forEach(([id, kind], seed) => {
    sim.sensors.push(new MqttSensorDevice(url, creds(id), kind, options.sensorIntervalMs, seed));
  });
  await Promise.all([...sim.locks, ...sim.sensors].map((device) => device.start()));
}

async function startSerial(options: SimulatorOptions, sim: Simulator): Promise<void> {
  const dir = options.ptyDir;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  if (options.serialBoard ?? true) {
    sim.paths.board = join(dir, 'usb-Kerong_KR-CU16-if00-port0');
    sim.board = new SerialLockBoard({
      hubPath: sim.paths.board,
      devicePath: join(dir, '.board-device'),
      ...(options.relatchMs ? { relatchMs: options.relatchMs } : {}),
    });
    await sim.board.start();
  }
  if (options.qrReader ?? true) {
    sim.paths.qr = join(dir, 'usb-QR_Scanner-if00');
    sim.qr = new SerialQrReaderSim(sim.paths.qr, join(dir, '.qr-device'));
    await sim.qr.start();
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const sim: Simulator = {
    locks: [],
    sensors: [],
    board: null,
    qr: null,
    paths: {},
    setFaults(patch) {
      for (const device of [...sim.locks, ...sim.sensors, sim.board, sim.qr]) device?.setFaults(patch);
    },
    scan: async (code) => sim.qr?.scan(code),
    async stop() {
      await Promise.all([...sim.locks, ...sim.sensors].map((device) => device.stop()));
      await sim.board?.stop();
      await sim.qr?.stop();
    },
  };
  try {
    await startSerial(options, sim);
    await startMqtt(options, sim);
  } catch (error) {
    await sim.stop();
    throw error;
  }
  sim.setFaults({ ...noFaults(), ...options.faults });
  return sim;
}
