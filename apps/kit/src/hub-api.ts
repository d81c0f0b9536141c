/**
 * The hub LAN API (`/api/v1`) as the kiosk and the staff dashboard see it. Everything `core` has a
 * schema for is imported from `core` (Booking, Member, Membership, HoldRequest, Library, …); what
 * exists only at the hub's HTTP edge (login, scan results, the kiosk's status) is declared here,
 * built from `core` parts where it can be, and checked against the hub's OpenAPI document by the
 * browser tests' use of it. Response schemas are loose about extra fields (the hub may add some).
 */
import {
  Booking,
  HoldRequest,
  Id,
  Library,
  Member,
  Membership,
  Phone,
  Plan,
  Policy,
  Shift,
  Zone,
} from '@studyspot/core';
import { z } from 'zod';

/** The hub serves its apps and its API from one origin, so the path is absolute. */
export const HUB_API = '/api/v1';

const Pin = z.string().regex(/^\d{4,8}$/);

export const Login = z.union([
  z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }),
  z.object({ username: z.string().min(1).max(64), pin: Pin }),
]);
export const Session = z.object({
  token: z.string(),
  expiresAt: z.number(),
  staff: z.object({ id: z.string(), name: z.string(), role: z.enum(['staff', 'owner']) }),
});
export type Session = z.infer<typeof Session>;
export const Me = z.object({ role: z.enum(['staff', 'kiosk']), name: z.string() });

export const NewKioskDevice = z.object({ name: z.string().trim().min(1).max(100) });
export const KioskDevice = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
export const PairedKiosk = KioskDevice.extend({ token: z.string() });

export const LockOutcome = z.enum(['locked', 'unlocked', 'jammed', 'unknown', 'unavailable']).nullable();
/** The hub's entrance decision; `reason` is a code the app translates (unknown ones generically). */
export const EntryResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    bookingId: z.string(),
    memberName: z.string(),
    seatNumber: z.string(),
    door: LockOutcome,
    locker: LockOutcome,
  }),
  z.object({ ok: z.literal(false), reason: z.string(), message: z.string() }),
]);
export type EntryResult = z.infer<typeof EntryResult>;
export const ScanRequest = z.object({ code: z.string().min(1).max(512) });
export const EntryScan = z.object({
  via: z.object({ kind: z.string(), id: z.string() }),
  at: z.number(),
  result: EntryResult,
});
export type EntryScan = z.infer<typeof EntryScan>;

export const WalkIn = z.object({ phone: Phone, pin: Pin });
export const DayPass = z.object({ name: Member.shape.name, phone: Phone, zoneId: Id });
export const DayPassHeld = z.object({
  booking: Booking,
  memberName: z.string(),
  seatNumber: z.string(),
  zoneName: z.string(),
});
export type DayPassHeld = z.infer<typeof DayPassHeld>;
export const KioskStatus = z.object({
  now: z.number(),
  date: z.string(),
  libraryName: z.string(),
  zones: z.array(z.object({ zoneId: z.string(), name: z.string(), free: z.number(), total: z.number() })),
});
export type KioskStatus = z.infer<typeof KioskStatus>;

export const LibraryView = z.object({
  library: Library,
  policy: Policy,
  zones: z.array(Zone),
  shifts: z.array(Shift),
  plans: z.array(Plan),
});
export type LibraryView = z.infer<typeof LibraryView>;

export const seatLiveStates = ['free', 'held', 'booked', 'checked_in', 'out_of_service'] as const;
export const SeatView = z.object({
  seatId: z.string(),
  zoneId: z.string(),
  zoneName: z.string(),
  number: z.string(),
  status: z.string(),
  state: z.enum(seatLiveStates),
  bookingId: z.string().nullable(),
});
export type SeatView = z.infer<typeof SeatView>;
export const SeatMap = z.object({ from: z.number(), to: z.number(), seats: z.array(SeatView) });

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const BookingPage = page(Booking);
export const MemberPage = page(Member);
export const MemberView = Member.extend({ memberships: z.array(Membership) });
export const NewMember = Member.pick({ name: true, phone: true }).extend({
  email: Member.shape.email.optional(),
});
export const SetPin = z.object({ pin: Pin });
export const BookRequest = HoldRequest.extend({
  payment: z.object({ method: z.literal('cash') }).optional(),
});
export const CashPayment = z.object({ payment: z.object({ method: z.literal('cash') }).optional() });
export const CashSale = Membership.pick({ memberId: true, planId: true, startsOn: true });
export const CashSold = z.object({ membership: Membership, paymentId: z.string(), totalPaise: z.number() });
export const NoBody = z.object({});
/** A 204 answer. */
export const NoContent = z.null();

export const Devices = z.object({
  drivers: z.array(
    z.object({ id: z.string(), role: z.string(), status: z.string(), lockState: z.string().nullable() }),
  ),
  mqtt: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      name: z.string(),
      online: z.boolean(),
      lastSeen: z.number().nullable(),
      batteryPct: z.number().nullable(),
      batteryAt: z.number().nullable(),
    }),
  ),
});
export type Devices = z.infer<typeof Devices>;
export const Unlock = z.object({ reason: z.string().trim().min(3).max(200) });
export const Unlocked = z.object({ state: z.string() });
export const Alert = z.object({
  id: z.string(),
  kind: z.string(),
  severity: z.string(),
  subject: z.string(),
  message: z.string(),
  at: z.number(),
  detail: z.record(z.string(), z.unknown()),
});
export type Alert = z.infer<typeof Alert>;
export const Alerts = z.object({ items: z.array(Alert) });
export const SyncStatus = z.object({
  backlog: z.number(),
  parked: z.number(),
  oldestPendingAt: z.number().nullable(),
  lastShapeAt: z.number().nullable(),
  now: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;
export const Arrival = z.object({
  booking: Booking,
  memberName: z.string(),
  memberPhone: z.string(),
  seatNumber: z.string(),
  zoneName: z.string(),
});
export type Arrival = z.infer<typeof Arrival>;
export const Arrivals = z.object({
  date: z.string(),
  items: z.array(Arrival),
  nextCursor: z.string().nullable(),
});
export const KioskDevices = z.object({ items: z.array(KioskDevice) });
