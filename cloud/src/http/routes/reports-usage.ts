/**
 * GET /v1/libraries/{id}/reports/usage: occupancy by weekday × hour, revenue by plan and by shift,
 * and the no-show rate over a range of the library's local dates (billing/usage-report.ts), for
 * its owner and staff — what the owner portal draws its charts and CSV exports from.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, LocalDate } from '@studyspot/core';
import { notFound, staffTenant } from '../../billing/access.ts';
import { MAX_REPORT_DAYS, usageReport } from '../../billing/usage-report.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, errors, IdParam, json, router } from '../openapi.ts';

const Count = z.number().int();
const Rate = z.number().min(0).max(1);
const RevenueLine = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  payments: Count,
  amountPaise: Count,
  refundedPaise: Count,
});
export const UsageReport = z
  .object({
    libraryId: z.string(),
    timeZone: z.string(),
    from: LocalDate,
    to: LocalDate,
    seats: Count,
    occupancy: z.array(
      z.object({ weekday: Count, hour: Count, bookedHours: Count, days: Count, rate: Rate }),
    ),
    revenueByPlan: z.array(RevenueLine),
    revenueByShift: z.array(RevenueLine),
    totals: z.object({ payments: Count, amountPaise: Count, refundedPaise: Count }),
    noShows: z.object({
      decided: Count,
      noShows: Count,
      rate: Rate,
      byWeekday: z.array(z.object({ weekday: Count, decided: Count, noShows: Count, rate: Rate })),
    }),
  })
  .openapi('UsageReport');

const Range = z.object({ from: LocalDate, to: LocalDate });

export function usageReportRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      tags: ['reports'],
      security: bearer,
      middleware: [allow('owner', 'staff')],
      method: 'get',
      path: '/libraries/{id}/reports/usage',
      request: { params: IdParam, query: Range },
      responses: { 200: json(UsageReport, "The library's use over local dates from..to"), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
      if (days < 1 || days > MAX_REPORT_DAYS)
        throw new DomainError('validation_failed', `to: from..to spans 1 to ${MAX_REPORT_DAYS} days`, {
          field: 'to',
        });
      const tenantId = staffTenant(principalOf(c), id);
      const report = await d.db.tenant(tenantId, (tx) => usageReport(tx, id, from, to));
      if (!report) throw notFound('library');
      return c.json(report, 200);
    },
  );
  return app;
}
