/**
 * The slice of the hub's MQTT broker that device drivers use: publish a command to a device, and
 * listen to what devices report. The real `Broker` (hub/src/broker) satisfies it; tests use an
 * `EventEmitter` with a fake device behind it. Payloads arrive already validated by the broker.
 */
import type { Command, CommandAck, DeviceState, Telemetry } from '../device-api.ts';

export interface DeviceEvent {
  deviceId: string;
  at: number;
}

export interface DeviceBusEvents {
  'device:online': [DeviceEvent];
  'device:offline': [DeviceEvent];
  'device:state': [DeviceEvent & { state: DeviceState }];
  'device:telemetry': [DeviceEvent & { telemetry: Telemetry }];
  'device:ack': [DeviceEvent & { ack: CommandAck }];
}

export type DeviceBusEvent = keyof DeviceBusEvents;

type Listener<E extends DeviceBusEvent> = (...args: DeviceBusEvents[E]) => void;

/** Overloads rather than one generic signature, so that a Node `EventEmitter<BrokerEvents>` fits. */
interface On<R> {
  (event: 'device:online', listener: Listener<'device:online'>): R;
  (event: 'device:offline', listener: Listener<'device:offline'>): R;
  (event: 'device:state', listener: Listener<'device:state'>): R;
  (event: 'device:telemetry', listener: Listener<'device:telemetry'>): R;
  (event: 'device:ack', listener: Listener<'device:ack'>): R;
}

export interface DeviceBus {
  publishCommand(deviceId: string, command: Command): Promise<void> | void;
  on: On<unknown>;
  off: On<unknown>;
}

/** Subscribes to one device's events; returns the function that removes every listener. */
export function listenToDevice(
  bus: DeviceBus,
  deviceId: string,
  handlers: { [E in DeviceBusEvent]?: (...args: DeviceBusEvents[E]) => void },
): () => void {
  const offs: Array<() => void> = [];
  for (const event of Object.keys(handlers) as DeviceBusEvent[]) {
    const handler = handlers[event] as ((e: DeviceEvent) => void) | undefined;
    if (!handler) continue;
    const listener = (e: DeviceEvent): void => {
      if (e.deviceId === deviceId) handler(e);
    };
    // One listener shape for every event: each handler was typed against its own event above.
    const on = bus.on as (event: DeviceBusEvent, listener: (e: DeviceEvent) => void) => unknown;
    const off = bus.off as (event: DeviceBusEvent, listener: (e: DeviceEvent) => void) => unknown;
    on.call(bus, event, listener);
    offs.push(() => off.call(bus, event, listener));
  }
  return () => {
    for (const off of offs) off();
  };
}
