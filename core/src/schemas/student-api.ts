/**
 * The student routes' bodies and rows, written once for both ends (issue #6: "no request shape
 * written by hand where a core schema exists"): the cloud validates and documents them
 * (cloud/src/http/routes/booking-requests.ts, payments.ts, me-waitlist.ts name each in OpenAPI),
 * and the student app's ApiClient checks every body with them before it leaves and parses the
 * answers with them (apps/mobile/src/api). A view one end reads narrower stays with that end.
 */
import { z } from 'zod';
import { Booking, BookingState, SlotRequest, WaitlistState } from './booking.ts';
import { Id, Instant, Paise } from './common.ts';
import { Membership } from './member.ts';
import { RefundPolicy } from './policy.ts';

// ── remote booking requests (POST /v1/booking-requests) ─────────────────────────────────────────

/** A seat, or any seat of a zone — exactly one of the two — for a slot in the library's terms. */
export const NewBookingRequest = z
  .object({ libraryId: Id, seatId: Id.optional(), zoneId: Id.optional(), slot: SlotRequest })
  .refine((r) => (r.seatId === undefined) !== (r.zoneId === undefined), {
    message: 'name exactly one of seatId and zoneId',
    path: ['seatId'],
  });
export type NewBookingRequest = z.infer<typeof NewBookingRequest>;

/** pending until the library's hub accepts or rejects it; the student may cancel it meanwhile. */
export const BookingRequestStatus = z.enum(['pending', 'accepted', 'rejected', 'cancelled', 'expired']);
export type BookingRequestStatus = z.infer<typeof BookingRequestStatus>;

export const BookingRequest = z.object({
  id: Id,
  libraryId: Id,
  seatId: Id.nullable(),
  zoneId: Id.nullable(),
  slot: SlotRequest,
  startsAt: z.number(),
  endsAt: z.number(),
  status: BookingRequestStatus,
  /** The hub's domain code when rejected. */
  reason: z.string().nullable(),
  bookingId: Id.nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type BookingRequest = z.infer<typeof BookingRequest>;

/** A student's booking across libraries (GET /v1/me/bookings), with the names to show. */
export const MyBooking = Booking.extend({
  libraryName: z.string().nullable(),
  seatNumber: z.string().nullable(),
});
export type MyBooking = z.infer<typeof MyBooking>;

/** A student's membership across libraries (GET /v1/me/memberships). */
export const MyMembership = Membership.extend({ libraryName: z.string().nullable() });
export type MyMembership = z.infer<typeof MyMembership>;

// ── payments (POST /v1/payments) ────────────────────────────────────────────────────────────────

/** What a payment is for: a booking request, a membership plan or a held booking (a waitlist offer). */
export const PaymentPurpose = z.enum(['booking_request', 'membership', 'booking']);
export type PaymentPurpose = z.infer<typeof PaymentPurpose>;

/** `targetId` names the request, the plan or the booking, as `purpose` says. */
export const NewPayment = z.object({ libraryId: Id, purpose: PaymentPurpose, targetId: Id });
export type NewPayment = z.infer<typeof NewPayment>;

// ── the waitlist (/v1/me/waitlist, ADR 0026) ────────────────────────────────────────────────────

/** Wait for any seat of a zone or, `zoneId` null (the default), of any zone of the library. */
export const JoinWaitlist = z.object({
  libraryId: Id,
  zoneId: Id.nullable().default(null),
  slot: SlotRequest,
});
export type JoinWaitlist = z.infer<typeof JoinWaitlist>;

/**
 * An entry as its student sees it: the hub's states, after `joining` (the join waits for the hub)
 * or `refused` (the hub would not add it).
 */
export const WaitlistItemState = z.enum(['joining', 'refused', ...WaitlistState.options]);
export type WaitlistItemState = z.infer<typeof WaitlistItemState>;

export const WaitlistItem = z.object({
  id: Id,
  libraryId: Id,
  libraryName: z.string().nullable(),
  zoneId: Id.nullable(),
  zoneName: z.string().nullable(),
  startsAt: Instant,
  endsAt: Instant,
  state: WaitlistItemState,
  /** The domain code of the hub's last refusal of a command on this entry, if any. */
  code: z.string().nullable(),
  seatNumber: z.string().nullable(),
  offerExpiresAt: Instant.nullable(),
  /**
   * While waiting: how many entries the hub would offer a freed seat to first (joined earlier, for
   * an overlapping time, in a zone that competes); 0 is next in line. Null in any other state.
   */
  ahead: z.number().int().nonnegative().nullable(),
  bookingId: Id.nullable(),
  bookingState: BookingState.nullable(),
  pricePaise: Paise.nullable(),
  /** Commands on this entry the hub has yet to apply. */
  pending: z.array(z.object({ id: Id, kind: z.string(), createdAt: Instant })),
  createdAt: Instant,
});
export type WaitlistItem = z.infer<typeof WaitlistItem>;

// ── the pass (GET /v1/me/bookings/{id}/pass) ────────────────────────────────────────────────────

/**
 * What the phone needs to draw the rotating pass offline (`makePass`): the booking's ids and times
 * and the secret the hub minted for it (ADR 0023), 32 bytes in base64url.
 */
export const PassSeed = z.object({
  bookingId: Id,
  libraryId: Id,
  memberId: Id,
  secret: z.string().min(43).max(44),
  startsAt: Instant,
  endsAt: Instant,
});
export type PassSeed = z.infer<typeof PassSeed>;

// ── a cancellation's refund, before the student decides (GET /v1/me/bookings/{id}/refund) ───────

export const RefundQuote = z.object({
  bookingId: Id,
  startsAt: Instant,
  paidPaise: Paise,
  refundedPaise: Paise,
  refundIfCancelledNowPaise: Paise,
  /** The library's terms, so the app can state them. */
  policy: RefundPolicy,
});
export type RefundQuote = z.infer<typeof RefundQuote>;
