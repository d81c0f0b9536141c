/**
 * Platform admins' views and the audit log, on both backends: tenants with counts, libraries and
 * hubs across tenants (heartbeat fields null until sync), revenue with its note, audit by tenant;
 * owners read only their own tenant's audit and none of the admin routes.
 */
import { describe, expect, it } from 'vitest';
import { ownerOf, platformAdmin, testApp } from '../../../test/support/http.ts';
import { seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import { buildLibrary, clientFor, createTenant } from '../../catalog/test-fixture.ts';

describe.each(backends)('admin on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('lists tenants, libraries, hubs, revenue and audit across tenants', async () => {
    const { app, auth } = testApp(t().db);
    const seeded = await seedTenant(t().db, 'seeded');
    const tenantId = await createTenant(t().db, 'audited');
    const owner = clientFor(app, auth.bearer(ownerOf(tenantId)));
    const built = await buildLibrary(owner);
    const admin = clientFor(app, auth.bearer(platformAdmin()));
    const tenants = await admin('GET', '/admin/tenants');
    expect(tenants.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: tenantId, libraries: 1, publishedLibraries: 1, hubs: 0 }),
        expect.objectContaining({ id: seeded.tenantId, libraries: 1, hubs: 1 }),
      ]),
    );
    const libraries = await admin('GET', `/admin/libraries?tenantId=${tenantId}`);
    expect(libraries.body.items.map((l: { id: string }) => l.id)).toEqual([built.id]);
    const hubs = await admin('GET', '/admin/hubs');
    expect(hubs.body.items).toEqual([
      expect.objectContaining({ tenantId: seeded.tenantId, lastSeenAt: null, softwareVersion: null }),
    ]);
    const revenue = await admin('GET', '/admin/revenue');
    expect(revenue.body).toMatchObject({ items: [], note: expect.any(String) });
    const audit = await admin('GET', `/admin/audit?tenantId=${tenantId}&limit=2`);
    expect(audit.body.items).toHaveLength(2);
    expect(audit.body.items.every((e: { tenantId: string }) => e.tenantId === tenantId)).toBe(true);
    const rest = await admin(
      'GET',
      `/admin/audit?tenantId=${tenantId}&limit=200&cursor=${audit.body.nextCursor}`,
    );
    expect(rest.body.items).toHaveLength(5);
    expect(new Set([...audit.body.items, ...rest.body.items].map((e: { id: string }) => e.id)).size).toBe(7);
  });

  it("keeps owners to their own tenant's audit and out of the admin routes", async () => {
    const { app, auth } = testApp(t().db);
    const mine = await createTenant(t().db, 'own-audit');
    const other = await createTenant(t().db, 'other-audit');
    const owner = clientFor(app, auth.bearer(ownerOf(mine)));
    await buildLibrary(owner);
    await buildLibrary(clientFor(app, auth.bearer(ownerOf(other))));
    const audit = await owner('GET', '/audit?limit=200');
    expect(audit.body.items.length).toBe(7);
    expect(audit.body.items.every((e: { tenantId: string }) => e.tenantId === mine)).toBe(true);
    for (const path of [
      '/admin/tenants',
      '/admin/libraries',
      '/admin/hubs',
      '/admin/revenue',
      '/admin/audit',
    ])
      expect((await owner('GET', path)).status).toBe(403);
  });
});
