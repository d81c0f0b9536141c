/**
 * The one place the cloud chooses HTTP statuses. Every error leaves the API as
 * `{ code, message, field? }`. The mapping follows ADR 0007 (the hub's): 409 when current state
 * refuses, 422 when the request cannot be honoured as written, 400 validation_failed, 401, 403,
 * 404 (also for another tenant's row — RLS hides it, so it simply is not found), 429 rate_limited,
 * 500 internal (logged, never with details).
 */
import type { ErrorCode } from '@studyspot/core';
import { DomainError, httpStatusOf } from '@studyspot/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isExclusionViolation } from '../db/pg-errors.ts';
import type { CloudEnv } from './env.ts';

/** Codes only the HTTP edge produces. */
export type HttpOnlyCode = 'payload_too_large' | 'unsupported_media_type' | 'http_error' | 'unavailable';
export type ApiErrorCode = ErrorCode | HttpOnlyCode;

export interface ApiError {
  code: ApiErrorCode;
  message: string;
  field?: string;
}

const httpCodes: Partial<Record<number, ApiErrorCode>> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function sendError(c: Context, status: ContentfulStatusCode, body: ApiError): Response {
  return c.json(body, status);
}

/** The app's single `onError`: domain errors by code, HTTP exceptions by status, the rest 500. */
export function handleError(error: Error, c: Context<CloudEnv>): Response {
  if (error instanceof DomainError) {
    const field = typeof error.meta.field === 'string' ? error.meta.field : undefined;
    return sendError(c, httpStatusOf[error.code], { code: error.code, message: error.message, field });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return sendError(c, status, { code: httpCodes[status] ?? 'http_error', message: error.message });
  }
  // [BOOK-4] the bookings exclusion constraint, should a write ever slip past the hub's decision
  if (isExclusionViolation(error)) {
    return sendError(c, 409, { code: 'seat_taken', message: 'the seat is already taken' });
  }
  c.get('log')?.error({ err: error }, 'unhandled error');
  return sendError(c, 500, { code: 'internal', message: 'internal error' });
}
