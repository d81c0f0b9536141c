/**
 * The one place HTTP statuses are chosen. Every error leaves the API as `{ code, message, field? }`.
 *
 * Domain codes map by one rule, kept once for hub and cloud as core's `httpStatusOf`:
 * - 409 Conflict: refused because of the hub's current state — other bookings, the member's record,
 *   the lifecycle of the booking, hold or offer, or the clock against an existing booking. The same
 *   request may succeed later or elsewhere (seat_taken, member_busy, quota_exceeded, member_banned,
 *   seat_inactive, invalid_transition, hold_expired, offer_expired, already_waiting, too_early,
 *   no_show, conflict).
 * - 422 Unprocessable: well-formed, but the request itself cannot be honoured as written — its slot
 *   is off the library's hours or grid or window, it lacks a payment it needs, its plan is not sold
 *   (outside_hours, off_grid, in_past, too_far_ahead, invalid_interval, payment_required,
 *   not_for_sale).
 * - 400 validation_failed (schema), 401 unauthorized, 403 forbidden, 404 not_found,
 *   429 rate_limited, 500 internal (logged, never with details).
 */
import type { ErrorCode } from '@studyspot/core';
import { DomainError, httpStatusOf } from '@studyspot/core';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { HttpEnv } from './env.ts';

/** Codes only the HTTP edge produces (candidates for core's `errorCodes`). */
export type HttpOnlyCode = 'payload_too_large' | 'unsupported_media_type' | 'http_error';
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
export function handleError(error: Error, c: Context<HttpEnv>): Response {
  if (error instanceof DomainError) {
    const field = typeof error.meta.field === 'string' ? error.meta.field : undefined;
    return sendError(c, httpStatusOf[error.code], { code: error.code, message: error.message, field });
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return sendError(c, status, { code: httpCodes[status] ?? 'http_error', message: error.message });
  }
  // [BOOK-4] the SQLite trigger's refusal, should a decision ever slip past the allocator
  if (error.message === 'seat_taken') {
    return sendError(c, 409, { code: 'seat_taken', message: 'the seat is already taken' });
  }
  c.get('log')?.error({ err: error }, 'unhandled error');
  return sendError(c, 500, { code: 'internal', message: 'internal error' });
}
