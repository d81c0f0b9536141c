/**
 * A fake `/sys/class/gpio` in a temp directory for tests: chips with `base`, `label`, `ngpio`
 * (and `device/gpiochipN`), and a `GpioPort` that writes `export`, `unexport`, `gpioN/direction`
 * and `gpioN/value` exactly where onoff would. It also plays the hardware: inputs are driven with
 * `setInput`, an output can be wired to a feedback input, and fault switches drop writes, jam the
 * mechanism or remove the chip.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GpioPin, GpioPort, Level } from './gpio-port.ts';

type Watcher = (error: Error | null | undefined, level: Level) => void;

export interface FakeChip {
  base: number;
  label: string;
  ngpio: number;
  /** The /dev/gpiochipN number. */
  devNumber: number;
}

export class FakeSysfs implements GpioPort {
  readonly root: string;
  readonly faults = { dropWrites: false, jam: false };
  readonly #watchers = new Map<number, Set<Watcher>>();
  readonly #wires = new Map<number, { input: number; invert: boolean }>();
  readonly #exported = new Set<number>();

  constructor(chips: FakeChip[]) {
    this.root = mkdtempSync(join(tmpdir(), 'fake-sysfs-'));
    writeFileSync(join(this.root, 'export'), '');
    writeFileSync(join(this.root, 'unexport'), '');
    for (const chip of chips) {
      const dir = join(this.root, `gpiochip${chip.base}`);
      mkdirSync(join(dir, 'device', `gpiochip${chip.devNumber}`), { recursive: true });
      writeFileSync(join(dir, 'base'), `${chip.base}\n`);
      writeFileSync(join(dir, 'label'), `${chip.label}\n`);
      writeFileSync(join(dir, 'ngpio'), `${chip.ngpio}\n`);
    }
  }

  /** Pins currently exported and watchers currently registered (both zero once released). */
  get exportedCount(): number {
    return this.#exported.size;
  }

  get watcherCount(): number {
    let n = 0;
    for (const set of this.#watchers.values()) n += set.size;
    return n;
  }

  /** Wires output `output` to input `input` (a lock's latch monitor): energised → released. */
  wire(output: number, input: number, invert = false): void {
    this.#wires.set(output, { input, invert });
  }

  open(gpio: number, direction: 'in' | 'out'): GpioPin {
    appendFileSync(join(this.root, 'export'), `${gpio}\n`);
    const dir = join(this.root, `gpio${gpio}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'direction'), direction);
    writeFileSync(join(dir, 'edge'), direction === 'in' ? 'both' : 'none');
    if (direction === 'out') writeFileSync(join(dir, 'value'), '0');
    else if (!this.#exists(gpio)) writeFileSync(join(dir, 'value'), '0');
    this.#exported.add(gpio);
    return this.#pin(gpio);
  }

  /** Drives an input pin as the outside world would, notifying watchers of the edge. */
  setInput(gpio: number, level: Level): void {
    mkdirSync(join(this.root, `gpio${gpio}`), { recursive: true });
    writeFileSync(join(this.root, `gpio${gpio}`, 'value'), String(level));
    for (const watcher of this.#watchers.get(gpio) ?? []) watcher(null, level);
  }

  readValue(gpio: number): Level {
    return readFileSync(join(this.root, `gpio${gpio}`, 'value'), 'utf8').trim() === '1' ? 1 : 0;
  }

  /** The chip vanishes (an unplugged I/O expander): every pin file is gone. */
  removeAll(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  #exists(gpio: number): boolean {
    try {
      readFileSync(join(this.root, `gpio${gpio}`, 'value'));
      return true;
    } catch {
      return false;
    }
  }

  #write(gpio: number, level: Level): void {
    const path = join(this.root, `gpio${gpio}`, 'value');
    readFileSync(path); // ENOENT when the chip is gone, as the kernel's EIO/ENOENT
    if (this.faults.dropWrites) return;
    writeFileSync(path, String(level));
    const wire = this.#wires.get(gpio);
    if (wire && !this.faults.jam) this.setInput(wire.input, (wire.invert ? 1 - level : level) as Level);
  }

  #pin(gpio: number): GpioPin {
    return {
      gpio,
      read: () => this.readValue(gpio),
      write: (level) => this.#write(gpio, level),
      watch: (listener) => {
        let set = this.#watchers.get(gpio);
        if (!set) {
          set = new Set();
          this.#watchers.set(gpio, set);
        }
        set.add(listener);
        return () => set.delete(listener);
      },
      close: () => {
        this.#watchers.delete(gpio);
        this.#exported.delete(gpio);
        try {
          appendFileSync(join(this.root, 'unexport'), `${gpio}\n`);
          rmSync(join(this.root, `gpio${gpio}`), { recursive: true, force: true });
        } catch {
          // the tree may already be gone (removeAll); unexporting a vanished pin is a no-op
        }
      },
    };
  }
}
