/**
 * A simulated serial device's end of a socat pty pair: creates the pair (hub end at `hubPath`),
 * opens the device end, and can "unplug" (kill socat, both ends vanish) and "replug" (same paths).
 */
import { SerialPort } from 'serialport';
import { openPtyPair, type PtyPair } from '../../hub/src/drivers/serial/pty-pair.ts';

export class PtyDevicePort {
  readonly hubPath: string;
  readonly devicePath: string;
  readonly #baudRate: number;
  readonly #onData: (chunk: Buffer) => void;
  #pair: PtyPair | null = null;
  #port: SerialPort | null = null;

  constructor(hubPath: string, devicePath: string, baudRate: number, onData: (chunk: Buffer) => void) {
    this.hubPath = hubPath;
    this.devicePath = devicePath;
    this.#baudRate = baudRate;
    this.#onData = onData;
  }

  get connected(): boolean {
    return this.#port?.isOpen ?? false;
  }

  get socatPid(): number | undefined {
    return this.#pair?.pid;
  }

  async plug(): Promise<void> {
    if (this.#pair) return;
    this.#pair = await openPtyPair(this.hubPath, this.devicePath);
    const port = new SerialPort({ path: this.devicePath, baudRate: this.#baudRate, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('data', this.#onData);
    port.on('error', () => {});
    this.#port = port;
  }

  async unplug(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    port?.removeAllListeners();
    port?.on('error', () => {});
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.#pair?.close();
    this.#pair = null;
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.#port;
    if (!port?.isOpen) return Promise.resolve();
    return new Promise((resolve) => port.write(Buffer.from(bytes), () => port.drain(() => resolve())));
  }
}
