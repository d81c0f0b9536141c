import { z } from 'zod';
import { Id, Instant, LocalDate, Phone } from './common.ts';

export const Member = z.object({
  id: Id,
  libraryId: Id,
  name: z.string().min(1).max(120),
  phone: Phone,
  email: z.email().max(200).nullable(),
  status: z.enum(['active', 'blocked']),
  createdAt: Instant,
});
export type Member = z.infer<typeof Member>;

export const MembershipStatus = z.enum(['active', 'provisional', 'cancelled', 'expired']);
export type MembershipStatus = z.infer<typeof MembershipStatus>;

/**
 * A paid right to book without paying again, for local dates startsOn..endsOn inclusive, for one
 * shift or (shiftId null) the whole day, in one zone or (zoneId null) any zone. Cash taken at the
 * desk starts a `provisional` membership at once; the cloud makes it `active` when it syncs.
 */
export const Membership = z.object({
  id: Id,
  libraryId: Id,
  memberId: Id,
  planId: Id,
  shiftId: Id.nullable(),
  zoneId: Id.nullable(),
  startsOn: LocalDate,
  endsOn: LocalDate,
  status: MembershipStatus,
  createdAt: Instant,
});
export type Membership = z.infer<typeof Membership>;
