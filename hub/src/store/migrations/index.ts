/**
 * The hub's SQLite schema as ordered migrations, applied under `user_version`. A migration is never
 * edited once shipped; add the next file and list it here.
 */
import { booking } from './001-booking.ts';
import { devices } from './002-devices.ts';
import { sync } from './003-sync.ts';
import { remote } from './004-remote.ts';
import { cloudIdentity } from './005-cloud-identity.ts';
import { deviceBattery } from './006-device-battery.ts';

export const migrations: readonly string[] = [booking, devices, sync, remote, cloudIdentity, deviceBattery];
