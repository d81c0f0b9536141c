/**
 * Row ↔ domain mapping for the hub's tables. SQLite rows are snake_case with JSON in TEXT columns;
 * the rest of the hub only sees `core` types.
 */
import type {
  Booking,
  Library,
  Member,
  Membership,
  Plan,
  Policy,
  Seat,
  Shift,
  WaitlistEntry,
  Zone,
} from '@studyspot/core';

export interface BookingRow {
  id: string;
  library_id: string;
  seat_id: string;
  member_id: string;
  starts_at: number;
  ends_at: number;
  shift_id: string | null;
  state: Booking['state'];
  source: Booking['source'];
  membership_id: string | null;
  amount_paise: number;
  tax_paise: number;
  hold_expires_at: number | null;
  checked_in_at: number | null;
  checked_out_at: number | null;
  created_at: number;
  updated_at: number;
  rev: number;
}

export const toBooking = (r: BookingRow): Booking => ({
  id: r.id,
  libraryId: r.library_id,
  seatId: r.seat_id,
  memberId: r.member_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  shiftId: r.shift_id,
  state: r.state,
  source: r.source,
  membershipId: r.membership_id,
  amountPaise: r.amount_paise,
  taxPaise: r.tax_paise,
  holdExpiresAt: r.hold_expires_at,
  checkedInAt: r.checked_in_at,
  checkedOutAt: r.checked_out_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  rev: r.rev,
});

export interface MemberRow {
  id: string;
  library_id: string;
  name: string;
  phone: string;
  email: string | null;
  status: Member['status'];
  created_at: number;
}

export const toMember = (r: MemberRow): Member => ({
  id: r.id,
  libraryId: r.library_id,
  name: r.name,
  phone: r.phone,
  email: r.email,
  status: r.status,
  createdAt: r.created_at,
});

export interface MembershipRow {
  id: string;
  library_id: string;
  member_id: string;
  plan_id: string;
  shift_id: string | null;
  zone_id: string | null;
  starts_on: string;
  ends_on: string;
  status: Membership['status'];
  created_at: number;
}

export const toMembership = (r: MembershipRow): Membership => ({
  id: r.id,
  libraryId: r.library_id,
  memberId: r.member_id,
  planId: r.plan_id,
  shiftId: r.shift_id,
  zoneId: r.zone_id,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
  createdAt: r.created_at,
});

export interface WaitlistRow {
  id: string;
  library_id: string;
  member_id: string;
  zone_id: string | null;
  starts_at: number;
  ends_at: number;
  shift_id: string | null;
  state: WaitlistEntry['state'];
  offered_seat_id: string | null;
  offer_expires_at: number | null;
  booking_id: string | null;
  created_at: number;
}

export const toWaitlistEntry = (r: WaitlistRow): WaitlistEntry & { bookingId: string | null } => ({
  id: r.id,
  libraryId: r.library_id,
  memberId: r.member_id,
  zoneId: r.zone_id,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  shiftId: r.shift_id,
  state: r.state,
  offeredSeatId: r.offered_seat_id,
  offerExpiresAt: r.offer_expires_at,
  bookingId: r.booking_id,
  createdAt: r.created_at,
});

export interface LibraryRow {
  id: string;
  name: string;
  timezone: string;
  address: string;
  geo: string;
  amenities: string;
  opening_hours: string;
  slot_minutes: number;
  currency: string;
  policy: string;
}

export const toLibrary = (r: LibraryRow): { library: Library; policy: Policy } => ({
  library: {
    id: r.id,
    name: r.name,
    timezone: r.timezone,
    address: JSON.parse(r.address),
    geo: JSON.parse(r.geo),
    amenities: JSON.parse(r.amenities),
    openingHours: JSON.parse(r.opening_hours),
    slotMinutes: r.slot_minutes as Library['slotMinutes'],
    currency: 'INR',
  },
  policy: JSON.parse(r.policy),
});

export interface SeatRow {
  id: string;
  library_id: string;
  zone_id: string;
  number: string;
  type: Seat['type'];
  features: string;
  status: Seat['status'];
  lock_id: string | null;
  sensor_id: string | null;
}

export const toSeat = (r: SeatRow): Seat => ({
  id: r.id,
  libraryId: r.library_id,
  zoneId: r.zone_id,
  number: r.number,
  type: r.type,
  features: JSON.parse(r.features),
  status: r.status,
  lockId: r.lock_id,
  sensorId: r.sensor_id,
});

export const toZone = (r: { id: string; library_id: string; name: string; description: string }): Zone => ({
  id: r.id,
  libraryId: r.library_id,
  name: r.name,
  description: r.description,
});

export const toShift = (r: {
  id: string;
  library_id: string;
  name: string;
  start: string;
  end: string;
}): Shift => ({
  id: r.id,
  libraryId: r.library_id,
  name: r.name,
  start: r.start,
  end: r.end,
});

export interface PlanRow {
  id: string;
  library_id: string;
  name: string;
  kind: Plan['kind'];
  shift_id: string | null;
  zone_id: string | null;
  price_paise: number;
  tax_rate_bp: number;
  duration_days: number | null;
  active: number;
}

export const toPlan = (r: PlanRow): Plan => ({
  id: r.id,
  libraryId: r.library_id,
  name: r.name,
  kind: r.kind,
  shiftId: r.shift_id,
  zoneId: r.zone_id,
  pricePaise: r.price_paise,
  taxRateBp: r.tax_rate_bp,
  durationDays: r.duration_days,
  active: r.active === 1,
});
