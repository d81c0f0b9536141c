/**
 * `studyspot-hub devices watch [device]`: what the running hub hears from its devices, as events —
 * MQTT traffic the broker accepted (state, telemetry, availability, command acks), lock and reader
 * state changes from the drivers, and sensor readings (GPIO, serial and simulated ones included).
 * A name matches a driver id or an MQTT device id, and a driver and the device bound to it are
 * watched together.
 */
import type { Broker } from '../broker/broker.ts';
import type { BrokerEvents } from '../broker/types.ts';
import type { DriverConfig } from '../drivers/config.ts';
import type { SensorDriver } from '../drivers/types.ts';
import type { HubBus } from '../events.ts';

export interface DeviceEvent {
  at: number;
  device: string;
  source: 'mqtt' | 'driver';
  type: 'online' | 'offline' | 'state' | 'telemetry' | 'ack' | 'changed' | 'reading';
  data: unknown;
}

export interface WatchDeps {
  broker: Broker | null;
  bus: HubBus;
  sensors: readonly SensorDriver[];
  drivers: readonly DriverConfig[];
}

/** Every name that refers to the same device as `name` (driver id ↔ bound MQTT device id). */
export function aliasesOf(drivers: readonly DriverConfig[], name: string): Set<string> {
  const names = new Set([name]);
  for (const d of drivers)
    if ('deviceId' in d && (d.id === name || d.deviceId === name)) {
      names.add(d.id);
      names.add(d.deviceId);
    }
  return names;
}

/** Subscribes; returns the unsubscribe function. `name` undefined watches every device. */
export function watchDevices(
  deps: WatchDeps,
  name: string | undefined,
  emit: (e: DeviceEvent) => void,
): () => void {
  const wanted = name ? aliasesOf(deps.drivers, name) : null;
  const pass = (id: string) => wanted === null || wanted.has(id);
  const offs: (() => void)[] = [];
  const broker = deps.broker;
  if (broker) {
    const on = <K extends keyof BrokerEvents>(
      event: K,
      type: DeviceEvent['type'],
      data: (e: BrokerEvents[K][0]) => unknown,
    ) => {
      const listener = (...args: BrokerEvents[K]) => {
        const e = args[0];
        if (pass(e.deviceId)) emit({ at: e.at, device: e.deviceId, source: 'mqtt', type, data: data(e) });
      };
      broker.on(event, listener as never);
      offs.push(() => broker.off(event, listener as never));
    };
    on('device:online', 'online', () => null);
    on('device:offline', 'offline', () => null);
    on('device:state', 'state', (e) => e.state);
    on('device:telemetry', 'telemetry', (e) => e.telemetry);
    on('device:ack', 'ack', (e) => e.ack);
  }
  offs.push(
    deps.bus.on('device:changed', (d) => {
      if (pass(d.id))
        emit({
          at: d.at,
          device: d.id,
          source: 'driver',
          type: 'changed',
          data: { role: d.role, state: d.state },
        });
    }),
  );
  for (const sensor of deps.sensors) {
    if (!pass(sensor.id)) continue;
    offs.push(
      sensor.on('reading', (r) =>
        emit({ at: r.at, device: sensor.id, source: 'driver', type: 'reading', data: r }),
      ),
    );
  }
  return () => {
    for (const off of offs) off();
  };
}
