/**
 * Hub pairing and the fleet (issue #5, ADR 0016). An owner (or a platform admin) adds a hub to a
 * library and gets a one-time pairing code; the hub pairs with it (no bearer: the code is the
 * credential, rate limited `auth`) by registering its Ed25519 public key; from then on every hub
 * request is signed (`hubAuthorizer`). Owners unpair (the key is revoked: the hub's next request
 * is 401). The hub reports a heartbeat; owners and staff list their library's hubs with it, and a
 * hub whose last heartbeat is older than 3 minutes shows as offline (hubs/fleet.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id } from '@studyspot/core';
import type { Context } from 'hono';
import type { Tx } from '../../db/types.ts';
import { hashPairingCode, newPairingCode, PAIRING_CODE_TTL_MS } from '../../hubs/codes.ts';
import { FLEET_COLUMNS, FleetHub, type FleetRow, toFleetHub } from '../../hubs/fleet.ts';
import { parseHubPublicKey } from '../../hubs/signature.ts';
import type { CloudEnv, RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, router } from '../openapi.ts';

const NewHub = z.object({ name: z.string().trim().min(1).max(100) }).openapi('NewHub');
const HubPairing = z
  .object({ hubId: Id, name: z.string(), code: z.string(), expiresAt: z.number() })
  .openapi('HubPairing');
const PublicKey = z.union([
  z.string().min(40).max(2000),
  z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().min(1).max(100) }),
]);
const PairRequest = z
  .object({
    code: z.string().min(4).max(20),
    publicKey: PublicKey,
    name: z.string().trim().min(1).max(100),
    version: z.string().min(1).max(50),
  })
  .openapi('HubPairRequest');
const Paired = z.object({ hubId: Id, tenantId: Id, libraryId: Id }).openapi('HubPaired');
const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Small = z.number().int().min(0).max(2_147_483_647);
const Heartbeat = z
  .object({
    version: z.string().min(1).max(50),
    uptimeS: Count,
    outboxBacklog: Small,
    parked: Small,
    shapeLagMs: Count.nullable(),
    devicesOnline: Small,
    devicesOffline: Small,
    diskFreeBytes: Count.nullable(),
  })
  .openapi('HubHeartbeat');
const HeartbeatAck = z.object({ hubId: Id, receivedAt: z.number() });
const Unpaired = z.object({ id: Id, revokedAt: z.number() });

async function auditHub(
  c: Context<CloudEnv>,
  tx: Tx,
  tenantId: string,
  action: string,
  hubId: string,
  detail: Record<string, unknown> = {},
) {
  const principal = c.get('principal');
  await tx.query(
    `INSERT INTO audit_log (tenant_id, actor_user_id, actor_role, action, target_type, target_id, detail, request_id)
     VALUES ($1, $2, $3, $4, 'hub', $5, $6, $7)`,
    [tenantId, principal?.userId ?? null, principal?.role ?? null, action, hubId, detail, c.get('requestId')],
  );
}

export function hubRoutes(d: RouteDeps) {
  const app = router();
  const users = { tags: ['hubs'], security: bearer };

  /** Runs `work` in the transaction that may see the library: the owner's tenant, or platform. */
  async function inLibraryTenant<T>(
    c: Context<CloudEnv>,
    libraryId: string,
    work: (tx: Tx, tenantId: string) => Promise<T>,
  ): Promise<T> {
    const principal = principalOf(c);
    if (principal.role === 'staff' && !principal.libraryIds?.includes(libraryId))
      throw new DomainError('not_found', 'no such library');
    const run = async (tx: Tx) => {
      const [library] = await tx.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM libraries WHERE id = $1',
        [libraryId],
      );
      if (!library) throw new DomainError('not_found', 'no such library');
      return work(tx, library.tenant_id);
    };
    if (principal.role === 'platform_admin') return d.db.platform(run);
    if (!principal.tenantId) throw new DomainError('not_found', 'no such library');
    return d.db.tenant(principal.tenantId, run);
  }

  app.openapi(
    createRoute({
      ...users,
      method: 'post',
      path: '/libraries/{id}/hubs',
      middleware: [allow('owner', 'platform_admin')],
      request: { params: IdParam, body: body(NewHub) },
      responses: { 201: json(HubPairing, 'The new hub and its one-time pairing code'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { name } = c.req.valid('json');
      const code = newPairingCode();
      const expiresAt = d.now() + PAIRING_CODE_TTL_MS;
      const hubId = await inLibraryTenant(c, id, async (tx, tenantId) => {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO hubs (tenant_id, library_id, name, pairing_code_hash, pairing_expires_at)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [tenantId, id, name, hashPairingCode(code), new Date(expiresAt)],
        );
        if (!row) throw new Error('INSERT returned no row');
        await auditHub(c, tx, tenantId, 'hub.create', row.id, { libraryId: id, name });
        return row.id;
      });
      return c.json({ hubId, name, code, expiresAt }, 201);
    },
  );

  app.openapi(
    createRoute({
      ...users,
      method: 'get',
      path: '/libraries/{id}/hubs',
      middleware: [allow('owner', 'staff')],
      request: { params: IdParam },
      responses: {
        200: json(z.object({ items: z.array(FleetHub) }), "The library's hubs, oldest first"),
        400: errors[400],
        401: errors[401],
        403: errors[403],
        404: errors[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const rows = await inLibraryTenant(c, id, (tx) =>
        tx.query<FleetRow>(
          `SELECT ${FLEET_COLUMNS} FROM hubs h WHERE h.library_id = $1 ORDER BY h.created_at, h.id`,
          [id],
        ),
      );
      const now = d.now();
      return c.json({ items: rows.map((row) => toFleetHub(row, now)) }, 200);
    },
  );

  app.openapi(
    createRoute({
      ...users,
      method: 'delete',
      path: '/hubs/{id}',
      middleware: [allow('owner')],
      request: { params: IdParam },
      responses: {
        200: json(Unpaired, 'The hub is unpaired: its key no longer signs anything'),
        400: errors[400],
        401: errors[401],
        403: errors[403],
        404: errors[404],
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const principal = principalOf(c);
      if (!principal.tenantId) throw new DomainError('not_found', 'no such hub');
      const tenantId = principal.tenantId;
      const revokedAt = await d.db.tenant(tenantId, async (tx) => {
        const [row] = await tx.query<{ revoked_at: Date }>(
          `UPDATE hubs SET revoked_at = COALESCE(revoked_at, $2), public_key = NULL,
                  pairing_code_hash = NULL, pairing_expires_at = NULL
            WHERE id = $1 RETURNING revoked_at`,
          [id, new Date(d.now())],
        );
        if (!row) throw new DomainError('not_found', 'no such hub');
        await auditHub(c, tx, tenantId, 'hub.unpair', id);
        return row.revoked_at.getTime();
      });
      return c.json({ id, revokedAt }, 200);
    },
  );

  app.openapi(
    createRoute({
      tags: ['hubs'],
      method: 'post',
      path: '/hubs/pair',
      middleware: [d.rateLimit('auth')],
      request: { body: body(PairRequest) },
      responses: {
        200: json(Paired, 'The key is bound to the hub; the code is spent'),
        400: errors[400],
        401: errors[401],
        429: errors[429],
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const publicKey = parseHubPublicKey(input.publicKey);
      if (!publicKey)
        throw new DomainError('validation_failed', 'publicKey is not an Ed25519 public key (SPKI or JWK)', {
          field: 'publicKey',
        });
      const now = new Date(d.now());
      const paired = await d.db.platform(async (tx) => {
        const [row] = await tx.query<{ id: string; tenant_id: string; library_id: string }>(
          `UPDATE hubs SET public_key = $2, paired_at = $3, software_version = $4,
                  pairing_code_hash = NULL, pairing_expires_at = NULL
            WHERE pairing_code_hash = $1 AND pairing_expires_at > $3 AND revoked_at IS NULL
            RETURNING id, tenant_id, library_id`,
          [hashPairingCode(input.code), publicKey, now, input.version],
        );
        if (!row) return null;
        await auditHub(c, tx, row.tenant_id, 'hub.pair', row.id, {
          reportedName: input.name,
          version: input.version,
        });
        return { hubId: row.id, tenantId: row.tenant_id, libraryId: row.library_id };
      });
      if (!paired) throw new DomainError('unauthorized', 'the pairing code is unknown, used or expired');
      c.get('log').info(paired, 'hub paired');
      return c.json(paired, 200);
    },
  );

  app.openapi(
    createRoute({
      tags: ['hubs'],
      method: 'post',
      path: '/hubs/heartbeat',
      request: { body: body(Heartbeat) },
      responses: {
        200: json(HeartbeatAck, 'Recorded'),
        400: errors[400],
        401: errors[401],
        429: errors[429],
      },
    }),
    async (c) => {
      const hub = d.authorizeHub ? await d.authorizeHub(c) : null;
      if (!hub) throw new DomainError('unauthorized', 'only a paired hub may report a heartbeat');
      const beat = c.req.valid('json');
      const receivedAt = d.now();
      await d.db.tenant(hub.tenantId, (tx) =>
        tx.query(
          `UPDATE hubs SET last_seen_at = $2, software_version = $3, uptime_s = $4, outbox_backlog = $5,
                  parked = $6, shape_lag_ms = $7, devices_online = $8, devices_offline = $9,
                  disk_free_bytes = $10
            WHERE id = $1`,
          [
            hub.hubId,
            new Date(receivedAt),
            beat.version,
            beat.uptimeS,
            beat.outboxBacklog,
            beat.parked,
            beat.shapeLagMs,
            beat.devicesOnline,
            beat.devicesOffline,
            beat.diskFreeBytes,
          ],
        ),
      );
      return c.json({ hubId: hub.hubId, receivedAt }, 200);
    },
  );

  return app;
}
