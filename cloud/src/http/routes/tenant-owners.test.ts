import { describe, expect, it } from 'vitest';
import { jsonBody, platformAdmin, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';

describe.each(backends)('tenant owners on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('a platform admin opens a tenant for its owner; a duplicate email is a conflict', async () => {
    const { app, auth } = testApp(t().db);
    const admin = auth.bearer(platformAdmin());
    const tenant = (await (
      await app.request('/v1/tenants', {
        ...jsonBody({ name: 'Gyan', slug: `gyan-${kind}` }),
        headers: { ...jsonBody({}).headers, ...admin },
      })
    ).json()) as { id: string };
    const create = (email: string) =>
      app.request(`/v1/tenants/${tenant.id}/owners`, {
        ...jsonBody({ email, name: 'Asha Rao', password: 'a long password' }),
        headers: { ...jsonBody({}).headers, ...admin },
      });
    const res = await create('Asha@Example.test');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ tenantId: tenant.id, email: 'asha@example.test' });
    expect((await create('asha@example.test')).status).toBe(409);
    const rows = await t().db.platform((tx) =>
      tx.query<{ role: string; action: string }>(
        `SELECT tu.role, a.action FROM tenant_users tu JOIN audit_log a ON a.target_id = tu.user_id::text
          WHERE tu.tenant_id = $1`,
        [tenant.id],
      ),
    );
    expect(rows).toEqual([{ role: 'owner', action: 'owner.create' }]);
    const missing = await app.request('/v1/tenants/00000000-0000-4000-8000-000000000000/owners', {
      ...jsonBody({ email: 'x@example.test', name: 'X', password: 'a long password' }),
      headers: { ...jsonBody({}).headers, ...admin },
    });
    expect(missing.status).toBe(404);
  });
});
