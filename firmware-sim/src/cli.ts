/**
 * The `studyspot-firmware-sim` command: parses options with node:util `parseArgs`, starts the
 * simulator, prints the hub-side pty paths and device ids, and stops everything on SIGINT/SIGTERM.
 * `parseCli` is pure so it is tested without starting anything.
 */
import { parseArgs } from 'node:util';
import type { Faults } from './faults.ts';
import type { SimulatorOptions } from './simulator.ts';

export const usage = `Usage: studyspot-firmware-sim [options]

Simulates a StudySpot library's devices for a hub.

  --mqtt-url <url>        hub broker (mqtt://127.0.0.1:1883); MQTT devices are skipped without it
  --library <id>          library id in the topic map (default: demo-library)
  --secret <s>            device secret for every device (default: env STUDYSPOT_DEVICE_SECRET)
  --locks <n>             MQTT relay locks lock-1..n (default 2)
  --seats <n>             seat occupancy sensors seat-1..n (default 4)
  --env <n>               environment sensors env-1..n (default 1)
  --no-meter              no energy meter (default: meter-1)
  --pty-dir <dir>         where to create the serial pty links (default: ./.firmware-sim)
  --no-serial             no serial lock board and QR reader
  --relatch-ms <ms>       serial board: hook relatches after (default 5000)
  --interval-ms <ms>      sensor reporting period (default: per kind)
  --drop --duplicate --jam --garbage   start with that fault switched on
  --delay-ms <ms>         answer late
  -h, --help              this text
`;

export type CliResult = { help: true } | { help: false; options: SimulatorOptions };

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`--${name} expects a non-negative integer, got ${value}`);
  return n;
}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliResult {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'mqtt-url': { type: 'string' },
      library: { type: 'string', default: 'demo-library' },
      secret: { type: 'string' },
      locks: { type: 'string' },
      seats: { type: 'string' },
      env: { type: 'string' },
      'no-meter': { type: 'boolean', default: false },
      'pty-dir': { type: 'string', default: '.firmware-sim' },
      'no-serial': { type: 'boolean', default: false },
      'relatch-ms': { type: 'string' },
      'interval-ms': { type: 'string' },
      drop: { type: 'boolean', default: false },
      duplicate: { type: 'boolean', default: false },
      jam: { type: 'boolean', default: false },
      garbage: { type: 'boolean', default: false },
      'delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.help) return { help: true };
  const secret = v.secret ?? env.STUDYSPOT_DEVICE_SECRET ?? 'dev-secret';
  const faults: Partial<Faults> = { drop: v.drop, duplicate: v.duplicate, jam: v.jam, garbage: v.garbage };
  faults.delayMs = int(v['delay-ms'], 'delay-ms', 0);
  const options: SimulatorOptions = {
    libraryId: v.library,
    secretFor: () => secret,
    locks: int(v.locks, 'locks', 2),
    seatSensors: int(v.seats, 'seats', 4),
    envSensors: int(v.env, 'env', 1),
    energyMeter: !v['no-meter'],
    serialBoard: !v['no-serial'],
    qrReader: !v['no-serial'],
    relatchMs: int(v['relatch-ms'], 'relatch-ms', 5_000),
    faults,
    ...(v['mqtt-url'] ? { mqttUrl: v['mqtt-url'] } : {}),
    ...(v['no-serial'] ? {} : { ptyDir: v['pty-dir'] }),
    ...(v['interval-ms'] ? { sensorIntervalMs: int(v['interval-ms'], 'interval-ms', 0) } : {}),
  };
  return { help: false, options };
}
