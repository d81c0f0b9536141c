/**
 * The hardware as staff see it: GET /devices lists every driver with its supervised status and the
 * lock's confirmed state, plus each MQTT device's online flag and last contact; GET /alerts lists
 * open alerts (ghost occupancy, abandoned seats, environment, device faults); POST
 * /devices/{id}/unlock opens a lock by hand, with a reason that goes into the audit log.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { registeredDevices } from '../../admin/db-status.ts';
import type { Hardware } from '../../hardware.ts';
import type { OccupancyMonitor } from '../../occupancy/occupancy-monitor.ts';
import { decide } from '../../store/db.ts';
import { audit } from '../../store/ledger.ts';
import type { RouteDeps } from '../env.ts';
import { principalOf, staffOnly } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

export interface DeviceDeps {
  hardware: Hardware;
  occupancy: OccupancyMonitor;
}

const Driver = z.object({
  id: z.string(),
  role: z.enum(['lock', 'sensor', 'reader']),
  status: z.string(),
  lockState: z.string().nullable(),
});
const MqttDevice = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  online: z.boolean(),
  lastSeen: z.number().nullable(),
  /** The last level the device reported, 0–100; null when it never reported one (mains powered). */
  batteryPct: z.number().int().min(0).max(100).nullable(),
  batteryAt: z.number().nullable(),
});
const Alert = z
  .object({
    id: z.string(),
    kind: z.string(),
    severity: z.string(),
    subject: z.string(),
    message: z.string(),
    at: z.number(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('Alert');
const DriverId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export function deviceRoutes(d: RouteDeps, devices: DeviceDeps) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/devices',
      tags: ['devices'],
      security: bearer,
      middleware: [staffOnly],
      responses: {
        200: json(z.object({ drivers: z.array(Driver), mqtt: z.array(MqttDevice) }), 'Devices'),
        ...errors,
      },
    }),
    (c) => {
      const drivers = devices.hardware.statuses().map((s) => ({
        ...s,
        lockState: s.role === 'lock' ? (devices.hardware.get(s.id)?.state ?? null) : null,
      }));
      const mqtt = registeredDevices(d.core.db)
        .filter((r) => !r.revoked)
        .map(({ revoked: _revoked, ...device }) => device);
      return c.json({ drivers, mqtt }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/alerts',
      tags: ['devices'],
      security: bearer,
      middleware: [staffOnly],
      responses: { 200: json(z.object({ items: z.array(Alert) }), 'Open alerts, oldest first'), ...errors },
    }),
    (c) => c.json({ items: devices.occupancy.openAlerts() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/devices/{id}/unlock',
      tags: ['devices'],
      security: bearer,
      middleware: [staffOnly],
      request: { params: DriverId, body: body(z.object({ reason: z.string().trim().min(3).max(200) })) },
      responses: { 200: json(z.object({ state: z.string() }), 'The state the lock confirmed'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const lock = devices.hardware.get(id);
      if (!lock) throw new DomainError('not_found', 'no such lock', { field: 'id' });
      const { actor } = principalOf(c);
      const now = d.core.clock.now();
      const state = await lock.unlock(5_000).catch(() => lock.state);
      decide(d.core.db, () => audit(d.core.db, actor, 'device.manual_unlock', id, { reason, state }, now));
      return c.json({ state }, 200);
    },
  );
  return app;
}
