/**
 * The cloud API (`/v1`) as the owner/admin portal sees it. Request bodies are built from `core`'s
 * schemas exactly as the cloud's route files build theirs (NewLibrary is core's Library without id
 * and currency, a seat is core's Seat with a grid row and column…), so the portal never writes a
 * body shape by hand; sign-in is core's too (auth-api.ts). What exists only at the cloud's edge
 * (staff accounts, hub pairing, commands, reports) is declared here and checked by the browser tests against the real server.
 * Response schemas are loose about extra fields (the cloud may add some).
 */
import { page } from '@studyspot/app-kit';
import {
  Booking,
  Id,
  Instant,
  Library,
  LocalDate,
  LocalTime,
  Member,
  Plan,
  Policy,
  Seat,
  Shift,
  UserRole,
  Zone,
} from '@studyspot/core';
import { z } from 'zod';

export const CLOUD_API = '/v1';

// ── sign-in ────────────────────────────────────────────────────────────────────
// core's (core/src/schemas/auth-api.ts), the cloud's own
export { Login, RefreshRequest, TokenPair, UserRole } from '@studyspot/core';
export const roles = UserRole.options;
export const NoContent = z.null();

// ── libraries and what they sell ───────────────────────────────────────────────
const LibraryFields = Library.omit({ id: true, currency: true });
export const NewLibrary = LibraryFields.extend({
  policy: Policy.optional(),
  published: z.boolean().optional(),
});
export type NewLibrary = z.infer<typeof NewLibrary>;
export const LibraryPatch = LibraryFields.partial().extend({
  policy: Policy.optional(),
  published: z.boolean().optional(),
});
export const ManagedLibrary = Library.extend({
  tenantId: z.string(),
  policy: Policy,
  published: z.boolean(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ManagedLibrary = z.infer<typeof ManagedLibrary>;
export const LibraryPage = page(ManagedLibrary);

export const NewZone = Zone.omit({ id: true, libraryId: true });
export const ZonePage = page(Zone);
export const NewShift = z
  .object({ name: Shift.shape.name, start: LocalTime, end: LocalTime })
  .refine((s) => s.start < s.end, { message: 'start must be before end', path: ['end'] });
export const ShiftView = z.object(Shift.shape);
export type ShiftView = z.infer<typeof ShiftView>;
export const ShiftPage = page(ShiftView);
export const NewPlan = Plan.omit({ id: true, libraryId: true });
export type NewPlan = z.infer<typeof NewPlan>;
export const PlanPage = page(Plan);
export const PlanPatch = Plan.omit({ id: true, libraryId: true }).partial();

export const GridPosition = z.number().int().min(0).max(999).nullable();
export const PlacedSeat = Seat.extend({ row: GridPosition, col: GridPosition });
export type PlacedSeat = z.infer<typeof PlacedSeat>;
export const SeatPage = page(PlacedSeat);
export const SeatInput = Seat.pick({
  number: true,
  zoneId: true,
  type: true,
  features: true,
  status: true,
  lockId: true,
  sensorId: true,
}).extend({ row: GridPosition, col: GridPosition });
export type SeatInput = z.infer<typeof SeatInput>;
export const SeatLayout = z.object({ seats: z.array(SeatInput).min(1).max(500) });
export const PlacedSeats = z.object({ items: z.array(PlacedSeat) });

// ── staff ──────────────────────────────────────────────────────────────────────
export const StaffAccount = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['staff', 'owner']),
  status: z.enum(['active', 'disabled']),
  libraryIds: z.array(z.string()),
});
export type StaffAccount = z.infer<typeof StaffAccount>;
export const StaffChange = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  password: z.string().min(10).max(200).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type StaffChange = z.infer<typeof StaffChange>;
export const StaffList = z.object({ items: z.array(StaffAccount) });
export const NewStaff = z.object({
  email: z.email().max(200),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(10).max(200),
  libraryIds: z.array(Id).max(100),
});
export const LibraryStaff = z.object({
  items: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string().nullable() })),
});
export const StaffAssignment = z.object({ userIds: z.array(Id).max(200) });

