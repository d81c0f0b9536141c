import { z } from 'zod';

/**
 * What a student's cancellation gives back (the cloud's `cancellationRefund`): everything at least
 * `fullRefundHours` before the start, `partialRefundPercent` later, `lateRefundPercent` once it has
 * started. A missing key takes its default.
 */
export const RefundPolicy = z.object({
  fullRefundHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  partialRefundPercent: z.number().int().min(0).max(100).default(50),
  lateRefundPercent: z.number().int().min(0).max(100).default(0),
});
export type RefundPolicy = z.infer<typeof RefundPolicy>;

export const defaultRefundPolicy: RefundPolicy = RefundPolicy.parse({});

/** A library's booking policy. Every rule in core/SPEC.md reads its numbers from here. */
export const Policy = z.object({
  /** [BOOK-9] a hold lapses this long after it was placed */
  holdMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** [BOOK-12] a confirmed booking not checked in this long after its start is a no-show */
  noShowGraceMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** check-in opens this long before the start */
  checkInEarlyMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** [BOOK-6] bookings may start at most this many days ahead */
  advanceDays: z.number().int().min(0).max(366),
  /** [BOOK-7] at most this many bookings per member per local day */
  maxBookingsPerDay: z.number().int().min(1).max(48),
  /** [BOOK-11] `count` no-shows within `windowDays` ban booking for `banDays` */
  noShowStrikes: z.object({
    count: z.number().int().min(1).max(100),
    windowDays: z.number().int().min(1).max(365),
    banDays: z.number().int().min(0).max(365),
  }),
  /** [BOOK-10] a waitlist offer lapses this long after it was made */
  waitlistOfferMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** minutes a checked-in seat may read vacant before it counts as abandoned */
  abandonedMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Refunds on cancellation; a library that never set them has the defaults. */
  refund: RefundPolicy.optional(),
});
export type Policy = z.infer<typeof Policy>;

export const defaultPolicy: Policy = {
  holdMinutes: 10,
  noShowGraceMinutes: 30,
  checkInEarlyMinutes: 30,
  advanceDays: 14,
  maxBookingsPerDay: 3,
  noShowStrikes: { count: 3, windowDays: 30, banDays: 7 },
  waitlistOfferMinutes: 15,
  abandonedMinutes: 45,
};
