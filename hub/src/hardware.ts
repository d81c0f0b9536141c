/**
 * The hub's hardware, assembled from config: every driver built by the registry, run under one
 * supervisor (a dying driver is restarted with backoff and shown `unavailable`, never fatal to the
 * hub), locks looked up by id for the entrance, readers' scans handed to the entrance, and every
 * lock or sensor state change published on the bus for the staff dashboard.
 */
import type { Broker } from './broker/broker.ts';
import type { HubConfig } from './config.ts';
import type { Driver, DriverLogger, LockDriver, Scan, SensorDriver } from './drivers/index.ts';
import { createDrivers, Supervisor, systemDriverClock } from './drivers/index.ts';
import type { LockLookup } from './entry/entry-desk.ts';
import type { HubBus } from './events.ts';

export class Hardware implements LockLookup {
  readonly #config: HubConfig['drivers'];
  readonly #broker: Broker | null;
  readonly #bus: HubBus;
  readonly #logger: DriverLogger;
  readonly #supervisor: Supervisor;
  #drivers: Driver[] = [];
  #onScan: (scan: Scan) => void = () => {};

  constructor(deps: {
    config: HubConfig['drivers'];
    broker: Broker | null;
    bus: HubBus;
    logger: DriverLogger;
  }) {
    this.#config = deps.config;
    this.#broker = deps.broker;
    this.#bus = deps.bus;
    this.#logger = deps.logger;
    this.#supervisor = new Supervisor({ logger: deps.logger, backoff: deps.config.restartBackoff });
  }

  get(lockId: string): LockDriver | undefined {
    const found = this.#drivers.find((d) => d.role === 'lock' && d.driver.id === lockId);
    return found?.role === 'lock' ? found.driver : undefined;
  }

  get sensors(): SensorDriver[] {
    return this.#drivers.flatMap((d) => (d.role === 'sensor' ? [d.driver] : []));
  }

  /** Where scans from serial or MQTT readers go (the entrance desk). */
  onScan(handler: (scan: Scan) => void): void {
    this.#onScan = handler;
  }

  /** Status of every driver, for /health, the CLI and the dashboard. */
  statuses(): { id: string; role: Driver['role']; status: string }[] {
    return this.#drivers.map((d) => ({
      id: d.driver.id,
      role: d.role,
      status: this.#supervisor.status(d.driver.id) ?? 'idle',
    }));
  }

  async start(signal: AbortSignal): Promise<void> {
    this.#drivers = await createDrivers({
      config: this.#config,
      clock: systemDriverClock,
      logger: this.#logger,
      ...(this.#broker ? { bus: this.#broker } : {}),
    });
    const publish = (id: string, role: Driver['role'], state: string) =>
      this.#bus.emit('device:changed', { id, role, state, at: Date.now() });
    for (const d of this.#drivers) {
      this.#supervisor.add(d.driver);
      if (d.role === 'lock') d.driver.on('state', (state) => publish(d.driver.id, 'lock', state));
      if (d.role === 'sensor')
        d.driver.on('availability', (up) => publish(d.driver.id, 'sensor', up ? 'online' : 'unavailable'));
      if (d.role === 'reader') {
        d.driver.on('scan', (scan) => this.#onScan(scan));
        d.driver.on('availability', (up) => publish(d.driver.id, 'reader', up ? 'online' : 'unavailable'));
      }
    }
    this.#supervisor.on('status', (id, status, error) => {
      if (status === 'unavailable')
        this.#logger.warn({ driver: id, err: error }, 'driver unavailable; restarting with backoff');
    });
    await this.#supervisor.start(signal);
  }

  async stop(): Promise<void> {
    await this.#supervisor.stop();
  }
}
