/**
 * The seam between GPIO drivers and the kernel. onoff writes to a fixed `/sys/class/gpio`, so its
 * calls sit behind this tiny interface: `onoff-port.ts` is the real one, `fake-sysfs.ts` writes
 * the same sysfs files in a temp tree for tests. Operations are synchronous, as sysfs writes are
 * and as onoff's `readSync` / `writeSync` are.
 */
export type Level = 0 | 1;

export interface GpioPin {
  readonly gpio: number;
  read(): Level;
  write(level: Level): void;
  /** Edge notifications; returns the function that stops watching. */
  watch(listener: (error: Error | null | undefined, level: Level) => void): () => void;
  /** Unexports the pin. */
  close(): void;
}

export interface GpioPort {
  open(gpio: number, direction: 'in' | 'out'): GpioPin;
}

/** A pin's logical level, given whether the wiring inverts it. */
export function logical(level: Level, activeLow: boolean): Level {
  return activeLow ? (level === 1 ? 0 : 1) : level;
}
