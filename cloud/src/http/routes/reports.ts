/** The monthly financial report of a library, for its owner and staff (billing/reports.ts). */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound, staffTenant } from '../../billing/access.ts';
import { monthlyReport } from '../../billing/reports.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, router } from '../openapi.ts';

const Money = z.number().int();
const Report = z
  .object({
    libraryId: z.string(),
    month: z.string(),
    timeZone: z.string(),
    revenue: z.array(
      z.object({
        purpose: z.string(),
        planId: z.string().nullable(),
        planName: z.string().nullable(),
        count: z.number().int(),
        subtotalPaise: Money,
        taxPaise: Money,
        totalPaise: Money,
      }),
    ),
    totals: z.object({
      payments: z.number().int(),
      subtotalPaise: Money,
      taxPaise: Money,
      totalPaise: Money,
    }),
    refunds: z.object({ count: z.number().int(), amountPaise: Money }),
    netPaise: Money,
    invoiceCount: z.number().int(),
    firstInvoice: z.string().nullable(),
    lastInvoice: z.string().nullable(),
  })
  .openapi('MonthlyReport');

const Month = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM') });

export function reportRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      tags: ['reports'],
      security: bearer,
      middleware: [allow('owner', 'staff')],
      method: 'get',
      path: '/libraries/{id}/reports/monthly',
      request: { params: IdParam, query: Month },
      responses: { 200: json(Report, "The library's month in money"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { month } = c.req.valid('query');
      const tenantId = staffTenant(principalOf(c), id);
      const report = await d.db.tenant(tenantId, (tx) => monthlyReport(tx, id, month));
      if (!report) throw notFound('library');
      return c.json(report, 200);
    },
  );
  return app;
}
