/**
 * The hub's hardware layer, as the rest of the hub sees it: the contracts, the config schema, the
 * registry that builds drivers from config, and the supervisor that runs them. `main.ts` parses
 * `DriversConfig`, calls `createDrivers`, adds each driver to a `Supervisor`, and starts it.
 */
export { BackoffPolicy, backoffDelay } from './backoff.ts';
export { type Cancel, type DriverClock, ManualDriverClock, systemDriverClock } from './clock.ts';
export { DriverConfig, type DriverKind, DriversConfig, type DriversConfigInput } from './config.ts';
export type { DeviceBus, DeviceBusEvents } from './mqtt/device-bus.ts';
export { createDrivers, type DriverContext, type Factory, registry } from './registry.ts';
export { type SupervisedStatus, Supervisor, type SupervisorOptions } from './supervisor.ts';
export * from './types.ts';
