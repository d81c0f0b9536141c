/**
 * One simulated device's MQTT session, as real firmware holds it: username = device id, password =
 * its secret, last will `availability` = `offline` (retained, QoS 1), and `online` (retained)
 * published on every connect. Topics and payload encodings come from core's topic map.
 */
import { deviceTopic, encodePayload, type PayloadByKind, type TopicKind, topicSpec } from '@studyspot/core';
import mqtt, { type MqttClient } from 'mqtt';

export interface DeviceCredentials {
  libraryId: string;
  deviceId: string;
  secret: string;
}

export class MqttDeviceConnection {
  readonly credentials: DeviceCredentials;
  readonly #url: string;
  #client: MqttClient | null = null;

  constructor(url: string, credentials: DeviceCredentials) {
    this.#url = url;
    this.credentials = credentials;
  }

  get client(): MqttClient | null {
    return this.#client;
  }

  topic(kind: TopicKind): string {
    return deviceTopic(this.credentials.libraryId, this.credentials.deviceId, kind);
  }

  /** Connects (and reconnects by itself); `onConnect` runs after `online` on every (re)connect. */
  async connect(onConnect: () => void): Promise<void> {
    const { deviceId, secret } = this.credentials;
    const availability = this.topic('availability');
    const client = mqtt.connect(this.#url, {
      clientId: deviceId,
      username: deviceId,
      password: secret,
      reconnectPeriod: 500,
      will: { topic: availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.#client = client;
    // A real device rides out resets and refusals by reconnecting; an unheard 'error' would throw.
    client.on('error', () => {});
    client.on('connect', () => {
      this.publish('availability', 'online');
      onConnect();
    });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  }

  publish<K extends TopicKind>(kind: K, payload: PayloadByKind[K]): void {
    const spec = topicSpec[kind];
    this.#client?.publish(this.topic(kind), encodePayload(kind, payload), {
      qos: spec.qos,
      retain: spec.retained,
    });
  }

  /** Drops the TCP connection without a DISCONNECT, so the broker fires the last will. */
  async vanish(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    if (!client) return;
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  }
}
