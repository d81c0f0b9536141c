/**
 * The fake sysfs trees GPIO tests run against: a Raspberry Pi 4 as seen by a 6.6+ kernel, where
 * the SoC chip moved from base 0 to base 512 (onoff issues #199/#200).
 */
import type { FakeChip } from './fake-sysfs.ts';

export const pi4Kernel66: FakeChip[] = [
  { base: 512, label: 'pinctrl-bcm2711', ngpio: 58, devNumber: 0 },
  { base: 570, label: 'raspberrypi-exp-gpio', ngpio: 8, devNumber: 1 },
];

export const pi4Kernel61: FakeChip[] = [
  { base: 0, label: 'pinctrl-bcm2711', ngpio: 58, devNumber: 0 },
  { base: 504, label: 'raspberrypi-exp-gpio', ngpio: 8, devNumber: 1 },
];
