/**
 * A simulated ESP32 relay lock on MQTT, obeying the command protocol: every command is validated
 * with core's schema, refused when stale or replayed (`acceptCommand`, nonces remembered until
 * their command expires), acknowledged with the new state, and an unlock relocks after its
 * duration with a retained `state` update. Faults: drop, delay, duplicate delivery, jam; `vanish()`
 * kills the connection so the broker publishes the last will.
 */
import {
  acceptCommand,
  type Command,
  type CommandAck,
  decodePayload,
  forgetExpiredNonces,
} from '@studyspot/core';
import { type Faults, type Faulty, noFaults } from './faults.ts';
import { type DeviceCredentials, MqttDeviceConnection } from './mqtt-connection.ts';

export class MqttLockDevice implements Faulty {
  readonly faults: Faults = noFaults();
  readonly #connection: MqttDeviceConnection;
  readonly #now: () => number;
  readonly #seen = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #latch: 'locked' | 'unlocked' = 'locked';
  #relock: NodeJS.Timeout | null = null;

  constructor(url: string, credentials: DeviceCredentials, now: () => number = Date.now) {
    this.#connection = new MqttDeviceConnection(url, credentials);
    this.#now = now;
  }

  get deviceId(): string {
    return this.#connection.credentials.deviceId;
  }

  get latch(): 'locked' | 'unlocked' {
    return this.#latch;
  }

  setFaults(patch: Partial<Faults>): void {
    Object.assign(this.faults, patch);
  }

  async start(): Promise<void> {
    await this.#connection.connect(() => {
      this.#connection.client?.subscribe(this.#connection.topic('command'), { qos: 1 });
      this.#publishState();
    });
    this.#connection.client?.on('message', (topic, payload) => {
      if (topic === this.#connection.topic('command')) this.#receive(payload);
    });
  }

  /** Connection lost without goodbye: the broker publishes `offline` from the last will. */
  async vanish(): Promise<void> {
    this.#clearTimers();
    await this.#connection.vanish();
  }

  async stop(): Promise<void> {
    this.#clearTimers();
    await this.#connection.close();
  }

  #receive(payload: Buffer): void {
    const decoded = decodePayload('command', payload);
    if (!decoded.ok) return; // a device ignores what it cannot parse
    if (this.faults.drop) return;
    const deliveries = this.faults.duplicate ? 2 : 1;
    for (let i = 0; i < deliveries; i++) this.#later(() => this.#handle(decoded.value), this.faults.delayMs);
  }

  #handle(command: Command): void {
    const now = this.#now();
    forgetExpiredNonces(this.#seen, now);
    const verdict = acceptCommand(command, this.#seen, now);
    if (verdict !== 'ok') {
      this.#ack({ id: command.id, ok: false, state: this.#latch, error: verdict });
      return;
    }
    this.#seen.set(command.nonce, command.expiresAt);
    if (this.faults.jam) {
      this.#ack({ id: command.id, ok: false, state: 'jammed', error: 'jammed' });
      return;
    }
    if (command.action === 'lock') this.#setLatch('locked');
    else this.#unlockFor(command.durationMs ?? 5_000);
    this.#ack({ id: command.id, ok: true, state: this.#latch });
  }

  #unlockFor(durationMs: number): void {
    if (this.#relock) clearTimeout(this.#relock);
    this.#setLatch('unlocked');
    this.#relock = setTimeout(() => {
      this.#relock = null;
      this.#setLatch('locked');
    }, durationMs);
  }

  #setLatch(latch: 'locked' | 'unlocked'): void {
    if (latch === 'locked' && this.#relock) {
      clearTimeout(this.#relock);
      this.#relock = null;
    }
    this.#latch = latch;
    this.#publishState();
  }

  #publishState(): void {
    this.#connection.publish('state', { kind: 'lock', state: this.#latch, at: this.#now() });
  }

  #ack(ack: CommandAck): void {
    this.#connection.publish('command/ack', ack);
  }

  #later(run: () => void, delayMs: number): void {
    if (delayMs <= 0) {
      run();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, delayMs);
    this.#timers.add(timer);
  }

  #clearTimers(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    if (this.#relock) clearTimeout(this.#relock);
    this.#relock = null;
    this.#latch = 'locked';
  }
}
