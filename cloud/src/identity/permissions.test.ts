/**
 * The seed's RBAC table as code: each role's permissions, the platform admin's wildcards, and
 * `permit(...)` answering 401 without a caller and 403 without the permission.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { CloudEnv, Principal, Role } from '../http/env.ts';
import { handleError } from '../http/errors.ts';
import { type Permission, permissionNames, permit, roleHas, rolePermissions } from './permissions.ts';

describe('permissions', () => {
  it("gives each role the seed's permissions", () => {
    expect(rolePermissions.student).toEqual([
      'read:own_profile',
      'write:own_profile',
      'read:libraries',
      'write:bookings',
      'read:own_bookings',
    ]);
    expect(rolePermissions.staff).toEqual(
      expect.arrayContaining([
        'read:library_data',
        'write:library_data',
        'read:bookings',
        'write:bookings',
        'read:users',
      ]),
    );
    expect(rolePermissions.owner).toEqual(expect.arrayContaining([...rolePermissions.staff, 'admin:tenant']));
    expect(rolePermissions.platform_admin).toEqual(
      expect.arrayContaining(['read:all', 'write:all', 'admin:system']),
    );
  });

  it('lets read:all, write:all and admin:system stand for every permission of their verb', () => {
    for (const permission of permissionNames) expect(roleHas('platform_admin', permission)).toBe(true);
    const matrix: [Role, Permission, boolean][] = [
      ['student', 'read:bookings', false],
      ['student', 'write:bookings', true],
      ['staff', 'admin:tenant', false],
      ['staff', 'read:own_bookings', false],
      ['owner', 'admin:system', false],
      ['owner', 'write:users', true],
    ];
    for (const [role, permission, expected] of matrix)
      expect([role, permission, roleHas(role, permission)]).toEqual([role, permission, expected]);
  });

  it('permit() answers 401 without a caller, 403 without the permission', async () => {
    const as = (principal: Principal | null) => {
      const app = new Hono<CloudEnv>();
      app.onError(handleError);
      app.use(async (c, next) => {
        c.set('principal', principal);
        await next();
      });
      app.get('/', permit('write:bookings'), (c) => c.text('ok'));
      return app.request('/');
    };
    expect((await as(null)).status).toBe(401);
    expect((await as({ userId: crypto.randomUUID(), role: 'staff', tenantId: null })).status).toBe(200);
    expect((await as({ userId: crypto.randomUUID(), role: 'student', tenantId: null })).status).toBe(200);
    expect((await as({ userId: crypto.randomUUID(), role: 'platform_admin', tenantId: null })).status).toBe(
      200,
    );
    const app = new Hono<CloudEnv>();
    app.onError(handleError);
    app.use(async (c, next) => {
      c.set('principal', { userId: crypto.randomUUID(), role: 'student', tenantId: null });
      await next();
    });
    app.get('/', permit('read:users'), (c) => c.text('ok'));
    const forbidden = await app.request('/');
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ code: 'forbidden' });
  });
});
