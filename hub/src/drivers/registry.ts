/**
 * The driver registry: for every `DriverKind` in the config, a lazy import of its implementation and
 * a factory that builds it from its validated config and the shared context. The record is
 * exhaustive (a new kind in `config.ts` does not compile until it is registered here), and the
 * lazy imports mean a hub without GPIO never loads onoff, one without serial devices never loads
 * serialport.
 */
import type { DriverClock } from './clock.ts';
import type { ConfigOf, DriverConfig, DriverKind, DriversConfig } from './config.ts';
import type { GpioPort } from './gpio/gpio-port.ts';
import type { DeviceBus } from './mqtt/device-bus.ts';
import type { KerongBusPool } from './serial/kerong-bus.ts';
import type { Driver, DriverLogger } from './types.ts';

export interface DriverContext {
  config: DriversConfig;
  clock: DriverClock;
  logger: DriverLogger;
  /** The hub's MQTT broker; required by the `mqtt-*` kinds. */
  bus?: DeviceBus;
  /** Defaults to onoff on the real sysfs. */
  gpio?: GpioPort;
  /** Shared by every `kerong-lock` on the same path; made by `createDrivers` when absent. */
  kerongBuses?: KerongBusPool;
}

export type Factory<K extends DriverKind> = (config: ConfigOf<K>, ctx: DriverContext) => Driver;

function needBus(ctx: DriverContext, id: string): DeviceBus {
  if (!ctx.bus) throw new Error(`driver ${id} needs the MQTT broker, which was not provided`);
  return ctx.bus;
}

async function gpioPort(ctx: DriverContext): Promise<GpioPort> {
  if (ctx.gpio) return ctx.gpio;
  const { OnoffPort } = await import('./gpio/onoff-port.ts');
  ctx.gpio = new OnoffPort();
  return ctx.gpio;
}

const simFactories = async () => import('./sim/index.ts');

export const registry: { readonly [K in DriverKind]: (ctx: DriverContext) => Promise<Factory<K>> } = {
  'sim-lock': async () => {
    const { SimLock } = await simFactories();
    return (c, ctx) => ({
      role: 'lock',
      driver: new SimLock({ id: c.id, clock: ctx.clock, ackTimeoutMs: c.ackTimeoutMs }),
    });
  },
  'sim-sensor': async () => {
    const { SimSensor, simReadingGenerator } = await simFactories();
    return (c, ctx) => ({
      role: 'sensor',
      driver: new SimSensor({
        id: c.id,
        clock: ctx.clock,
        intervalMs: c.intervalMs,
        generate: simReadingGenerator(c.id, c.reading),
      }),
    });
  },
  'sim-reader': async () => {
    const { SimReader } = await simFactories();
    return (c, ctx) => ({ role: 'reader', driver: new SimReader({ id: c.id, clock: ctx.clock }) });
  },
  'gpio-relay-lock': async (ctx) => {
    const [{ RelayLock }, port] = await Promise.all([import('./gpio/relay-lock.ts'), gpioPort(ctx)]);
    return (c, { clock, logger, config }) => ({
      role: 'lock',
      driver: new RelayLock({ ...c, port, sysfsRoot: config.sysfsGpioRoot, clock, logger }),
    });
  },
  'gpio-input': async (ctx) => {
    const [{ DigitalInput }, port] = await Promise.all([import('./gpio/digital-input.ts'), gpioPort(ctx)]);
    return (c, { clock, logger, config }) => ({
      role: 'sensor',
      driver: new DigitalInput({ ...c, port, sysfsRoot: config.sysfsGpioRoot, clock, logger }),
    });
  },
  'kerong-lock': async () => {
    const [{ KerongLock }, { KerongBusPool }] = await Promise.all([
      import('./serial/kerong-lock.ts'),
      import('./serial/kerong-bus.ts'),
    ]);
    return (c, ctx) => {
      const { clock, logger, config } = ctx;
      ctx.kerongBuses ??= new KerongBusPool({
        clock,
        logger,
        backoff: config.serialBackoff,
        responseTimeoutMs: c.responseTimeoutMs,
      });
      const bus = ctx.kerongBuses.bus(c.path, c.baudRate);
      return { role: 'lock', driver: new KerongLock({ ...c, bus, clock }) };
    };
  },
  'serial-qr-reader': async () => {
    const { SerialQrReader } = await import('./serial/qr-reader.ts');
    return (c, { clock, logger, config }) => ({
      role: 'reader',
      driver: new SerialQrReader({ ...c, clock, logger, backoff: config.serialBackoff }),
    });
  },
  'mqtt-lock': async () => {
    const { MqttLock } = await import('./mqtt/mqtt-lock.ts');
    return (c, ctx) => ({
      role: 'lock',
      driver: new MqttLock({ ...c, bus: needBus(ctx, c.id), clock: ctx.clock, logger: ctx.logger }),
    });
  },
  'mqtt-sensor': async () => {
    const { MqttSensor } = await import('./mqtt/mqtt-sensor.ts');
    return (c, ctx) => ({
      role: 'sensor',
      driver: new MqttSensor({ ...c, bus: needBus(ctx, c.id), logger: ctx.logger }),
    });
  },
  'mqtt-reader': async () => {
    const { MqttReader } = await import('./mqtt/mqtt-reader.ts');
    return (c, ctx) => ({
      role: 'reader',
      driver: new MqttReader({ ...c, bus: needBus(ctx, c.id), logger: ctx.logger }),
    });
  },
};

async function build<K extends DriverKind>(config: ConfigOf<K>, ctx: DriverContext): Promise<Driver> {
  const load = registry[config.kind] as (ctx: DriverContext) => Promise<Factory<K>>;
  const factory = await load(ctx);
  return factory(config, ctx);
}

/** Builds one driver per configured device (constructors only; nothing is started). */
export async function createDrivers(ctx: DriverContext): Promise<Driver[]> {
  const drivers: Driver[] = [];
  for (const device of ctx.config.devices as DriverConfig[]) drivers.push(await build(device, ctx));
  return drivers;
}
