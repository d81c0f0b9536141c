/**
 * The student's waitlist calls (cloud/src/http/routes/me-waitlist.ts, ADR 0026), each body checked
 * before it leaves and each answer parsed. Joining, leaving and accepting are commands the library's
 * hub applies; the cloud answers at once with the pending command, and the list shows what the hub
 * has done. An offer with a price is accepted by paying for its hold (`startPayment`, purpose
 * `booking`), not by `acceptOffer`.
 */
import type { ApiClient } from '@studyspot/app-kit';
import { BookingState, Id, Instant, Paise, SlotRequest } from '@studyspot/core';
import { z } from 'zod';
import { NoBody, pageOf } from './schemas.ts';

export const JoinWaitlist = z.object({ libraryId: Id, zoneId: Id.nullable(), slot: SlotRequest });
export type JoinWaitlist = z.infer<typeof JoinWaitlist>;

/** A command the hub has yet to apply (or has answered); `bookingId` is its subject, the entry. */
export const WaitlistCommand = z.object({
  id: Id,
  kind: z.enum(['waitlist.join', 'waitlist.leave', 'waitlist.accept']),
  bookingId: Id,
  status: z.enum(['pending', 'applied', 'rejected']),
  code: z.string().nullable(),
});

export const WaitlistState = z.enum([
  'joining',
  'refused',
  'waiting',
  'offered',
  'accepted',
  'expired',
  'left',
]);
export type WaitlistState = z.infer<typeof WaitlistState>;

export const WaitlistItem = z.object({
  id: Id,
  libraryId: Id,
  libraryName: z.string().nullable(),
  zoneId: Id.nullable(),
  zoneName: z.string().nullable(),
  startsAt: Instant,
  endsAt: Instant,
  state: WaitlistState,
  code: z.string().nullable(),
  seatNumber: z.string().nullable(),
  offerExpiresAt: Instant.nullable(),
  bookingId: Id.nullable(),
  bookingState: BookingState.nullable(),
  pricePaise: Paise.nullable(),
  pending: z.array(z.object({ id: Id, kind: z.string(), createdAt: Instant })),
  createdAt: Instant,
});
export type WaitlistItem = z.infer<typeof WaitlistItem>;

export const joinWaitlist = (api: ApiClient, body: JoinWaitlist) =>
  api.post('/me/waitlist', JoinWaitlist, body, WaitlistCommand);

export const myWaitlist = (api: ApiClient) => api.get('/me/waitlist', pageOf(WaitlistItem), { limit: 50 });

export const leaveWaitlist = (api: ApiClient, id: string) =>
  api.post(`/me/waitlist/${id}/leave`, NoBody, {}, WaitlistCommand);

export const acceptOffer = (api: ApiClient, id: string) =>
  api.post(`/me/waitlist/${id}/accept`, NoBody, {}, WaitlistCommand);
