/**
 * The driver contracts, one per device role: `LockDriver` (doors, lockers), `SensorDriver`
 * (occupancy, door contact, motion, environment, energy) and `CredentialReader` (QR / barcode
 * scanners). Every implementation folder (gpio, serial, mqtt, sim) satisfies these and runs the
 * shared `*.contract.ts` suite. Lock commands are optimistic then confirmed: the caller may show
 * "unlocking…" while the promise is pending, but `state` only moves on the device's confirmation;
 * a command not confirmed in time leaves `unknown`, never a guessed `unlocked`. `jammed` (the
 * device answered that it could not move) and `unavailable` (we cannot reach it) stay distinct.
 */
import type { LockState } from './device-api.ts';

export type { LockState };

/** The pino-compatible subset of a logger that drivers use. */
export interface DriverLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const silentLogger: DriverLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

/** A hub component: constructors only assign fields, I/O starts in `start` and ends in `stop`. */
export interface Component {
  readonly id: string;
  start(signal: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

/** Subscribes; the returned function unsubscribes. */
export type Subscribe<Events extends { [K in keyof Events]: unknown[] }> = <E extends keyof Events>(
  event: E,
  listener: (...args: Events[E]) => void,
) => () => void;

/** `fatal` means the driver died and must be restarted (the supervisor listens for it). */
export interface CommonEvents {
  fatal: [error: Error];
}

export interface LockEvents extends CommonEvents {
  state: [state: LockState, previous: LockState];
}

export interface LockDriver extends Component {
  /** The last confirmed state; `unavailable` before start and after stop. */
  readonly state: LockState;
  /** Releases the lock for `durationMs`, then it relocks; resolves with the confirmed state. */
  unlock(durationMs: number): Promise<LockState>;
  /** Locks now (ends an unlock early); resolves with the confirmed state. */
  lock(): Promise<LockState>;
  on: Subscribe<LockEvents>;
}

export type SensorReading =
  | { kind: 'occupancy'; sensorId: string; occupied: boolean; at: number }
  | { kind: 'contact'; sensorId: string; open: boolean; at: number }
  | { kind: 'motion'; sensorId: string; detected: boolean; at: number }
  | {
      kind: 'environment';
      sensorId: string;
      temperatureC: number;
      humidityPct: number;
      co2Ppm?: number;
      at: number;
    }
  | { kind: 'energy'; sensorId: string; wattHours: number; watts: number; at: number };

export type SensorReadingKind = SensorReading['kind'];

export interface SensorEvents extends CommonEvents {
  reading: [reading: SensorReading];
  availability: [available: boolean];
}

export interface SensorDriver extends Component {
  readonly available: boolean;
  on: Subscribe<SensorEvents>;
}

export interface Scan {
  readerId: string;
  code: string;
  at: number;
}

export interface ReaderEvents extends CommonEvents {
  scan: [scan: Scan];
  availability: [available: boolean];
}

export interface CredentialReader extends Component {
  readonly available: boolean;
  on: Subscribe<ReaderEvents>;
}

export type Driver =
  | { role: 'lock'; driver: LockDriver }
  | { role: 'sensor'; driver: SensorDriver }
  | { role: 'reader'; driver: CredentialReader };
