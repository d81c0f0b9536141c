/**
 * The example resource on both backends: platform admins list and create tenants (audited), a
 * duplicate slug is 409 naming the field, validation names the field, other roles get 403 and
 * anonymous callers 401; an owner reads their own tenant and gets 404 for another's.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, jsonBody, ownerOf, platformAdmin, student, testApp } from '../../../test/support/http.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';

describe.each(backends)('tenants API on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('lets a platform admin create and list tenants, with an audit entry', async () => {
    const { app, auth } = testApp(t().db);
    const admin = platformAdmin();
    const headers = auth.bearer(admin);
    const created = await app.request('/v1/tenants', {
      ...jsonBody({ name: 'Pune Libraries', slug: 'pune' }),
      headers: { ...jsonBody(null).headers, ...headers },
    });
    expect(created.status).toBe(201);
    const tenant = (await created.json()) as { id: string; slug: string; createdAt: number };
    expect(tenant).toMatchObject({ name: 'Pune Libraries', slug: 'pune', status: 'active' });
    const list = await app.request('/v1/tenants', { headers });
    expect(((await list.json()) as { items: { id: string }[] }).items.map((x) => x.id)).toContain(tenant.id);
    const audit = await t().db.tenant(tenant.id, (tx) =>
      tx.query<{ action: string; actor_user_id: string }>('SELECT action, actor_user_id FROM audit_log'),
    );
    expect(audit).toEqual([{ action: 'tenant.create', actor_user_id: admin.userId }]);
  });

  it('refuses a duplicate slug with 409 and bad input with 400, naming the field', async () => {
    const { app, auth } = testApp(t().db);
    const post = (value: unknown) =>
      app.request('/v1/tenants', {
        ...jsonBody(value),
        headers: { 'content-type': 'application/json', ...auth.bearer(platformAdmin()) },
      });
    const duplicate = await post({ name: 'Again', slug: 'pune' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'conflict', field: 'slug' });
    const invalid = await post({ name: 'Bad', slug: 'Not A Slug' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'validation_failed', field: 'slug' });
  });

  it('answers 401 without credentials and 403 for other roles', async () => {
    const { app, auth } = testApp(t().db);
    const anonymous = await app.request('/v1/tenants');
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('unauthorized');
    const forbidden = await app.request('/v1/tenants', { headers: auth.bearer(student()) });
    expect(forbidden.status).toBe(403);
    expect((await errorOf(forbidden)).code).toBe('forbidden');
  });

  it("lets an owner read their tenant, and answers 404 for another tenant's id", async () => {
    const { app, auth } = testApp(t().db);
    const admin = auth.bearer(platformAdmin());
    const create = async (slug: string) => {
      const res = await app.request('/v1/tenants', {
        ...jsonBody({ name: slug, slug }),
        headers: { 'content-type': 'application/json', ...admin },
      });
      return ((await res.json()) as { id: string }).id;
    };
    const mine = await create('mine');
    const theirs = await create('theirs');
    const owner = auth.bearer(ownerOf(mine));
    expect((await app.request(`/v1/tenants/${mine}`, { headers: owner })).status).toBe(200);
    const other = await app.request(`/v1/tenants/${theirs}`, { headers: owner });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ code: 'not_found', message: 'no such tenant' });
  });
});
