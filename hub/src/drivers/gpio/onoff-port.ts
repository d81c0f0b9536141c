/**
 * The real `GpioPort`: onoff's sysfs `Gpio`. Loaded lazily (onoff pulls in the native epoll module)
 * so that machines without GPIO never load it.
 */
import { createRequire } from 'node:module';
import type { GpioPin, GpioPort, Level } from './gpio-port.ts';

type OnoffModule = typeof import('onoff');

const require = createRequire(import.meta.url);

export class OnoffPort implements GpioPort {
  #onoff: OnoffModule | null = null;

  open(gpio: number, direction: 'in' | 'out'): GpioPin {
    this.#onoff ??= require('onoff') as OnoffModule;
    const pin = new this.#onoff.Gpio(
      gpio,
      direction === 'out' ? 'low' : 'in',
      direction === 'in' ? 'both' : 'none',
    );
    return {
      gpio,
      read: () => pin.readSync(),
      write: (level: Level) => pin.writeSync(level),
      watch(listener) {
        pin.watch(listener);
        return () => pin.unwatch(listener);
      },
      close() {
        pin.unwatchAll();
        pin.unexport();
      },
    };
  }
}
