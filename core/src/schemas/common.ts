import { z } from 'zod';

/** Ids are UUIDs (v7 where we mint them, so they sort by creation). */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** A local calendar date in the library's timezone. */
export const LocalDate = z.iso.date();
/** A local wall-clock time, HH:MM, 24-hour. `24:00` is allowed as a closing time. */
export const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:MM');
/** An instant as epoch milliseconds (UTC). */
export const Instant = z.number().int().min(0).max(8_640_000_000_000);
/** Money is integer paise; never floats. */
export const Paise = z.number().int().min(0).max(100_000_000_00);
/** Tax rate in basis points: 1800 = 18%. */
export const TaxRateBp = z.number().int().min(0).max(10_000);
export const Phone = z.string().regex(/^\+?[1-9]\d{6,14}$/, 'expected a phone number like +919876543210');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
