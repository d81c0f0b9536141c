/**
 * An in-process device bus and a lock device that obeys the MQTT command protocol, for testing the
 * MQTT drivers without a broker: the device refuses stale or replayed commands (core
 * `acceptCommand`), acknowledges with its new state, publishes its retained state, relocks after
 * the duration, and has the firmware simulator's fault switches (drop, jam, delay, disconnect).
 */
import { EventEmitter } from 'node:events';
import { type Cancel, type DriverClock, systemDriverClock } from '../clock.ts';
import { acceptCommand, type Command, type CommandAck, forgetExpiredNonces } from '../device-api.ts';
import type { DeviceBus, DeviceBusEvents } from './device-bus.ts';

/** The bus: `publishCommand` hands the command to whichever device registered for the id. */
export class FakeDeviceBus extends EventEmitter<DeviceBusEvents> implements DeviceBus {
  readonly #devices = new Map<string, (command: Command) => void>();

  attach(deviceId: string, receive: (command: Command) => void): void {
    this.#devices.set(deviceId, receive);
  }

  publishCommand(deviceId: string, command: Command): void {
    this.#devices.get(deviceId)?.(command);
  }
}

export class FakeLockDevice {
  readonly faults = { drop: false, jam: false, delayMs: 0 };
  readonly #deviceId: string;
  readonly #bus: FakeDeviceBus;
  readonly #clock: DriverClock;
  readonly #seen = new Map<string, number>();
  readonly #timers = new Set<Cancel>();
  #latch: 'locked' | 'unlocked' = 'locked';
  #relock: Cancel | null = null;
  #online = false;

  constructor(deviceId: string, bus: FakeDeviceBus, clock: DriverClock = systemDriverClock) {
    this.#deviceId = deviceId;
    this.#bus = bus;
    this.#clock = clock;
    bus.attach(deviceId, (command) => this.#receive(command));
  }

  get pendingTimers(): number {
    return this.#timers.size + (this.#relock ? 1 : 0);
  }

  /** Connects: `online` then the retained state, as a broker delivers them to a subscriber. */
  connect(): void {
    this.#online = true;
    this.#bus.emit('device:online', { deviceId: this.#deviceId, at: this.#clock.now() });
    this.#publishState();
  }

  /** The LWT fires. */
  disconnect(): void {
    this.#online = false;
    this.#relock?.();
    this.#relock = null;
    for (const cancel of this.#timers) cancel();
    this.#timers.clear();
    this.#bus.emit('device:offline', { deviceId: this.#deviceId, at: this.#clock.now() });
  }

  #receive(command: Command): void {
    if (!this.#online || this.faults.drop) return;
    if (this.faults.delayMs <= 0) {
      this.#handle(command);
      return;
    }
    const cancel = this.#clock.schedule(() => {
      this.#timers.delete(cancel);
      this.#handle(command);
    }, this.faults.delayMs);
    this.#timers.add(cancel);
  }

  #handle(command: Command): void {
    const now = this.#clock.now();
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
    this.#relock?.();
    this.#setLatch('unlocked');
    this.#relock = this.#clock.schedule(() => {
      this.#relock = null;
      this.#setLatch('locked');
    }, durationMs);
  }

  #setLatch(latch: 'locked' | 'unlocked'): void {
    if (latch === 'locked') {
      this.#relock?.();
      this.#relock = null;
    }
    this.#latch = latch;
    this.#publishState();
  }

  #publishState(): void {
    const at = this.#clock.now();
    this.#bus.emit('device:state', {
      deviceId: this.#deviceId,
      at,
      state: { kind: 'lock', state: this.#latch, at },
    });
  }

  #ack(ack: CommandAck): void {
    this.#bus.emit('device:ack', { deviceId: this.#deviceId, at: this.#clock.now(), ack });
  }
}
