/**
 * What the student app sends to and reads from the cloud (`/v1/openapi.json`), as zod schemas the
 * kit's ApiClient checks every body and answer with. Everything `core` defines is taken from core,
 * the very schemas the cloud validates and documents with: the student routes' bodies and rows
 * (student-api.ts), sign-in (auth-api.ts), the account (profile.ts), and the catalog's search and
 * public page (catalog-api.ts). The rest mirrors the cloud's route schemas, which live with the
 * server and are not importable in a browser bundle, or is a narrower view the app reads on
 * purpose (Payment, Checkout). A drift shows up as `bad_response` in the browser tests, which run
 * against the real cloud.
 */
import { BookingRequest, Id, Paise, PaymentPurpose, SearchHit } from '@studyspot/core';
import { z } from 'zod';

/** `{ items, nextCursor }`, the shape of every cloud list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

// ── core's: sign-in (auth-api.ts), the account (profile.ts), the catalog (catalog-api.ts), the
// pass (student-api.ts) ────────────────────────────────────────────────────────────────────────
export {
  OtpRequest,
  OtpSent,
  OtpVerify,
  PassSeed,
  Profile,
  ProfilePatch,
  PublicLibrary,
  RefreshRequest,
  RefundQuote,
  SearchHit,
  TokenPair,
} from '@studyspot/core';
export const SearchPage = pageOf(SearchHit);

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