// ── bookings, commands, members ────────────────────────────────────────────────
export const LibraryBooking = Booking.extend({
  memberName: z.string(),
  memberPhone: z.string(),
  seatNumber: z.string(),
  pendingCancelId: z.string().nullable(),
});
export type LibraryBooking = z.infer<typeof LibraryBooking>;
export const BookingPage = page(LibraryBooking);
export const OwnerCancel = z.object({
  reason: z.string().trim().min(1).max(200),
  refund: z.enum(['policy', 'full', 'none']),
});
export const commandStatuses = ['pending', 'applied', 'rejected'] as const;
export const HubCommand = z.object({
  id: z.string(),
  kind: z.string(),
  bookingId: z.string(),
  status: z.enum(commandStatuses),
  code: z.string().nullable(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
});
export type HubCommand = z.infer<typeof HubCommand>;
export const CommandPage = page(HubCommand);
export const LibraryMember = Member.extend({ activeMemberships: z.number(), bookings: z.number() });
export type LibraryMember = z.infer<typeof LibraryMember>;
export const MemberPage = page(LibraryMember);

// ── money ──────────────────────────────────────────────────────────────────────
export const paymentStatuses = ['pending', 'captured', 'failed', 'refunded', 'partially_refunded'] as const;
export const LibraryPayment = z.object({
  id: z.string(),
  memberName: z.string(),
  purpose: z.string(),
  description: z.string(),
  amountPaise: z.number(),
  refundedPaise: z.number(),
  provider: z.string(),
  status: z.enum(paymentStatuses),
  capturedAt: z.number().nullable(),
  createdAt: z.number(),
});
export type LibraryPayment = z.infer<typeof LibraryPayment>;
export const PaymentPage = page(LibraryPayment);
export const StaffRefund = z.object({ amountPaise: z.number().int().positive().optional() });
export const Refund = z.object({ id: z.string(), amountPaise: z.number(), status: z.string() }).nullable();
export const Invoice = z.object({
  id: z.string(),
  number: z.string(),
  issuedAt: z.number(),
  billTo: z.object({ name: z.string(), phone: z.string().nullable() }),
  subtotalPaise: z.number(),
  taxPaise: z.number(),
  totalPaise: z.number(),
});
export type Invoice = z.infer<typeof Invoice>;
export const InvoicePage = z.object({ items: z.array(Invoice), nextOffset: z.number().nullable() });

// ── reports ────────────────────────────────────────────────────────────────────
const RevenueLine = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  payments: z.number(),
  amountPaise: z.number(),
  refundedPaise: z.number(),
});
export type RevenueLine = z.infer<typeof RevenueLine>;
export const UsageReport = z.object({
  timeZone: z.string(),
  from: LocalDate,
  to: LocalDate,
  seats: z.number(),
  occupancy: z.array(
    z.object({
      weekday: z.number(),
      hour: z.number(),
      bookedHours: z.number(),
      days: z.number(),
      rate: z.number(),
    }),
  ),
  revenueByPlan: z.array(RevenueLine),
  revenueByShift: z.array(RevenueLine),
  totals: z.object({ payments: z.number(), amountPaise: z.number(), refundedPaise: z.number() }),
  noShows: z.object({
    decided: z.number(),
    noShows: z.number(),
    rate: z.number(),
    byWeekday: z.array(
      z.object({ weekday: z.number(), decided: z.number(), noShows: z.number(), rate: z.number() }),
    ),
  }),
});
export type UsageReport = z.infer<typeof UsageReport>;

// ── hubs ───────────────────────────────────────────────────────────────────────
export const NewHub = z.object({ name: z.string().trim().min(1).max(100) });
export const HubPairing = z.object({
  hubId: z.string(),
  name: z.string(),
  code: z.string(),
  expiresAt: z.number(),
});
export type HubPairing = z.infer<typeof HubPairing>;
export const FleetHub = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(['awaiting_pairing', 'paired', 'revoked']),
  online: z.boolean(),
  lastSeenAt: z.number().nullable(),
  softwareVersion: z.string().nullable(),
  uptimeS: z.number().nullable(),
  outboxBacklog: z.number().nullable(),
  parked: z.number().nullable(),
  shapeLagMs: z.number().nullable(),
  devicesOnline: z.number().nullable(),
  devicesOffline: z.number().nullable(),
  diskFreeBytes: z.number().nullable(),
});
export type FleetHub = z.infer<typeof FleetHub>;
export const FleetHubs = z.object({ items: z.array(FleetHub) });
export const Unpaired = z.object({ id: z.string(), revokedAt: z.number() });

// ── platform administration ────────────────────────────────────────────────────
export const AdminTenant = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: z.string(),
  createdAt: z.number(),
  libraries: z.number(),
  publishedLibraries: z.number(),
  hubs: z.number(),
});
export type AdminTenant = z.infer<typeof AdminTenant>;
export const AdminTenantPage = page(AdminTenant);
export const NewTenant = z.object({
  name: z.string().min(1).max(200),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
});
export const Tenant = z.object({ id: z.string(), name: z.string(), slug: z.string() });
export const NewOwner = z.object({
  email: z.email().max(200),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(10).max(200),
});
export const Owner = z.object({ id: z.string(), email: z.string() });
/** The fleet as admins see it; heartbeat fields are optional (older clouds list fewer). */
export const AdminHub = FleetHub.extend({
  tenantId: z.string(),
  tenantName: z.string(),
  libraryId: z.string(),
  libraryName: z.string(),
  lastRev: z.number().nullable(),
});
export type AdminHub = z.infer<typeof AdminHub>;
export const AdminHubPage = page(AdminHub);
export const AdminRevenue = z.object({
  items: z.array(
    z.object({
      tenantId: z.string(),
      tenantName: z.string(),
      month: z.string(),
      payments: z.number(),
      capturedPaise: z.number(),
      refundedPaise: z.number(),
      netPaise: z.number(),
    }),
  ),
  note: z.string(),
});
export type AdminRevenue = z.infer<typeof AdminRevenue>;
export const NotificationsView = z.object({
  channels: z.array(
    z.object({ channel: z.string(), provider: z.string(), live: z.boolean(), reason: z.string() }),
  ),
  counts: z.record(z.string(), z.number()),
  outbox: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      kind: z.string(),
      status: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      createdAt: z.number(),
    }),
  ),
  localOutbox: z.array(
    z.object({
      messageId: z.string(),
      channel: z.string(),
      to: z.string().nullable(),
      kind: z.string(),
      subject: z.string(),
      text: z.string(),
      at: z.number(),
    }),
  ),
});
export type NotificationsView = z.infer<typeof NotificationsView>;
