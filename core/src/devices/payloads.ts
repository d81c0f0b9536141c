/**
 * The payload schemas of the device MQTT API, one per topic kind in `topics.ts`: device kinds, lock
 * states, the retained state and telemetry of each device kind (a union discriminated on `kind`, so a
 * payload says what it describes and the hub can check it against the registered device), the
 * availability words, and the command / acknowledgement pair matched by the command's `id`.
 * Every edge (broker, drivers, simulator, dashboard) validates with these same schemas.
 */
import { z } from 'zod';
import { Id, Instant } from '../schemas/common.ts';

export const deviceKinds = ['lock', 'seat_sensor', 'env_sensor', 'energy_meter', 'qr_reader'] as const;
export const DeviceKind = z.enum(deviceKinds);
export type DeviceKind = z.infer<typeof DeviceKind>;

/** `jammed` (the device says it cannot move) and `unavailable` (we cannot reach it) are distinct. */
export const lockStates = ['locked', 'unlocked', 'jammed', 'unknown', 'unavailable'] as const;
export const LockState = z.enum(lockStates);
export type LockState = z.infer<typeof LockState>;

export const Availability = z.enum(['online', 'offline']);
export type Availability = z.infer<typeof Availability>;

const BatteryPct = z.number().min(0).max(100);

export const LockDeviceState = z.object({
  kind: z.literal('lock'),
  state: LockState,
  doorOpen: z.boolean().optional(),
  batteryPct: BatteryPct.optional(),
  at: Instant,
});
export const SeatSensorState = z.object({
  kind: z.literal('seat_sensor'),
  occupied: z.boolean(),
  batteryPct: BatteryPct.optional(),
  at: Instant,
});
const EnvReadings = {
  temperatureC: z.number().min(-40).max(85),
  humidityPct: z.number().min(0).max(100),
  co2Ppm: z.number().int().min(0).max(40_000).optional(),
};
export const EnvSensorState = z.object({
  kind: z.literal('env_sensor'),
  ...EnvReadings,
  batteryPct: BatteryPct.optional(),
  at: Instant,
});
const MeterReadings = { wattHours: z.number().min(0), watts: z.number().min(0) };
export const EnergyMeterState = z.object({ kind: z.literal('energy_meter'), ...MeterReadings, at: Instant });
export const QrReaderState = z.object({ kind: z.literal('qr_reader'), ready: z.boolean(), at: Instant });

/** Retained `state`: the device's last known condition. */
export const DeviceState = z.discriminatedUnion('kind', [
  LockDeviceState,
  SeatSensorState,
  EnvSensorState,
  EnergyMeterState,
  QrReaderState,
]);
export type DeviceState = z.infer<typeof DeviceState>;

/** `telemetry`: readings and events, not retained. A QR reader's scan is a telemetry event. */
export const Telemetry = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('lock'),
    doorOpen: z.boolean(),
    batteryPct: BatteryPct.optional(),
    at: Instant,
  }),
  z.object({
    kind: z.literal('seat_sensor'),
    occupied: z.boolean(),
    batteryPct: BatteryPct.optional(),
    at: Instant,
  }),
  z.object({ kind: z.literal('env_sensor'), ...EnvReadings, batteryPct: BatteryPct.optional(), at: Instant }),
  z.object({ kind: z.literal('energy_meter'), ...MeterReadings, at: Instant }),
  z.object({ kind: z.literal('qr_reader'), code: z.string().min(1).max(512), at: Instant }),
]);
export type Telemetry = z.infer<typeof Telemetry>;

export const commandActions = ['unlock', 'lock', 'pulse'] as const;
export const CommandAction = z.enum(commandActions);
export type CommandAction = z.infer<typeof CommandAction>;

/**
 * `command`, hub → device. `id` is the transaction id echoed by the ack; `nonce` is never reused,
 * so a device that remembers recent nonces refuses a replay; `expiresAt` bounds a delayed delivery.
 */
export const Command = z
  .object({
    id: Id,
    nonce: z.string().min(8).max(64),
    issuedAt: Instant,
    expiresAt: Instant,
    action: CommandAction,
    durationMs: z.number().int().min(100).max(60_000).optional(),
  })
  .refine((c) => c.expiresAt > c.issuedAt, {
    message: 'expiresAt must be after issuedAt',
    path: ['expiresAt'],
  });
export type Command = z.infer<typeof Command>;

/** `command/ack`, device → hub: the outcome of command `id` and the lock state it left. */
export const CommandAck = z.object({
  id: Id,
  ok: z.boolean(),
  state: LockState,
  error: z.string().max(200).optional(),
});
export type CommandAck = z.infer<typeof CommandAck>;
