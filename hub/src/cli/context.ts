/**
 * What every command needs to find the hub: its configuration (`--config`, else
 * STUDYSPOT_HUB_CONFIG, else /etc/studyspot/hub.json when it exists — the file the hub's systemd
 * unit uses), the data directory (`--data-dir` overrides), the derived paths, the database (opened
 * read-only for reads; read-write only by commands that change it), and the admin socket when the
 * hub is running.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { hubPaths } from '../admin/paths.ts';
import { socketAnswers } from '../admin/socket-server.ts';
import { ConfigError, type HubConfig, loadConfig } from '../config.ts';
import { type Db, openDb } from '../store/db.ts';
import { AdminClient, hubNotRunning } from './admin-client.ts';
import { CliError, exitCodes } from './exit-codes.ts';
import type { CliIo } from './io.ts';

export const SYSTEM_CONFIG = '/etc/studyspot/hub.json';

export interface GlobalOptions {
  config?: string;
  dataDir?: string;
}

export interface HubContext {
  io: CliIo;
  config: HubConfig;
  configFile: string | null;
  paths: ReturnType<typeof hubPaths>;
  /** Opens the database read-only; the caller closes it. */
  readDb(): Db;
  /** Opens the database for writing (migrations applied); the caller closes it. */
  writeDb(): Db;
  /** The admin client when the hub answers, else null. */
  running(): Promise<AdminClient | null>;
  /** The admin client, or exit 3 saying the hub is not running. */
  requireRunning(): Promise<AdminClient>;
}

export function configFileOf(options: GlobalOptions, io: CliIo): string | null {
  if (options.config) return resolve(io.cwd, options.config);
  if (io.env.STUDYSPOT_HUB_CONFIG) return resolve(io.cwd, io.env.STUDYSPOT_HUB_CONFIG);
  return existsSync(SYSTEM_CONFIG) ? SYSTEM_CONFIG : null;
}

/** The environment the hub would see, with `--data-dir` applied. */
export function envOf(options: GlobalOptions, io: CliIo): NodeJS.ProcessEnv {
  return options.dataDir ? { ...io.env, STUDYSPOT_DATA_DIR: resolve(io.cwd, options.dataDir) } : io.env;
}

/**
 * Loads the configuration; exit 5 with every problem when it is invalid. `ignoreFile`: defaults and
 * environment only (doctor's fallback when the file is broken).
 */
export function loadCliConfig(
  options: GlobalOptions,
  io: CliIo,
  ignoreFile = false,
): { config: HubConfig; file: string | null } {
  const file = ignoreFile ? null : configFileOf(options, io);
  const { STUDYSPOT_HUB_CONFIG: _chosenAbove, ...env } = envOf(options, io);
  try {
    const config = loadConfig(env, file ?? undefined);
    // a relative dataDir is relative to where the CLI runs, as it is for the hub
    return { config: { ...config, dataDir: resolve(io.cwd, config.dataDir) }, file };
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(exitCodes.badConfig, error.message);
    throw error;
  }
}

export function hubContext(options: GlobalOptions, io: CliIo, ignoreConfigFile = false): HubContext {
  const { config, file } = loadCliConfig(options, io, ignoreConfigFile);
  const paths = hubPaths(config);
  const mustExist = () => {
    if (!existsSync(paths.db))
      throw new CliError(
        exitCodes.failed,
        `no hub database at ${paths.db} — is the data directory right? (--data-dir, STUDYSPOT_DATA_DIR, dataDir in ${file ?? 'the config'})`,
      );
  };
  let client: AdminClient | null | undefined;
  const running = async () => {
    if (client === undefined)
      client = paths.socket && (await socketAnswers(paths.socket)) ? new AdminClient(paths.socket) : null;
    return client;
  };
  return {
    io,
    config,
    configFile: file,
    paths,
    readDb() {
      mustExist();
      const db = new Database(paths.db, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 5000');
      return db;
    },
    writeDb() {
      mustExist();
      return openDb(paths.db);
    },
    running,
    async requireRunning() {
      const found = await running();
      if (!found) throw hubNotRunning(paths.socket);
      return found;
    },
  };
}

/** Runs `work` with the database open, closing it after. */
export async function withDb<T>(open: () => Db, work: (db: Db) => T | Promise<T>): Promise<T> {
  const db = open();
  try {
    return await work(db);
  } finally {
    db.close();
  }
}
