/**
 * What anyone, signed in or not, reads of the catalog (GET /v1/libraries/search and a library's
 * public page), written once: the cloud documents it (cloud/src/http/routes/search.ts), the
 * student app parses it (apps/mobile/src/api).
 */
import { z } from 'zod';
import { Id, Instant, Paise, TaxRateBp } from './common.ts';
import { Library, Shift, Zone } from './library.ts';
import { Plan } from './plan.ts';

export const SearchHit = z.object({
  id: Id,
  name: z.string(),
  address: Library.shape.address,
  geo: Library.shape.geo,
  amenities: z.array(z.string()),
  timezone: z.string(),
  /** The cheapest active plan's total, tax included; null when nothing is for sale. */
  minPricePaise: Paise.nullable(),
  /** From the searcher's position, when they gave one. */
  distanceKm: z.number().nullable(),
  openNow: z.boolean(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const PlanPrice = z.object({
  subtotalPaise: Paise,
  taxPaise: Paise,
  totalPaise: Paise,
  taxRateBp: TaxRateBp,
});

/** Today's free seats of one zone in one window (a shift, or the opening hours). */
export const ZoneFree = z.object({ zoneId: Id, seats: z.number().int(), free: z.number().int() });

export const PublicLibrary = z.object({
  library: Library,
  zones: z.array(Zone),
  shifts: z.array(Shift),
  plans: z.array(Plan.extend({ price: PlanPrice })),
  availability: z.object({
    date: z.string(),
    windows: z.array(
      z.object({
        shiftId: Id.nullable(),
        name: z.string(),
        startsAt: Instant,
        endsAt: Instant,
        zones: z.array(ZoneFree),
      }),
    ),
  }),
});
export type PublicLibrary = z.infer<typeof PublicLibrary>;
