import { afterEach, describe, expect, it } from 'vitest';
import { FakeSysfs } from './fake-sysfs.ts';
import { pi4Kernel61, pi4Kernel66 } from './fixtures.ts';
import { findChip, listChips, sysfsNumber } from './sysfs-chip.ts';

describe('sysfs chip base math', () => {
  const trees: FakeSysfs[] = [];
  const tree = (chips = pi4Kernel66) => {
    const t = new FakeSysfs(chips);
    trees.push(t);
    return t;
  };
  afterEach(() => {
    for (const t of trees.splice(0)) t.dispose();
  });

  it('lists chips with base, label and line count', () => {
    expect(listChips(tree().root).map((c) => [c.dir, c.base, c.label, c.ngpio])).toEqual([
      ['gpiochip512', 512, 'pinctrl-bcm2711', 58],
      ['gpiochip570', 570, 'raspberrypi-exp-gpio', 8],
    ]);
  });

  it('GPIO17 is 529 on a 6.6 kernel and 17 on a 6.1 kernel, with the same config', () => {
    const pin = { chip: 'pinctrl-bcm2711', line: 17 };
    expect(sysfsNumber(tree(pi4Kernel66).root, pin)).toBe(529);
    expect(sysfsNumber(tree(pi4Kernel61).root, pin)).toBe(17);
  });

  it('finds a chip by /dev/gpiochipN number or sysfs directory name', () => {
    const root = tree().root;
    expect(findChip(root, 1).base).toBe(570);
    expect(sysfsNumber(root, { chip: 'gpiochip570', line: 3 })).toBe(573);
  });

  it('rejects unknown chips and lines beyond ngpio', () => {
    const root = tree().root;
    expect(() => findChip(root, 'nope')).toThrow(/no GPIO chip/);
    expect(() => sysfsNumber(root, { chip: 1, line: 8 })).toThrow(RangeError);
  });
});
