import { z } from 'zod';
import { isValidTimeZone } from '../time.ts';
import { Id, LocalTime, weekdays } from './common.ts';

export const Address = z.object({
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  state: z.string().min(1).max(100),
  postalCode: z.string().min(3).max(12),
  country: z.string().length(2),
});

export const Geo = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export const DayHours = z
  .object({ open: LocalTime, close: LocalTime })
  .refine((h) => h.open < h.close, { message: 'open must be before close', path: ['close'] });
export type DayHours = z.infer<typeof DayHours>;

/** Opening hours per weekday; `null` means closed that day. */
export const OpeningHours = z.object(
  Object.fromEntries(weekdays.map((d) => [d, DayHours.nullable()])) as Record<
    (typeof weekdays)[number],
    z.ZodNullable<typeof DayHours>
  >,
);
export type OpeningHours = z.infer<typeof OpeningHours>;

export const Library = z.object({
  id: Id,
  name: z.string().min(1).max(200),
  /** An IANA zone Intl knows; anything else would make every rule throw a RangeError. */
  timezone: z.string().min(1).max(64).refine(isValidTimeZone, 'expected an IANA timezone like Asia/Kolkata'),
  address: Address,
  geo: Geo,
  amenities: z.array(z.string().min(1).max(40)).max(40),
  openingHours: OpeningHours,
  /** Hourly bookings start on this grid, counted from the day's opening time. */
  slotMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)]),
  currency: z.literal('INR'),
});
export type Library = z.infer<typeof Library>;

export const Zone = z.object({
  id: Id,
  libraryId: Id,
  name: z.string().min(1).max(100),
  description: z.string().max(500).default(''),
});
export type Zone = z.infer<typeof Zone>;

export const SeatType = z.enum(['standard', 'window', 'cabin', 'standing']);
export const SeatStatus = z.enum(['active', 'out_of_service']);

export const Seat = z.object({
  id: Id,
  libraryId: Id,
  zoneId: Id,
  number: z.string().min(1).max(20),
  type: SeatType,
  features: z.array(z.string().min(1).max(40)).max(20),
  status: SeatStatus,
  lockId: z.string().max(64).nullable(),
  sensorId: z.string().max(64).nullable(),
});
export type Seat = z.infer<typeof Seat>;

/** A named block of the day (morning, evening, full day) sold as a unit. */
export const Shift = z
  .object({
    id: Id,
    libraryId: Id,
    name: z.string().min(1).max(60),
    start: LocalTime,
    end: LocalTime,
  })
  .refine((s) => s.start < s.end, { message: 'start must be before end', path: ['end'] });
export type Shift = z.infer<typeof Shift>;
