/**
 * The broker's shared vocabulary: who a connected client is (a `Principal`, decided once by
 * `authenticate` and read by the authorization hooks), the injected logger shape (pino satisfies it),
 * and the typed events the broker emits to the rest of the hub.
 */
import type { CommandAck, DeviceKind, DeviceState, Telemetry } from '@studyspot/core';
import type { Client } from 'aedes';

export type Principal =
  | {
      readonly role: 'device';
      readonly deviceId: string;
      readonly libraryId: string;
      readonly kind: DeviceKind;
    }
  | { readonly role: 'staff'; readonly libraryId: string };

/** Principals of authenticated clients; a client absent from the map has not authenticated. */
export type Principals = WeakMap<Client, Principal>;

type LogFn = (obj: object, msg?: string) => void;
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export interface DeviceRef {
  deviceId: string;
  libraryId: string;
  kind: DeviceKind;
}

export interface BrokerEvents {
  'device:online': [DeviceRef & { at: number }];
  'device:offline': [DeviceRef & { at: number }];
  'device:state': [DeviceRef & { state: DeviceState; at: number }];
  'device:telemetry': [DeviceRef & { telemetry: Telemetry; at: number }];
  'device:ack': [DeviceRef & { ack: CommandAck; at: number }];
}

/** The staff username; a device id may never take it. */
export const STAFF_USERNAME = 'staff';
