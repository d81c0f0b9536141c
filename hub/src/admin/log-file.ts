/**
 * The hub's logger: pino JSON lines to stdout (journald on a Pi) and, for `studyspot-hub logs`, to
 * a file in the data directory (default <dataDir>/logs/hub.log, mode 0640). Lines are written
 * synchronously so the file holds the last words of a hub that is killed. Rotation is logrotate's
 * `copytruncate` (deploy/hub/logrotate): the file is opened in append mode, so after a truncate
 * the next line lands at the new end — no signal handling, no reopen (ADR 0018).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { HubConfig } from '../config.ts';
import { hubPaths } from './paths.ts';

const files = new WeakMap<Logger, { close(): void }>();

/** A file destination that ignores lines after close (late log lines during shutdown). */
function fileDestination(file: string): DestinationStream & { close(): void } {
  mkdirSync(dirname(file), { recursive: true, mode: 0o750 });
  const boom = pino.destination({ dest: file, append: true, sync: true, mode: 0o640 });
  let open = true;
  return {
    write(line: string) {
      if (open) boom.write(line);
    },
    close() {
      if (!open) return;
      open = false;
      boom.end();
    },
  };
}

/** The hub's root logger, with its file when the config has one. */
export function hubLogger(
  config: Pick<HubConfig, 'dataDir' | 'logFile' | 'adminSocket' | 'logLevel'>,
): Logger {
  const file = hubPaths(config).logFile;
  if (!file) return pino({ level: config.logLevel, name: 'hub' });
  const destination = fileDestination(file);
  const logger = pino(
    { level: config.logLevel, name: 'hub' },
    pino.multistream([
      { stream: pino.destination(1), level: 'trace' },
      { stream: destination, level: 'trace' },
    ]),
  );
  files.set(logger, destination);
  return logger;
}

/** Closes the log file of a logger made by `hubLogger` (no-op for any other logger). */
export function closeHubLogger(logger: Logger): void {
  files.get(logger)?.close();
  files.delete(logger);
}
