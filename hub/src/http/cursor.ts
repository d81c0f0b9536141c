/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients pass
 * them back verbatim; a cursor that does not decode to the expected shape is a validation error.
 */
import { DomainError } from '@studyspot/core';
import type { ZodType } from 'zod';

export const encodeCursor = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor<T>(raw: string | undefined, shape: ZodType<T>): T | undefined {
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success)
    throw new DomainError('validation_failed', 'cursor: not a cursor from this API', { field: 'cursor' });
  return result.data;
}

/** Fetches one row more than `limit` to learn whether a next page exists. */
export function paged<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
