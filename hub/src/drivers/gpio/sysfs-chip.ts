/**
 * Maps a configured pin (chip + line) to its legacy sysfs GPIO number. Since Linux 6.6 the sysfs
 * numbers are no longer the historical 0-based ones (a Raspberry Pi's chip moved to base 512,
 * onoff issues #199/#200), so the number is always `base + line`, with `base` read from
 * `<root>/gpiochipB/base`. The chip is found by its `label` (e.g. `pinctrl-bcm2711`), by its sysfs
 * directory name (`gpiochip512`), or by its character-device number N (`/dev/gpiochipN`, seen as
 * `<root>/gpiochipB/device/gpiochipN`). The root is injected so tests use a fake tree.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SYSFS_GPIO_ROOT = '/sys/class/gpio';

export interface PinAddress {
  /** Label, sysfs directory name, or /dev/gpiochipN number. */
  chip: string | number;
  line: number;
}

export interface ChipInfo {
  dir: string;
  label: string;
  base: number;
  ngpio: number;
}

function readTrimmed(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

export function listChips(root: string): ChipInfo[] {
  return readdirSync(root)
    .filter((name) => name.startsWith('gpiochip'))
    .map((dir) => ({
      dir,
      label: readTrimmed(join(root, dir, 'label')),
      base: Number.parseInt(readTrimmed(join(root, dir, 'base')), 10),
      ngpio: Number.parseInt(readTrimmed(join(root, dir, 'ngpio')), 10),
    }));
}

function matches(root: string, info: ChipInfo, chip: string | number): boolean {
  if (typeof chip === 'number') return existsSync(join(root, info.dir, 'device', `gpiochip${chip}`));
  return info.label === chip || info.dir === chip;
}

export function findChip(root: string, chip: string | number): ChipInfo {
  const found = listChips(root).filter((info) => matches(root, info, chip));
  if (found.length === 0) throw new Error(`no GPIO chip ${JSON.stringify(chip)} under ${root}`);
  if (found.length > 1) throw new Error(`GPIO chip ${JSON.stringify(chip)} is ambiguous under ${root}`);
  // biome-ignore lint/style/noNonNullAssertion: length checked above
  return found[0]!;
}

/** The legacy sysfs number of a pin: the chip's base plus the line offset. */
export function sysfsNumber(root: string, pin: PinAddress): number {
  const chip = findChip(root, pin.chip);
  if (!Number.isInteger(pin.line) || pin.line < 0 || pin.line >= chip.ngpio) {
    throw new RangeError(`line ${pin.line} out of range for ${chip.label} (${chip.ngpio} lines)`);
  }
  if (!Number.isInteger(chip.base) || chip.base < 0) throw new Error(`bad base for ${chip.dir}`);
  return chip.base + pin.line;
}
