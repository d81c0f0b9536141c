/** The response shapes of the payment, invoice and report routes, for validation and the document. */
import { z } from '@hono/zod-openapi';
import { Id, Instant, PaymentPurpose } from '@studyspot/core';

const Paise = z.number().int();

export const Checkout = z
  .union([
    z.object({
      kind: z.literal('razorpay'),
      keyId: z.string(),
      orderId: z.string(),
      amountPaise: Paise,
      currency: z.literal('INR'),
    }),
    z.object({ kind: z.literal('stripe'), url: z.string() }),
    z.object({ kind: z.literal('test'), url: z.string() }),
    z.object({ kind: z.literal('cash') }),
  ])
  .openapi('Checkout');

export const PaymentSchema = z
  .object({
    id: Id,
    libraryId: Id,
    memberId: Id,
    purpose: PaymentPurpose,
    targetId: Id,
    description: z.string(),
    subtotalPaise: Paise,
    taxPaise: Paise,
    amountPaise: Paise,
    refundedPaise: Paise,
    provider: z.enum(['razorpay', 'stripe', 'cash', 'test']),
    status: z.enum(['pending', 'captured', 'failed', 'refunded', 'partially_refunded']),
    checkout: Checkout.nullable(),
    retryAt: Instant.nullable(),
    capturedAt: Instant.nullable(),
    createdAt: Instant,
  })
  .openapi('Payment');

export const RefundSchema = z
  .object({
    id: Id,
    paymentId: Id,
    amountPaise: Paise,
    reason: z.string(),
    status: z.string(),
  })
  .openapi('Refund');

export const InvoiceLine = z.object({
  kind: z.enum(['item', 'tax']),
  description: z.string(),
  rateBp: z.number().int(),
  amountPaise: Paise,
});

export const InvoiceSchema = z
  .object({
    id: Id,
    libraryId: Id,
    paymentId: Id,
    number: z.string(),
    issuedAt: Instant,
    billTo: z.object({ name: z.string(), phone: z.string().nullable() }),
    subtotalPaise: Paise,
    taxPaise: Paise,
    totalPaise: Paise,
    lines: z.array(InvoiceLine).optional(),
  })
  .openapi('Invoice');
