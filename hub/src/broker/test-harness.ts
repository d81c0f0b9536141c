/**
 * Test support for the broker suites (not shipped code): a real SQLite file in a temp dir built by
 * the real migrations, a seeded library, a real broker on 127.0.0.1 with an ephemeral port, real
 * `mqtt` clients, a recording logger, and a bounded `waitFor` instead of sleeps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceKind } from '@studyspot/core';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { type Db, openDb } from '../store/db.ts';
import { Broker } from './broker.ts';
import { BrokerConfig, type BrokerConfigInput } from './config.ts';
import { createDeviceCredential } from './credentials.ts';
import type { Logger } from './types.ts';

export const LIB = '0190a4c2-0000-7000-8000-00000000000a';
export const OTHER_LIB = '0190a4c2-0000-7000-8000-00000000000b';
export const STAFF_TOKEN = 'staff-token-of-the-test';

export interface LogEntry {
  level: keyof Logger;
  obj: object;
  msg: string | undefined;
}

export function recordingLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: keyof Logger) => (obj: object, msg?: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function seedLibrary(db: Db, id: string): void {
  db.prepare(
    `INSERT INTO libraries VALUES (?, 'Test library', 'Asia/Kolkata', '{}', '{}', '[]', '{}', 30, 'INR', '{}')`,
  ).run(id);
}

export interface Harness {
  db: Db;
  broker: Broker;
  port: number;
  logger: ReturnType<typeof recordingLogger>;
  dir: string;
  creds: Map<string, string>;
  addDevice(id: string, kind: DeviceKind, libraryId?: string): Promise<string>;
  connect(
    username: string | undefined,
    password: string | undefined,
    opts?: IClientOptions,
  ): Promise<MqttClient>;
  close(): Promise<void>;
}

export async function startHarness(config: BrokerConfigInput = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'studyspot-broker-'));
  const db = openDb(join(dir, 'hub.db'));
  seedLibrary(db, LIB);
  seedLibrary(db, OTHER_LIB);
  const logger = recordingLogger();
  const broker = new Broker({
    db,
    libraryId: LIB,
    config: BrokerConfig.parse({ host: '127.0.0.1', port: 0, ...config }),
    verifyStaffToken: async (token) => token === STAFF_TOKEN,
    logger,
  });
  const controller = new AbortController();
  await broker.start(controller.signal);
  const port = broker.ports.tcp as number;
  const clients: MqttClient[] = [];
  const creds = new Map<string, string>();
  return {
    db,
    broker,
    port,
    logger,
    dir,
    creds,
    async addDevice(id, kind, libraryId = LIB) {
      const { secret } = await createDeviceCredential(db, { id, libraryId, kind, name: id });
      creds.set(id, secret);
      return secret;
    },
    async connect(username, password, opts = {}) {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
        username,
        password,
        clientId:
          username === 'staff' || !username ? `staff-${Math.random().toString(36).slice(2)}` : username,
        reconnectPeriod: 0,
        connectTimeout: 5_000,
        ...opts,
      });
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.endAsync(true)));
      await broker.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 10 ms until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves true when the client's connection closes within `timeoutMs`, false otherwise. */
export function closed(client: MqttClient, timeoutMs = 2_000): Promise<boolean> {
  if (!client.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * `ensureDebianPackage` from test/support, loaded dynamically: hub/tsconfig.json does not reference
 * the test/ project yet, so a static import breaks `tsc -b` (TS6059/TS6307). Once it does
 * (`"references": [{ "path": "../test" }]`), replace this with the static import.
 */
export async function ensureDebianPackage(binary: string, pkg: string): Promise<void> {
  const specifier: string = '../../../test/support/debian.ts';
  const support = (await import(specifier)) as { ensureDebianPackage(binary: string, pkg: string): void };
  support.ensureDebianPackage(binary, pkg);
}
