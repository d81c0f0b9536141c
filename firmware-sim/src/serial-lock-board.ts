/**
 * A simulated Kerong KR-CU16-style locker board on an RS-485 line (a pty pair): answers `query` and
 * `unlock` frames addressed to its board number with the 9-byte status frame, using the hub's own
 * codec. An unlocked hook relatches after `relatchMs` (the student pushing the door shut). Faults:
 * drop (silent), delay, duplicate (answers twice), jam (the hook never opens), garbage (noise before
 * each answer); `unplug()` / `plug()` remove and restore the adapter.
 */
import { encodeFrame, type KerongFrame } from '../../hub/src/drivers/protocol/kerong-frame.ts';
import { KerongParser } from '../../hub/src/drivers/protocol/kerong-parser.ts';
import { type Faults, type Faulty, noFaults, noiseBytes } from './faults.ts';
import { PtyDevicePort } from './serial-port.ts';

export interface SerialLockBoardOptions {
  hubPath: string;
  devicePath: string;
  board?: number;
  relatchMs?: number;
  baudRate?: number;
}

export class SerialLockBoard implements Faulty {
  readonly faults: Faults = noFaults();
  readonly board: number;
  readonly port: PtyDevicePort;
  readonly #relatchMs: number;
  readonly #parser = new KerongParser();
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Bit i set = hook i closed. */
  #hooks = 0xffff;

  constructor(options: SerialLockBoardOptions) {
    this.board = options.board ?? 0;
    this.#relatchMs = options.relatchMs ?? 5_000;
    this.port = new PtyDevicePort(options.hubPath, options.devicePath, options.baudRate ?? 19_200, (chunk) =>
      this.#receive(chunk),
    );
  }

  get hooks(): number {
    return this.#hooks;
  }

  setFaults(patch: Partial<Faults>): void {
    Object.assign(this.faults, patch);
  }

  start(): Promise<void> {
    return this.port.plug();
  }

  async stop(): Promise<void> {
    this.#clearTimers();
    await this.port.unplug();
  }

  unplug(): Promise<void> {
    this.#clearTimers();
    return this.port.unplug();
  }

  plug(): Promise<void> {
    return this.port.plug();
  }

  #receive(chunk: Buffer): void {
    for (const event of this.#parser.push(chunk)) {
      if (event.type !== 'frame' || event.frame.board !== this.board) continue;
      if (event.frame.type === 'status') continue;
      if (this.faults.drop) continue;
      if (event.frame.type === 'unlock') this.#unlock(event.frame.lock);
      this.#later(() => void this.#answer(event.frame.lock), this.faults.delayMs);
    }
  }

  #unlock(lock: number): void {
    if (this.faults.jam) return;
    this.#hooks &= ~(1 << lock);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#hooks |= 1 << lock;
    }, this.#relatchMs);
    this.#timers.add(timer);
  }

  async #answer(lock: number): Promise<void> {
    const status: KerongFrame = { type: 'status', board: this.board, lock, hooks: this.#hooks, sensors: 0 };
    const frame = encodeFrame(status);
    if (this.faults.garbage) await this.port.write(noiseBytes());
    await this.port.write(frame);
    if (this.faults.duplicate) await this.port.write(frame);
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
    this.#hooks = 0xffff;
  }
}

/** A simulated serial QR reader: `scan(code)` sends the code and CR LF; garbage sends noise first. */
export class SerialQrReaderSim implements Faulty {
  readonly faults: Faults = noFaults();
  readonly port: PtyDevicePort;

  constructor(hubPath: string, devicePath: string, baudRate = 9_600) {
    this.port = new PtyDevicePort(hubPath, devicePath, baudRate, () => {});
  }

  setFaults(patch: Partial<Faults>): void {
    Object.assign(this.faults, patch);
  }

  start(): Promise<void> {
    return this.port.plug();
  }

  stop(): Promise<void> {
    return this.port.unplug();
  }

  async scan(code: string): Promise<void> {
    if (this.faults.drop) return;
    if (this.faults.garbage) await this.port.write(Uint8Array.from([...noiseBytes(), 0x0d, 0x0a]));
    const line = new TextEncoder().encode(`${code}\r\n`);
    await this.port.write(line);
    if (this.faults.duplicate) await this.port.write(line);
  }
}
