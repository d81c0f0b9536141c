/**
 * The MQTT topic map for devices: every topic lives under
 * `studyspot/<libraryId>/devices/<deviceId>/<kind>`, and this module owns the list of kinds, who
 * publishes each one, which are retained, and the two functions that turn an address into a topic
 * and a topic back into an address. The broker's authorization hooks, the hub's drivers and the
 * firmware simulator all derive their behaviour from `topicSpec`, so a new topic is added here once.
 */
import { z } from 'zod';

export const TOPIC_ROOT = 'studyspot';

/** A library or device id as a topic segment: no `/`, `+`, `#`, `$`, never empty (UUIDs fit). */
export const TopicSegment = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 of A-Z a-z 0-9 _ -');
export const DeviceId = TopicSegment;
export type DeviceId = z.infer<typeof DeviceId>;

export const topicKinds = ['state', 'telemetry', 'availability', 'command', 'command/ack'] as const;
export type TopicKind = (typeof topicKinds)[number];

export interface TopicSpec {
  /** Who may publish it: the device itself, or the hub (never a staff dashboard). */
  readonly publisher: 'device' | 'hub';
  /** Retained topics hold the last value for late subscribers. */
  readonly retained: boolean;
  readonly qos: 0 | 1;
}

/** The topic map. `availability` is the device's last will: 'online' on connect, 'offline' by LWT. */
export const topicSpec: Readonly<Record<TopicKind, TopicSpec>> = {
  state: { publisher: 'device', retained: true, qos: 1 },
  telemetry: { publisher: 'device', retained: false, qos: 0 },
  availability: { publisher: 'device', retained: true, qos: 1 },
  command: { publisher: 'hub', retained: false, qos: 1 },
  'command/ack': { publisher: 'device', retained: false, qos: 1 },
};

/** The topic patterns, as written in docs and in `DeviceApi`. */
export type TopicPattern<K extends TopicKind = TopicKind> =
  `${typeof TOPIC_ROOT}/{libraryId}/devices/{deviceId}/${K}`;

export interface TopicAddress {
  readonly libraryId: string;
  readonly deviceId: string;
  readonly kind: TopicKind;
}

function isSegment(s: string): boolean {
  return TopicSegment.safeParse(s).success;
}

/** Builds a concrete topic; throws on an id that is not a valid topic segment (a programming error). */
export function deviceTopic(libraryId: string, deviceId: string, kind: TopicKind): string {
  if (!isSegment(libraryId) || !isSegment(deviceId)) {
    throw new RangeError(`invalid topic segment in ${JSON.stringify({ libraryId, deviceId })}`);
  }
  return `${TOPIC_ROOT}/${libraryId}/devices/${deviceId}/${kind}`;
}

/** The read-only wildcard a staff dashboard subscribes to for one library. */
export function libraryDevicesFilter(libraryId: string): string {
  if (!isSegment(libraryId)) throw new RangeError(`invalid library id ${JSON.stringify(libraryId)}`);
  return `${TOPIC_ROOT}/${libraryId}/devices/#`;
}

const kindSet: ReadonlySet<string> = new Set(topicKinds);

function isTopicKind(s: string): s is TopicKind {
  return kindSet.has(s);
}

/** Parses a concrete topic back into its address; null for anything that is not exactly a device topic. */
export function parseDeviceTopic(topic: string): TopicAddress | null {
  const parts = topic.split('/');
  if (parts.length !== 5 && parts.length !== 6) return null;
  const [root, libraryId = '', devices, deviceId = '', ...rest] = parts;
  const kind = rest.join('/');
  if (root !== TOPIC_ROOT || devices !== 'devices') return null;
  if (!isSegment(libraryId) || !isSegment(deviceId) || !isTopicKind(kind)) return null;
  return { libraryId, deviceId, kind };
}
