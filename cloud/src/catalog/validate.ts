/**
 * Validation of whole domain objects with core's schemas at the edge, after a route has merged
 * its input with what is stored (a PATCH is checked as the full object it produces, so a
 * refinement like "start before end" holds across fields the caller did not send).
 */
import { DomainError } from '@studyspot/core';
import type { ZodType } from 'zod';
import { pgErrorCode } from '../db/pg-errors.ts';

/** `schema.parse(value)`, failing as `400 validation_failed` naming the first bad field. */
export function parseWith<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || 'body';
  throw new DomainError('validation_failed', `${field}: ${issue?.message ?? 'invalid'}`, { field });
}

/** Drops keys whose value is `undefined`, so a partial update never overwrites with nothing. */
export function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A foreign-key refusal (23503: rows still point here) as 409 conflict; anything else unchanged. */
export function referencedConflict(error: unknown, message: string): unknown {
  return pgErrorCode(error) === '23503' ? new DomainError('conflict', message) : error;
}
