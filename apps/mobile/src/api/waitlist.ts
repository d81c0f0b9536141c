/**
 * The student's waitlist calls (cloud/src/http/routes/me-waitlist.ts, ADR 0026), each body checked
 * before it leaves and each answer parsed. Joining, leaving and accepting are commands the library's
 * hub applies; the cloud answers at once with the pending command, and the list shows what the hub
 * has done. An offer with a price is accepted by paying for its hold (`startPayment`, purpose
 * `booking`), not by `acceptOffer`.
 */
import type { ApiClient } from '@studyspot/app-kit';
import { Id, JoinWaitlist, WaitlistItem } from '@studyspot/core';
import { z } from 'zod';
import { NoBody, pageOf } from './schemas.ts';

/**
 * A command the hub has yet to apply (or has answered); `bookingId` is its subject, the entry. The
 * part of the cloud's HubCommand the app reads, and only the waitlist's kinds.
 */
export const WaitlistCommand = z.object({
  id: Id,
  kind: z.enum(['waitlist.join', 'waitlist.leave', 'waitlist.accept']),
  bookingId: Id,
  status: z.enum(['pending', 'applied', 'rejected']),
  code: z.string().nullable(),
});

export const joinWaitlist = (api: ApiClient, body: JoinWaitlist) =>
  api.post('/me/waitlist', JoinWaitlist, body, WaitlistCommand);

export const myWaitlist = (api: ApiClient) => api.get('/me/waitlist', pageOf(WaitlistItem), { limit: 50 });

export const leaveWaitlist = (api: ApiClient, id: string) =>
  api.post(`/me/waitlist/${id}/leave`, NoBody, {}, WaitlistCommand);

export const acceptOffer = (api: ApiClient, id: string) =>
  api.post(`/me/waitlist/${id}/accept`, NoBody, {}, WaitlistCommand);
