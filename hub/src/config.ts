/**
 * The hub's configuration: one schema, defaults for everything, read from a JSON file and then
 * environment variables (environment wins). Every problem is reported at start, all at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { BrokerConfig } from './broker/config.ts';
import { DriversConfig } from './drivers/config.ts';
import { OccupancyConfig } from './occupancy/thresholds.ts';

const Port = z.coerce.number().int().min(0).max(65_535);

export const HubConfig = z.object({
  dataDir: z.string().min(1).default('./.data'),
  http: z.object({ host: z.string().default('0.0.0.0'), port: Port.default(8080) }).prefault({}),
  mqtt: BrokerConfig.prefault({}),
  drivers: DriversConfig.prefault({}),
  occupancy: OccupancyConfig.prefault({}),
  entry: z
    .object({
      /** The driver id of the entrance door lock; null when the door is not automated. */
      doorLockId: z.string().nullable().default(null),
      /** How long a granted scan keeps the door and locker released. */
      unlockMs: z.number().int().min(500).max(60_000).default(5_000),
    })
    .prefault({}),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  schedulerIntervalMs: z.number().int().min(100).default(5_000),
  /** The cloud the outbox is pushed to (issue #5); unset: the hub runs standalone, nothing is pushed. */
  cloud: z.object({ url: z.url(), hubToken: z.string().min(1).optional() }).optional(),
  /** The JSON log file `studyspot-hub logs` reads (ADR 0018); default <dataDir>/logs/hub.log, null: stdout only. */
  logFile: z.string().min(1).nullable().optional(),
  /** The CLI's admin socket, mode 0600 (ADR 0018); default <dataDir>/admin.sock, null: none. */
  adminSocket: z.string().min(1).nullable().optional(),
});
export type HubConfig = z.infer<typeof HubConfig>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid hub configuration:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

/** Environment variables that override the file, by config path. */
const fromEnv: Record<string, (v: string, c: Record<string, Record<string, unknown>>) => void> = {
  STUDYSPOT_DATA_DIR: (v, c) => {
    c.root = { ...c.root, dataDir: v };
  },
  HUB_HTTP_PORT: (v, c) => {
    c.http = { ...c.http, port: v };
  },
  HUB_HTTP_HOST: (v, c) => {
    c.http = { ...c.http, host: v };
  },
  HUB_MQTT_PORT: (v, c) => {
    c.mqtt = { ...c.mqtt, port: Number(v) };
  },
  HUB_CLOUD_URL: (v, c) => {
    c.cloud = { ...c.cloud, url: v };
  },
  HUB_CLOUD_TOKEN: (v, c) => {
    c.cloud = { ...c.cloud, hubToken: v };
  },
  HUB_LOG_FILE: (v, c) => {
    c.root = { ...c.root, logFile: v === 'none' ? null : v };
  },
  HUB_ADMIN_SOCKET: (v, c) => {
    c.root = { ...c.root, adminSocket: v === 'none' ? null : v };
  },
  LOG_LEVEL: (v, c) => {
    c.root = { ...c.root, logLevel: v };
  },
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.STUDYSPOT_HUB_CONFIG): HubConfig {
  let raw: Record<string, unknown> = {};
  if (file) {
    const path = resolve(file);
    if (!existsSync(path)) throw new ConfigError([`config file ${path} does not exist`]);
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ConfigError([`config file ${path} is not valid JSON: ${(error as Error).message}`]);
    }
  }
  const overrides: Record<string, Record<string, unknown>> = {
    http: { ...(raw.http as object) },
    mqtt: { ...(raw.mqtt as object) },
  };
  for (const [name, apply] of Object.entries(fromEnv)) {
    const value = env[name];
    if (value !== undefined && value !== '') apply(value, overrides);
  }
  const merged: Record<string, unknown> = {
    ...raw,
    ...overrides.root,
    http: overrides.http,
    mqtt: overrides.mqtt,
  };
  // HUB_CLOUD_URL / HUB_CLOUD_TOKEN (ADR 0014) override the file's cloud section, key by key
  if (overrides.cloud) merged.cloud = { ...(raw.cloud as object), ...overrides.cloud };
  const parsed = HubConfig.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}
