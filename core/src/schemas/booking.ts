import { z } from 'zod';
import { Id, Instant, LocalDate, LocalTime, Paise } from './common.ts';

export const bookingStates = [
  'held',
  'confirmed',
  'checked_in',
  'completed',
  'cancelled',
  'expired',
  'no_show',
] as const;
export const BookingState = z.enum(bookingStates);
export type BookingState = z.infer<typeof BookingState>;

/** States that occupy the seat: [BOOK-4] and [BOOK-5] count only these. */
export const activeStates: readonly BookingState[] = ['held', 'confirmed', 'checked_in'];
export const isActive = (state: BookingState): boolean => activeStates.includes(state);

export const BookingSource = z.enum(['kiosk', 'staff', 'remote', 'waitlist']);
export type BookingSource = z.infer<typeof BookingSource>;

export const Booking = z.object({
  id: Id,
  libraryId: Id,
  seatId: Id,
  memberId: Id,
  startsAt: Instant,
  endsAt: Instant,
  shiftId: Id.nullable(),
  state: BookingState,
  source: BookingSource,
  membershipId: Id.nullable(),
  amountPaise: Paise,
  taxPaise: Paise,
  holdExpiresAt: Instant.nullable(),
  checkedInAt: Instant.nullable(),
  checkedOutAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  rev: z.number().int().min(0),
});
export type Booking = z.infer<typeof Booking>;

/** What a person asks for, in the library's local terms; `resolveSlot` turns it into instants. */
export const SlotRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('hours'),
    date: LocalDate,
    start: LocalTime,
    hours: z.number().int().min(1).max(24),
  }),
  z.object({ kind: z.literal('shift'), date: LocalDate, shiftId: Id }),
  z.object({ kind: z.literal('day'), date: LocalDate }),
]);
export type SlotRequest = z.infer<typeof SlotRequest>;

export const HoldRequest = z.object({ seatId: Id, memberId: Id, slot: SlotRequest });
export type HoldRequest = z.infer<typeof HoldRequest>;

export const WaitlistState = z.enum(['waiting', 'offered', 'accepted', 'expired', 'left']);
export type WaitlistState = z.infer<typeof WaitlistState>;

/** A member waiting for any seat of a zone (or of the library, zoneId null) in an interval. */
export const WaitlistEntry = z.object({
  id: Id,
  libraryId: Id,
  memberId: Id,
  zoneId: Id.nullable(),
  startsAt: Instant,
  endsAt: Instant,
  shiftId: Id.nullable(),
  state: WaitlistState,
  offeredSeatId: Id.nullable(),
  offerExpiresAt: Instant.nullable(),
  createdAt: Instant,
});
export type WaitlistEntry = z.infer<typeof WaitlistEntry>;
