/**
 * The device MQTT API as a type, keyed by topic pattern (as zigbee2mqtt's `lib/types/api.ts`):
 * `DeviceApi` maps each topic to its payload, `DeviceRequests` pairs the hub's `command` with the
 * device's `command/ack`, matched by the transaction id `Command.id === CommandAck.id`.
 * `payloadSchemas` is the runtime side of the same map, and `decodePayload` / `encodePayload` are
 * the only way bytes become payloads (availability is a bare word, everything else JSON).
 */
import type { z } from 'zod';
import { Availability, Command, CommandAck, DeviceState, Telemetry } from './payloads.ts';
import type { TopicKind, TopicPattern } from './topics.ts';

export interface PayloadByKind {
  state: DeviceState;
  telemetry: Telemetry;
  availability: Availability;
  command: Command;
  'command/ack': CommandAck;
}

/** Topic pattern → payload type. */
export type DeviceApi = { [K in TopicKind as TopicPattern<K>]: PayloadByKind[K] };

/** Request/response pairs: the response is published on `responseTopic` with the request's `id`. */
export interface DeviceRequests {
  'studyspot/{libraryId}/devices/{deviceId}/command': {
    request: Command;
    response: CommandAck;
    responseTopic: TopicPattern<'command/ack'>;
  };
}
export type DeviceRequestTopic = keyof DeviceRequests;
export type TransactionId = Command['id'] & CommandAck['id'];

export const payloadSchemas: { readonly [K in TopicKind]: z.ZodType<PayloadByKind[K]> } = {
  state: DeviceState,
  telemetry: Telemetry,
  availability: Availability,
  command: Command,
  'command/ack': CommandAck,
};

export type Decoded<K extends TopicKind> =
  | { ok: true; value: PayloadByKind[K] }
  | { ok: false; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Validates raw bytes from the wire; never throws. */
export function decodePayload<K extends TopicKind>(kind: K, bytes: Uint8Array | string): Decoded<K> {
  let raw: unknown;
  try {
    const text = typeof bytes === 'string' ? bytes : decoder.decode(bytes);
    raw = kind === 'availability' ? text : JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `undecodable ${kind} payload: ${(err as Error).message}` };
  }
  const parsed = payloadSchemas[kind].safeParse(raw);
  if (!parsed.success) return { ok: false, error: `invalid ${kind} payload: ${parsed.error.message}` };
  return { ok: true, value: parsed.data };
}

export function encodePayload<K extends TopicKind>(kind: K, value: PayloadByKind[K]): string {
  return kind === 'availability' ? String(value) : JSON.stringify(value);
}
