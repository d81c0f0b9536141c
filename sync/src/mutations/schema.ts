/**
 * The wire format of the write path (ARCHITECTURE §4, ADR 0014): the hub POSTs a batch of its
 * outbox rows to `/v1/hub/mutations`; the cloud answers one result per mutation, in the same order.
 * The envelope is validated loosely (an array of anything) so that one malformed mutation is
 * rejected on its own and never fails the batch; each element is then parsed with `Mutation`.
 */
import { Booking, Id, Instant, Member, Membership, Paise, WaitlistEntry } from '@studyspot/core';
import { z } from 'zod';

export const mutationKinds = [
  'booking.upsert',
  'member.upsert',
  'membership.upsert',
  'payment.upsert',
  'waitlist.upsert',
  'audit.append',
  'request.decide',
  'command.result',
  'telemetry.rollup',
] as const;
export type MutationKind = (typeof mutationKinds)[number];

/** Hub rows without a `rev` of their own are ordered by the outbox (`rev` 0: last write wins). */
const Rev = z.number().int().min(0).optional();

export const CashPaymentPayload = z.object({
  id: Id,
  libraryId: Id,
  memberId: Id,
  planId: Id.nullable(),
  bookingId: Id.nullable(),
  method: z.literal('cash'),
  subtotalPaise: Paise,
  taxPaise: Paise,
  totalPaise: Paise,
  status: z.literal('captured'),
  recordedBy: z.string().min(1).max(120),
  createdAt: Instant,
});
export type CashPaymentPayload = z.infer<typeof CashPaymentPayload>;

export const AuditPayload = z.object({
  id: Id,
  at: Instant,
  actor: z.string().min(1).max(120),
  action: z.string().min(1).max(90),
  subject: z.string().max(200).nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditPayload = z.infer<typeof AuditPayload>;

/** The hub's answer to a student's remote booking request (ADR 0022). */
export const RequestDecisionPayload = z
  .object({
    id: Id,
    libraryId: Id,
    status: z.enum(['accepted', 'rejected']),
    /** The domain code of a rejection (`seat_taken`, `outside_hours`, …). */
    reason: z.string().min(1).max(60).nullable(),
    bookingId: Id.nullable(),
    decidedAt: Instant,
    rev: z.number().int().min(0),
  })
  .refine((d) => (d.status === 'accepted') === (d.bookingId !== null), {
    message: 'an accepted request names its booking, a rejected one does not',
    path: ['bookingId'],
  });
export type RequestDecisionPayload = z.infer<typeof RequestDecisionPayload>;

/** The hub's answer to a cloud command (ADR 0022). */
export const CommandResultPayload = z
  .object({
    id: Id,
    libraryId: Id,
    status: z.enum(['applied', 'rejected']),
    code: z.string().min(1).max(60).nullable(),
    decidedAt: Instant,
    rev: z.number().int().min(0),
  })
  .refine((d) => (d.status === 'rejected') === (d.code !== null), {
    message: 'a rejected command carries a code, an applied one does not',
    path: ['code'],
  });
export type CommandResultPayload = z.infer<typeof CommandResultPayload>;

const Spread = z.object({ mean: z.number(), min: z.number(), max: z.number() });
/** A window of sensor telemetry, rolled up on the hub (hub/src/telemetry). */
export const TelemetryRollupPayload = z.object({
  id: Id,
  libraryId: Id,
  windowStart: Instant,
  windowEnd: Instant,
  sensors: z
    .array(
      z.object({
        sensorId: z.string().min(1).max(64),
        kind: z.enum(['occupancy', 'contact', 'motion', 'environment', 'energy']),
        samples: z.number().int().min(1),
        stats: z.record(z.string(), z.union([z.number(), Spread])),
      }),
    )
    .max(2_000),
});
export type TelemetryRollupPayload = z.infer<typeof TelemetryRollupPayload>;

export const payloadSchemas = {
  /** `passSecret` rides along once, with the booking's first upsert (ADR 0023). */
  'booking.upsert': Booking.extend({ passSecret: z.string().min(16).max(200).optional() }),
  'member.upsert': Member.extend({ rev: Rev }),
  'membership.upsert': Membership.extend({ rev: Rev, paymentId: Id.nullable().optional() }),
  'payment.upsert': CashPaymentPayload,
  'waitlist.upsert': WaitlistEntry.extend({ rev: Rev, bookingId: Id.nullable().optional() }),
  'audit.append': AuditPayload,
  'request.decide': RequestDecisionPayload,
  'command.result': CommandResultPayload,
  'telemetry.rollup': TelemetryRollupPayload,
} as const;

/** One outbox row on the wire. `seq` is the hub's outbox position (for logs; order is the array's). */
export const Mutation = z.object({
  id: z.uuid(),
  seq: z.number().int().min(0),
  kind: z.enum(mutationKinds),
  entityId: z.string().min(1).max(200),
  createdAt: Instant,
  payload: z.unknown(),
});
export type Mutation = z.infer<typeof Mutation>;

export type ParsedMutation = {
  [K in MutationKind]: Omit<Mutation, 'kind' | 'payload'> & {
    kind: K;
    payload: z.infer<(typeof payloadSchemas)[K]>;
  };
}[MutationKind];

export const MAX_BATCH = 200;

export const MutationBatch = z.object({
  mutations: z.array(z.unknown()).min(1).max(MAX_BATCH),
});
export type MutationBatch = z.infer<typeof MutationBatch>;

/** Why the cloud refused a mutation. Refusals are final for that delivery; the hub parks them. */
export const rejectionCodes = [
  'malformed',
  'wrong_library',
  'conflict',
  'unknown_reference',
  'invalid',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export const MutationResult = z.discriminatedUnion('status', [
  /** Applied (or already applied: `duplicate`), in Postgres transaction `txid`. */
  z.object({
    id: z.string().nullable(),
    status: z.literal('accepted'),
    txid: z.number().int(),
    duplicate: z.boolean().optional(),
  }),
  z.object({
    id: z.string().nullable(),
    status: z.literal('rejected'),
    code: z.string(),
    message: z.string(),
  }),
  z.object({ id: z.string().nullable(), status: z.literal('retry'), code: z.string() }),
]);
export type MutationResult = z.infer<typeof MutationResult>;

export const MutationResponse = z.object({
  results: z.array(MutationResult),
  /** The batch's Postgres transaction (`pg_current_xact_id()::xid`); duplicates carry their own. */
  txid: z.number().int(),
});
export type MutationResponse = z.infer<typeof MutationResponse>;

/** Parses one element of a batch: the envelope, then the payload of its kind. */
export function parseMutation(
  raw: unknown,
): { ok: true; mutation: ParsedMutation } | { ok: false; id: string | null; message: string } {
  const rawId =
    typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string'
      ? ((raw as { id: string }).id as string)
      : null;
  const envelope = Mutation.safeParse(raw);
  if (!envelope.success) return { ok: false, id: rawId, message: z.prettifyError(envelope.error) };
  const payload = payloadSchemas[envelope.data.kind].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, id: rawId, message: z.prettifyError(payload.error) };
  return { ok: true, mutation: { ...envelope.data, payload: payload.data } as ParsedMutation };
}
