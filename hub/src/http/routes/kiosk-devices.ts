/**
 * Kiosk device tokens, managed by staff. POST shows the new device's token exactly once (only its
 * hash is stored); DELETE revokes it, after which the kiosk's requests are 401.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import type { RouteDeps } from '../env.ts';
import { staffOnly } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, router } from '../openapi.ts';

const Device = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
});
const NewDevice = z.object({ name: z.string().trim().min(1).max(100) });

export function kioskDeviceRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['kiosk-devices'], security: bearer, middleware: [staffOnly] };

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/kiosk-devices',
      request: { body: body(NewDevice) },
      responses: {
        201: json(Device.extend({ token: z.string() }), 'The device and its token, shown once'),
        400: errors[400],
        401: errors[401],
        403: errors[403],
      },
    }),
    (c) => {
      const { name } = c.req.valid('json');
      const created = d.auth.kiosks.create(d.core.catalog.data.library.id, name, d.core.clock.now());
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/kiosk-devices',
      responses: { 200: json(z.object({ items: z.array(Device) }), 'All kiosk devices'), 401: errors[401] },
    }),
    (c) => c.json({ items: d.auth.kiosks.list() }, 200),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'delete',
      path: '/kiosk-devices/{id}',
      request: { params: IdParam },
      responses: { 200: json(Device, 'The revoked device'), 401: errors[401], 404: errors[404] },
    }),
    (c) => {
      const revoked = d.auth.kiosks.revoke(c.req.valid('param').id, d.core.clock.now());
      if (!revoked) throw new DomainError('not_found', 'no such live kiosk device', { field: 'id' });
      return c.json(revoked, 200);
    },
  );

  return app;
}
