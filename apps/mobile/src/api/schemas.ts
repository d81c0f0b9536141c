/**
 * What the student app sends to and reads from the cloud (`/v1/openapi.json`), as zod schemas the
 * kit's ApiClient checks every body and answer with. Everything `core` defines is taken from core:
 * the student routes' bodies and rows (NewBookingRequest, BookingRequest, MyBooking, MyMembership,
 * NewPayment; core/src/schemas/student-api.ts), sign-in (auth-api.ts) and the account (Profile,
 * ProfilePatch; profile.ts) are the very schemas the cloud validates with. The
 * rest mirrors the cloud's route schemas, which live with the server and are not importable in a
 * browser bundle, or is a narrower view the app reads on purpose (Payment, Checkout). A drift shows
 * up as `bad_response` in the browser tests, which run against the real cloud.
 */
import {
  BookingRequest,
  Id,
  Instant,
  Library,
  Paise,
  PaymentPurpose,
  Plan,
  Shift,
  TaxRateBp,
  Zone,
} from '@studyspot/core';
import { z } from 'zod';

/** `{ items, nextCursor }`, the shape of every cloud list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ── sign-in and the account: core's (core/src/schemas/auth-api.ts, profile.ts) ────────────────
export {
  OtpRequest,
  OtpSent,
  OtpVerify,
  Profile,
  ProfilePatch,
  RefreshRequest,
  TokenPair,
} from '@studyspot/core';

// ── catalog ────────────────────────────────────────────────────────────────────────────────────
export const SearchHit = z.object({
  id: Id,
  name: z.string(),
  address: Library.shape.address,
  geo: Library.shape.geo,
  amenities: z.array(z.string()),
  timezone: z.string(),
  minPricePaise: Paise.nullable(),
  distanceKm: z.number().nullable(),
  openNow: z.boolean(),
});
export type SearchHit = z.infer<typeof SearchHit>;
export const SearchPage = pageOf(SearchHit);

const Price = z.object({ subtotalPaise: Paise, taxPaise: Paise, totalPaise: Paise, taxRateBp: TaxRateBp });
export const PublicLibrary = z.object({
  library: Library,
  zones: z.array(Zone),
  shifts: z.array(Shift),
  plans: z.array(Plan.extend({ price: Price })),
  availability: z.object({
    date: z.string(),
    windows: z.array(
      z.object({
        shiftId: Id.nullable(),
        name: z.string(),
        startsAt: z.number(),
        endsAt: z.number(),
        zones: z.array(z.object({ zoneId: Id, seats: z.number().int(), free: z.number().int() })),
      }),
    ),
  }),
});
export type PublicLibrary = z.infer<typeof PublicLibrary>;

// ── requests, bookings, memberships ───────────────────────────────────────────────────────────
/** A row of GET /me/booking-requests: core's request with its library's name. */
export const MyRequest = BookingRequest.extend({ libraryName: z.string().nullable() });
export type MyRequest = z.infer<typeof MyRequest>;

export const HubCommand = z.object({
  id: Id,
  kind: z.enum(['booking.cancel', 'booking.confirm']),
  bookingId: Id,
  status: z.enum(['pending', 'applied', 'rejected']),
  code: z.string().nullable(),
});
/** POST /me/bookings/{id}/cancel has no body; the kit still wants a schema for what it sends. */
export const NoBody = z.object({}).strict();

/** GET /me/bookings/{id}/refund (cloud/src/http/routes/me-refunds.ts). */
export const RefundQuote = z.object({
  bookingId: Id,
  startsAt: Instant,
  paidPaise: Paise,
  refundedPaise: Paise,
  refundIfCancelledNowPaise: Paise,
  policy: z.object({
    fullRefundHours: z.number(),
    partialRefundPercent: z.number().int(),
    lateRefundPercent: z.number().int(),
  }),
});
export type RefundQuote = z.infer<typeof RefundQuote>;

// ── payments ───────────────────────────────────────────────────────────────────────────────────
/**
 * Narrower than the cloud's `Checkout` on purpose: the app sends the student to Stripe's `url`, so
 * it must be an http(s) URL, and an amount must be core's `Paise`.
 */
const Checkout = z.union([
  z.object({
    kind: z.literal('razorpay'),
    keyId: z.string(),
    orderId: z.string(),
    amountPaise: Paise,
    currency: z.literal('INR'),
  }),
  // Stripe Checkout: the hosted page to send the student to (ADR 0027)
  z.object({ kind: z.literal('stripe'), url: z.url({ protocol: /^https?$/ }) }),
  z.object({ kind: z.literal('test'), url: z.string() }),
  z.object({ kind: z.literal('cash') }),
]);
/** The part of the cloud's Payment the app reads (not the tax split, the member or the times). */
export const Payment = z.object({
  id: Id,
  libraryId: Id,
  purpose: PaymentPurpose,
  targetId: Id,
  description: z.string(),
  amountPaise: Paise,
  refundedPaise: Paise,
  provider: z.enum(['razorpay', 'stripe', 'cash', 'test']),
  status: z.enum(['pending', 'captured', 'failed', 'refunded', 'partially_refunded']),
  checkout: Checkout.nullable(),
});
export type Payment = z.infer<typeof Payment>;
export type Checkout = z.infer<typeof Checkout>;
/** What Razorpay Checkout hands its `handler`, posted to POST /payments/{id}/verify. */
export const RazorpayResponse = z.object({
  razorpay_payment_id: z.string().min(1).max(100),
  razorpay_order_id: z.string().min(1).max(100),
  razorpay_signature: z.string().regex(/^[0-9a-f]{64}$/),
});
export type RazorpayResponse = z.infer<typeof RazorpayResponse>;
export const VerifyPayment = z.object({ payload: RazorpayResponse });

// ── the pass ───────────────────────────────────────────────────────────────────────────────────
/**
 * What the phone needs to draw the rotating pass offline (core `makePass`): the booking's pass
 * secret and the ids it signs, from GET /me/bookings/{id}/pass (the hub mints the secret and sends
 * it up with the booking, ADR 0023).
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
