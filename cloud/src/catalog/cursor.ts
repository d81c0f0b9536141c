/**
 * Keyset paging for every list: a page is `{ items, nextCursor }`; the cursor is the sort key of
 * the last item, base64url-encoded JSON, opaque to callers. A cursor that does not decode to the
 * expected shape is `400 validation_failed` (field `cursor`), never a database error.
 */
import { z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';

export const CursorQuery = z
  .string()
  .max(500)
  .optional()
  .openapi({ description: 'nextCursor of the previous page' });

export type KeyPart = string | number;

export const encodeCursor = (key: readonly KeyPart[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key a cursor carries; `kinds` says what each part must be ('uuid' or 'number'). */
export function decodeCursor(
  cursor: string | undefined,
  kinds: readonly ('uuid' | 'number')[],
): KeyPart[] | null {
  if (cursor === undefined || cursor === '') return null;
  const fail = () =>
    new DomainError('validation_failed', 'cursor: not a cursor from this list', { field: 'cursor' });
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw fail();
  }
  if (!Array.isArray(key) || key.length !== kinds.length) throw fail();
  const ok = kinds.every((kind, i) =>
    kind === 'uuid' ? typeof key[i] === 'string' && UUID.test(key[i]) : Number.isFinite(key[i]),
  );
  if (!ok) throw fail();
  return key as KeyPart[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Rows fetched with `LIMIT limit + 1`: the extra row only says whether there is a next page. */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  keyOf: (row: R) => KeyPart[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

export const PageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
