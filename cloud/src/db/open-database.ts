/**
 * Picks the implementation: Postgres when a connection string is configured, otherwise embedded
 * PGlite in the data directory. Callers migrate explicitly (`runCloud` does it at start).
 */
import { openPgDatabase } from './pg-database.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import type { Database } from './types.ts';

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Privileged URL for migrations (Postgres only); defaults to databaseUrl. */
  migrationUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl)
    return openPgDatabase({
      connectionString: options.databaseUrl,
      migrationUrl: options.migrationUrl,
      max: options.poolSize,
    });
  return openPgliteDatabase({ dataDir: options.dataDir });
}
