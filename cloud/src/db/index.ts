/** The cloud's storage: the `Database` contract, its two implementations and the runner. */
export {
  anonymousContext,
  InvalidTenantError,
  platformContext,
  tenantContext,
  tenantUserContext,
  userContext,
} from './context.ts';
export { loadMigrations, MIGRATIONS_DIR, MigrationChangedError, runMigrations } from './migrate.ts';
export { openDatabase } from './open-database.ts';
export { openPgDatabase } from './pg-database.ts';
export { isExclusionViolation, isUniqueViolation, pgErrorCode } from './pg-errors.ts';
export { openPgliteDatabase } from './pglite-database.ts';
export * from './types.ts';
