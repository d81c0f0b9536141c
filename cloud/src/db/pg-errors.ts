/**
 * Postgres error codes both drivers report the same way (`error.code`, SQLSTATE), so callers can
 * turn a constraint refusal into a domain error without parsing messages.
 */
export function pgErrorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

export const isUniqueViolation = (error: unknown): boolean => pgErrorCode(error) === '23505';
/** [BOOK-4] the bookings exclusion constraint refused an overlapping active booking. */
export const isExclusionViolation = (error: unknown): boolean => pgErrorCode(error) === '23P01';
