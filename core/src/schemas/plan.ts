import { z } from 'zod';
import { Id, Paise, TaxRateBp } from './common.ts';

/**
 * What a library sells. `hourly` is priced per hour; `shift` per shift booking; `day_pass` for the
 * opening hours of one day; `monthly` is a membership for `durationDays`, for one shift or (shiftId
 * null) the full day, optionally limited to one zone.
 */
export const PlanKind = z.enum(['hourly', 'shift', 'day_pass', 'monthly']);
export type PlanKind = z.infer<typeof PlanKind>;

export const Plan = z.object({
  id: Id,
  libraryId: Id,
  name: z.string().min(1).max(100),
  kind: PlanKind,
  shiftId: Id.nullable(),
  zoneId: Id.nullable(),
  pricePaise: Paise,
  taxRateBp: TaxRateBp,
  durationDays: z.number().int().min(1).max(366).nullable(),
  active: z.boolean(),
});
export type Plan = z.infer<typeof Plan>;
