/**
 * Role-based access control from the seed's RBAC table ("Authentication & Authorization"). Roles
 * map to permissions here and only here; access tokens carry the list (for hubs and apps), but the
 * API decides from the role, so a changed table applies to tokens already issued. `permit(...)`
 * guards a route by permission the way `allow(...)` guards it by role.
 *
 * The seed's `library_staff` is `staff`, `super_admin` is `platform_admin`; `owner` (tenant admin)
 * is staff plus `write:users` and `admin:tenant`. Every role may read and write its own profile.
 */
import { DomainError } from '@studyspot/core';
import type { MiddlewareHandler } from 'hono';
import type { CloudEnv, Principal, Role } from '../http/env.ts';

export const permissionNames = [
  'read:own_profile',
  'write:own_profile',
  'read:libraries',
  'write:bookings',
  'read:own_bookings',
  'read:library_data',
  'write:library_data',
  'read:bookings',
  'read:users',
  'write:users',
  'admin:tenant',
  'read:all',
  'write:all',
  'admin:system',
] as const;
export type Permission = (typeof permissionNames)[number];

const ownProfile: Permission[] = ['read:own_profile', 'write:own_profile'];
const staff: Permission[] = [
  ...ownProfile,
  'read:library_data',
  'write:library_data',
  'read:bookings',
  'write:bookings',
  'read:users',
];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  student: [...ownProfile, 'read:libraries', 'write:bookings', 'read:own_bookings'],
  staff,
  owner: [...staff, 'write:users', 'admin:tenant'],
  platform_admin: [...ownProfile, 'read:all', 'write:all', 'admin:system'],
};

export function permissionsOf(role: Role): readonly Permission[] {
  return rolePermissions[role];
}

/** True when `role` holds `permission`, directly or through `read:all` / `write:all` / `admin:system`. */
export function roleHas(role: Role, permission: Permission): boolean {
  const held = rolePermissions[role];
  if (held.includes(permission)) return true;
  const [verb] = permission.split(':');
  if (verb === 'read') return held.includes('read:all');
  if (verb === 'write') return held.includes('write:all');
  return verb === 'admin' && held.includes('admin:system');
}

export function can(principal: Principal | null, permission: Permission): boolean {
  return principal !== null && roleHas(principal.role, permission);
}

/**
 * Route middleware: runs the route only for callers holding every listed permission — 401 without
 * a principal, 403 without the permission. `middleware: [permit('write:bookings')]`.
 */
export const permit =
  (...required: Permission[]): MiddlewareHandler<CloudEnv> =>
  async (c, next) => {
    const principal = c.get('principal');
    if (!principal) throw new DomainError('unauthorized', 'valid credentials are required');
    const missing = required.find((permission) => !roleHas(principal.role, permission));
    if (missing) throw new DomainError('forbidden', `a ${principal.role} lacks ${missing}`);
    await next();
  };
