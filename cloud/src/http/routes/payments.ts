/**
 * Payments: a student starts one for a booking request, a membership plan or a held booking
 * (amount from core pricing) and gets the provider's checkout; verifies it after paying (the
 * webhook confirms too); cancels with a refund by policy. Staff record cash (captured and
 * invoiced at once) and refund. Another tenant's payment is 404. ADR 0012.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Id, NewPayment as NewPaymentSchema } from '@studyspot/core';
import { locatePayment, staffTenant, tenantOfLibrary } from '../../billing/access.ts';
import { createPayment, tryCheckout } from '../../billing/checkout.ts';
import { loadPayment, type PaymentRow, toPaymentView } from '../../billing/payment-rows.ts';
import { cancelPayment, refundPayment } from '../../billing/refunds.ts';
import { recordCash, verifyPayment } from '../../billing/verify-and-cash.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, named, router } from '../openapi.ts';
import { PaymentSchema, RefundSchema } from './payments-schemas.ts';

// Core's shape, shared with the student app, under its name in the document.
const NewPayment = named(NewPaymentSchema, 'NewPayment');
const CashPayment = NewPayment.extend({ memberId: Id }).openapi('CashPayment');
const Verify = z.object({ payload: z.record(z.string(), z.unknown()).default({}) }).openapi('VerifyPayment');
const StaffRefund = z.object({ amountPaise: z.number().int().positive().optional() }).openapi('StaffRefund');
const Cancelled = z.object({
  payment: PaymentSchema,
  refundPaise: z.number().int(),
  refund: RefundSchema.nullable(),
});

export function paymentRoutes(d: RouteDeps) {
  const app = router();
  const billing = d.billing;
  if (!billing) return app;
  const common = { tags: ['payments'], security: bearer };
  const anyone = [allow('student', 'staff', 'owner')];
  const reply = (row: PaymentRow) => toPaymentView(row);
  const reload = async (tenantId: string, id: string) =>
    reply((await d.db.tenant(tenantId, (tx) => loadPayment(tx, tenantId, id))) as PaymentRow);

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments',
      middleware: [allow('student'), d.rateLimit('booking')],
      request: { body: body(NewPayment) },
      responses: { 201: json(PaymentSchema, 'The payment and its checkout'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const principal = principalOf(c);
      const tenantId = await tenantOfLibrary(d.db, input.libraryId);
      const row = await createPayment(
        billing,
        { ...input, tenantId, userId: principal.userId, customer: {} },
        d.now(),
      );
      return c.json(reply(row), 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/payments/{id}',
      middleware: anyone,
      request: { params: IdParam },
      responses: { 200: json(PaymentSchema, 'The payment'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      return c.json(await reload(await locatePayment(d.db, principalOf(c), id), id), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments/{id}/checkout',
      middleware: anyone,
      request: { params: IdParam },
      responses: {
        200: json(PaymentSchema, 'The payment; the checkout call was tried again if it had none'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = await locatePayment(d.db, principalOf(c), id);
      const row = (await d.db.tenant(tenantId, (tx) => loadPayment(tx, tenantId, id))) as PaymentRow;
      const next =
        row.status === 'pending' && row.provider_ref === null
          ? await tryCheckout(billing, row, d.now())
          : row;
      return c.json(reply(next), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments/{id}/verify',
      middleware: anyone,
      request: { params: IdParam, body: body(Verify) },
      responses: { 200: json(PaymentSchema, 'The payment after verification'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = await locatePayment(d.db, principalOf(c), id);
      const row = await verifyPayment(billing, tenantId, id, c.req.valid('json').payload, d.now());
      return c.json(reply(row), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments/{id}/cancel',
      middleware: anyone,
      request: { params: IdParam },
      responses: { 200: json(Cancelled, 'Cancelled; refunded by the cancellation policy'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = await locatePayment(d.db, principalOf(c), id);
      const { refund, refundPaise } = await cancelPayment(billing, tenantId, id, d.now());
      return c.json(
        { payment: await reload(tenantId, id), refundPaise, refund: refund && refundView(refund) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments/{id}/refund',
      middleware: [allow('owner', 'staff')],
      request: { params: IdParam, body: body(StaffRefund) },
      responses: { 200: json(RefundSchema.nullable(), 'The refund (null: nothing left)'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const tenantId = await locatePayment(d.db, principalOf(c), id);
      const refund = await refundPayment(
        billing,
        tenantId,
        id,
        'staff',
        d.now(),
        c.req.valid('json').amountPaise,
      );
      return c.json(refund && refundView(refund), 200);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/payments/cash',
      middleware: [allow('owner', 'staff')],
      request: { body: body(CashPayment) },
      responses: { 201: json(PaymentSchema, 'Captured and invoiced'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const principal = principalOf(c);
      const tenantId = staffTenant(principal, input.libraryId);
      const row = await recordCash(billing, { ...input, tenantId, recordedBy: principal.userId }, d.now());
      return c.json(reply(row), 201);
    },
  );

  return app;
}

function refundView(r: {
  id: string;
  payment_id: string;
  amount_paise: number;
  reason: string;
  status: string;
}) {
  return {
    id: r.id,
    paymentId: r.payment_id,
    amountPaise: r.amount_paise,
    reason: r.reason,
    status: r.status,
  };
}
