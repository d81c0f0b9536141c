/**
 * `MqttLock`: an ESP32-class relay lock reached through the hub's broker. Each command carries a
 * fresh transaction id and nonce and a short expiry (the device refuses stale or replayed commands,
 * core `acceptCommand`); the lock state moves only on the device's `command/ack` or its retained
 * `state`. No ack within `ackTimeoutMs` leaves `unknown`; the device's LWT (`offline`) makes it
 * `unavailable` until it reconnects and reports its state again.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type DriverClock, systemDriverClock } from '../clock.ts';
import { Command, type CommandAck, type CommandAction } from '../device-api.ts';
import { LockStateCell, TIMED_OUT, withDeadline } from '../lock-state.ts';
import {
  type DriverLogger,
  type LockDriver,
  type LockEvents,
  type LockState,
  type Subscribe,
  silentLogger,
} from '../types.ts';
import { type DeviceBus, listenToDevice } from './device-bus.ts';

export interface MqttLockOptions {
  id: string;
  deviceId: string;
  bus: DeviceBus;
  clock?: DriverClock;
  logger?: DriverLogger;
  ackTimeoutMs?: number;
  /** How long a command stays valid for the device (kept short: a late delivery is refused). */
  commandTtlMs?: number;
}

export class MqttLock implements LockDriver {
  readonly id: string;
  readonly #options: MqttLockOptions;
  readonly #clock: DriverClock;
  readonly #logger: DriverLogger;
  readonly #cell = new LockStateCell();
  readonly #pending = new Map<string, (ack: CommandAck) => void>();
  #unlisten: (() => void) | null = null;

  constructor(options: MqttLockOptions) {
    this.id = options.id;
    this.#options = options;
    this.#clock = options.clock ?? systemDriverClock;
    this.#logger = options.logger ?? silentLogger;
  }

  get state(): LockState {
    return this.#cell.state;
  }

  readonly on: Subscribe<LockEvents> = (event, listener) => this.#cell.on(event, listener);

  /** Commands awaiting an ack (zero once idle or stopped). */
  get pendingCommands(): number {
    return this.#pending.size;
  }

  async start(_signal: AbortSignal): Promise<void> {
    this.#unlisten = listenToDevice(this.#options.bus, this.#options.deviceId, {
      'device:state': ({ state }) => {
        if (state.kind === 'lock') this.#cell.set(state.state);
      },
      'device:ack': ({ ack }) => this.#pending.get(ack.id)?.(ack),
      'device:offline': () => this.#cell.set('unavailable'),
      'device:online': () => {
        if (this.state === 'unavailable') this.#cell.set('unknown');
      },
    });
    this.#cell.set('unknown');
  }

  async stop(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = null;
    this.#pending.clear();
    this.#cell.set('unavailable');
  }

  unlock(durationMs: number): Promise<LockState> {
    return this.#command('unlock', durationMs);
  }

  lock(): Promise<LockState> {
    return this.#command('lock');
  }

  async #command(action: CommandAction, durationMs?: number): Promise<LockState> {
    if (!this.#unlisten || this.state === 'unavailable') return this.state;
    const command = this.#newCommand(action, durationMs);
    const acked = new Promise<CommandAck>((resolve) => this.#pending.set(command.id, resolve));
    try {
      await this.#options.bus.publishCommand(this.#options.deviceId, command);
    } catch (error) {
      this.#logger.warn({ lock: this.id, err: String(error) }, 'command not published');
    }
    const ack = await withDeadline(acked, this.#options.ackTimeoutMs ?? 3_000, this.#clock);
    this.#pending.delete(command.id);
    if (!this.#unlisten) return this.state;
    if (ack === TIMED_OUT) return this.#cell.set('unknown');
    if (!ack.ok) this.#logger.warn({ lock: this.id, error: ack.error, state: ack.state }, 'command refused');
    return this.#cell.set(ack.state);
  }

  #newCommand(action: CommandAction, durationMs?: number): Command {
    const issuedAt = this.#clock.now();
    return Command.parse({
      id: randomUUID(),
      nonce: randomBytes(12).toString('base64url'),
      issuedAt,
      expiresAt: issuedAt + (this.#options.commandTtlMs ?? 10_000),
      action,
      ...(durationMs === undefined ? {} : { durationMs }),
    });
  }
}
