/**
 * The validated driver configuration: hardware identity (GPIO chip + line, serial by-id paths,
 * board addresses, MQTT device ids) lives here, in the hub's config file, never in code. One entry
 * per driver, discriminated on `kind`; `DriverKind` is derived from this list, and the registry must
 * cover every kind. Ids are unique across the whole list.
 */
import { z } from 'zod';
import { BackoffPolicy } from './backoff.ts';

const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 _ -');
const Ms = z.number().int().min(1);
const Pin = z.object({
  /** A chip label (`pinctrl-bcm2711`), its sysfs name (`gpiochip512`), or its /dev/gpiochipN number. */
  chip: z.union([z.string().min(1), z.number().int().min(0)]),
  line: z.number().int().min(0),
});
const SerialPath = z.string().min(1).describe('a stable path, e.g. /dev/serial/by-id/usb-FTDI_…-if00-port0');
const Nibble = z.number().int().min(0).max(15);

export const DriverConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sim-lock'), id: Id, ackTimeoutMs: Ms.default(2_000) }),
  z.object({
    kind: z.literal('sim-sensor'),
    id: Id,
    reading: z.enum(['occupancy', 'environment', 'energy']),
    intervalMs: Ms.default(10_000),
  }),
  z.object({ kind: z.literal('sim-reader'), id: Id }),
  z.object({
    kind: z.literal('gpio-relay-lock'),
    id: Id,
    relay: Pin.extend({ activeLow: z.boolean().default(false) }),
    feedback: Pin.extend({ releasedLevel: z.union([z.literal(0), z.literal(1)]) }).optional(),
    ackTimeoutMs: Ms.default(1_000),
    healthIntervalMs: Ms.default(5_000),
  }),
  z.object({
    kind: z.literal('gpio-input'),
    id: Id,
    role: z.enum(['contact', 'motion']),
    pin: Pin.extend({ activeLow: z.boolean().default(false) }),
    debounceMs: Ms.default(50),
  }),
  z.object({
    kind: z.literal('kerong-lock'),
    id: Id,
    path: SerialPath,
    baudRate: z.number().int().default(19_200),
    board: Nibble,
    /** 0-based: lock 1 on the board's label is channel 0. */
    channel: Nibble,
    pollIntervalMs: Ms.default(500),
    heartbeatMs: Ms.default(5_000),
    responseTimeoutMs: Ms.default(300),
  }),
  z.object({
    kind: z.literal('serial-qr-reader'),
    id: Id,
    path: SerialPath,
    baudRate: z.number().int().default(9_600),
    maxLength: z.number().int().min(1).max(4_096).default(512),
  }),
  z.object({
    kind: z.literal('mqtt-lock'),
    id: Id,
    deviceId: Id,
    ackTimeoutMs: Ms.default(3_000),
    commandTtlMs: Ms.max(60_000).default(10_000),
  }),
  z.object({ kind: z.literal('mqtt-sensor'), id: Id, deviceId: Id }),
  z.object({ kind: z.literal('mqtt-reader'), id: Id, deviceId: Id }),
]);
export type DriverConfig = z.infer<typeof DriverConfig>;
export type DriverConfigInput = z.input<typeof DriverConfig>;
export type DriverKind = DriverConfig['kind'];
export type ConfigOf<K extends DriverKind> = Extract<DriverConfig, { kind: K }>;

export const DriversConfig = z
  .object({
    sysfsGpioRoot: z.string().default('/sys/class/gpio'),
    restartBackoff: BackoffPolicy.default(BackoffPolicy.parse({})),
    serialBackoff: BackoffPolicy.default(BackoffPolicy.parse({ initialMs: 250, maxMs: 10_000 })),
    devices: z.array(DriverConfig).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.devices.forEach((device, index) => {
      if (seen.has(device.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate driver id ${device.id}`,
          path: ['devices', index, 'id'],
        });
      }
      seen.add(device.id);
    });
  });
export type DriversConfig = z.infer<typeof DriversConfig>;
export type DriversConfigInput = z.input<typeof DriversConfig>;
