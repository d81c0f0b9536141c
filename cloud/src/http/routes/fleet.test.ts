/**
 * The fleet lists (ADR 0016, 0021) on both backends, with the app's injected clock: after a
 * heartbeat, the platform admin's `GET /v1/admin/hubs` and the owner's `GET /v1/libraries/{id}/hubs`
 * show the same hub with every heartbeat field and `online: true` (the admin's also names its tenant
 * and library); three minutes of silence later
 * it is still listed with its last report but `online: false`; a revoked hub is never online; a
 * hub that never beat shows nulls.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonBody, ownerOf, platformAdmin, testApp } from '../../../test/support/http.ts';
import { type SeededTenant, seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import type { HubIdentity } from '../../hub-intake/types.ts';
import { ONLINE_WINDOW_MS } from '../../hubs/fleet.ts';

const beat = {
  version: '1.4.2',
  uptimeS: 86_400,
  outboxBacklog: 12,
  parked: 1,
  shapeLagMs: 850,
  devicesOnline: 7,
  devicesOffline: 2,
  diskFreeBytes: 5_000_000_000,
};

describe.each(backends)('the fleet lists on %s', (kind) => {
  const t = useTestDatabase(kind);
  let s: SeededTenant;
  let names: { tenantName: string; libraryName: string };
  let app: ReturnType<typeof testApp>;
  const beating = new Map<string, HubIdentity>();

  beforeAll(async () => {
    s = await seedTenant(t().db, `fleet-${kind}`);
    const [row] = await t().db.platform((tx) =>
      tx.query<typeof names>(
        `SELECT t.name AS "tenantName", l.name AS "libraryName" FROM libraries l
           JOIN tenants t ON t.id = l.tenant_id WHERE l.id = $1`,
        [s.libraryId],
      ),
    );
    if (!row) throw new Error('the seeded library is missing');
    names = row;
    app = testApp(t().db, {
      authorizeHub: (c) => beating.get(c.req.header('x-test-hub') ?? '') ?? null,
      rateLimits: {
        general: { limit: 1_000_000, windowMs: 60_000 },
        auth: { limit: 1_000, windowMs: 60_000 },
      },
    });
  });

  const as = (principal: Parameters<typeof app.auth.bearer>[0]) => app.auth.bearer(principal);
  const get = async (path: string, principal = platformAdmin()) => {
    const res = await app.app.request(`/v1${path}`, { headers: as(principal) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Record<string, unknown>[] }).items;
  };
  const adminView = async (id: string) =>
    (await get(`/admin/hubs?tenantId=${s.tenantId}&limit=200`)).find((h) => h.id === id);
  const ownerView = async (id: string) =>
    (await get(`/libraries/${s.libraryId}/hubs`, ownerOf(s.tenantId))).find((h) => h.id === id);

  /** A hub the owner added and paired with a fresh Ed25519 key. */
  async function pairedHub(name: string): Promise<string> {
    const owner = as(ownerOf(s.tenantId));
    const created = await app.app.request(`/v1/libraries/${s.libraryId}/hubs`, {
      ...jsonBody({ name }),
      headers: { 'content-type': 'application/json', ...owner },
    });
    const { hubId, code } = (await created.json()) as { hubId: string; code: string };
    const publicKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    const paired = await app.app.request(
      '/v1/hubs/pair',
      jsonBody({ code, publicKey, name, version: '1.4.1' }),
    );
    expect(paired.status).toBe(200);
    beating.set(hubId, { tenantId: s.tenantId, libraryId: s.libraryId, hubId });
    return hubId;
  }
  const heartbeat = (hubId: string) =>
    app.app.request('/v1/hubs/heartbeat', {
      ...jsonBody(beat),
      headers: { 'content-type': 'application/json', 'x-test-hub': hubId },
    });

  it('shows every heartbeat field and online to admins and owners alike, offline after 3 minutes of silence', async () => {
    const hubId = await pairedHub('desk');
    const beatAt = app.clock.now;
    expect((await heartbeat(hubId)).status).toBe(200);
    const expected = {
      id: hubId,
      libraryId: s.libraryId,
      state: 'paired',
      online: true,
      lastSeenAt: beatAt,
      softwareVersion: beat.version,
      uptimeS: beat.uptimeS,
      outboxBacklog: beat.outboxBacklog,
      parked: beat.parked,
      shapeLagMs: beat.shapeLagMs,
      devicesOnline: beat.devicesOnline,
      devicesOffline: beat.devicesOffline,
      diskFreeBytes: beat.diskFreeBytes,
    };
    expect(await adminView(hubId)).toMatchObject({ ...expected, tenantId: s.tenantId, ...names });
    expect(await ownerView(hubId)).toMatchObject(expected);
    app.clock.now = beatAt + ONLINE_WINDOW_MS;
    expect(await adminView(hubId)).toMatchObject({ online: true });
    app.clock.now = beatAt + ONLINE_WINDOW_MS + 1;
    const silent = { ...expected, online: false };
    expect(await adminView(hubId)).toMatchObject(silent);
    expect(await ownerView(hubId)).toMatchObject(silent);
    expect((await heartbeat(hubId)).status).toBe(200);
    expect(await adminView(hubId)).toMatchObject({ online: true, lastSeenAt: app.clock.now });
  });

  it('never shows a revoked hub online, and nulls for a hub that never reported', async () => {
    const hubId = await pairedHub('back office');
    expect((await heartbeat(hubId)).status).toBe(200);
    const owner = as(ownerOf(s.tenantId));
    expect((await app.app.request(`/v1/hubs/${hubId}`, { method: 'DELETE', headers: owner })).status).toBe(
      200,
    );
    expect(await adminView(hubId)).toMatchObject({ state: 'revoked', online: false, outboxBacklog: 12 });
    expect(await ownerView(hubId)).toMatchObject({ state: 'revoked', online: false });
    const seeded = (await get(`/admin/hubs?tenantId=${s.tenantId}&limit=200`)).find(
      (h) => h.name === 'front desk',
    );
    expect(seeded).toMatchObject({
      state: 'awaiting_pairing',
      online: false,
      lastSeenAt: null,
      uptimeS: null,
      diskFreeBytes: null,
      lastRev: null,
      ...names,
    });
  });
});
