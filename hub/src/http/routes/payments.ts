/**
 * POST /payments/cash: staff take cash for a monthly plan; the payment and a provisional
 * membership starting on `startsOn` are written together [BOOK-8]. Kiosks cannot record cash.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { Membership } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

const CashSale = Membership.pick({ memberId: true, planId: true, startsOn: true });
const Sold = z.object({ membership: Membership, paymentId: z.string(), totalPaise: z.number() });

export function paymentRoutes(d: RouteDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/payments/cash',
      tags: ['payments'],
      security: bearer,
      middleware: [staffOnly],
      request: { body: body(CashSale) },
      responses: { 201: json(Sold, 'The membership and its payment'), ...errors },
    }),
    (c) => {
      const sale = c.req.valid('json');
      const sold = d.core.memberships.sellForCash(sale, principalOf(c).actor, d.core.clock.now());
      return c.json(sold, 201);
    },
  );
  return app;
}
