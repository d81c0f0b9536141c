/**
 * Where a hub keeps its files, derived from its config in one place so the running hub and the
 * CLI (which may run while the hub is stopped) always agree: the database, the admin socket, the
 * JSON log file, and the directory for automatic safety backups (ADR 0018).
 */
import { join, resolve } from 'node:path';
import type { HubConfig } from '../config.ts';

export interface HubPaths {
  dataDir: string;
  db: string;
  /** null when the admin socket is switched off (`adminSocket: null`). */
  socket: string | null;
  /** null when the hub logs to stdout only (`logFile: null`). */
  logFile: string | null;
  /** Where `restore` keeps the database it replaces. */
  backups: string;
}

/** A unix socket path longer than this does not fit `sockaddr_un` on Linux. */
export const MAX_SOCKET_PATH = 107;

export function hubPaths(config: Pick<HubConfig, 'dataDir' | 'logFile' | 'adminSocket'>): HubPaths {
  const dataDir = resolve(config.dataDir);
  return {
    dataDir,
    db: join(dataDir, 'hub.db'),
    socket: config.adminSocket === null ? null : resolve(config.adminSocket ?? join(dataDir, 'admin.sock')),
    logFile: config.logFile === null ? null : resolve(config.logFile ?? join(dataDir, 'logs', 'hub.log')),
    backups: join(dataDir, 'backups'),
  };
}
