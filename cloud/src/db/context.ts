/**
 * The statement that opens every API transaction: switch to the API role for this transaction
 * only, then set the tenant, platform and public settings transaction-locally
 * (`set_config(name, value, true)`), so a pooled connection never carries one request's context
 * into the next. The tenant id is checked to be a UUID before it is written into the statement;
 * that keeps the whole preamble one round trip on Postgres.
 */
import {
  API_ROLE,
  PLATFORM_SETTING,
  PUBLIC_SETTING,
  type SessionContext,
  TENANT_SETTING,
  USER_SETTING,
} from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class InvalidTenantError extends Error {
  constructor(value: string) {
    super(`tenant id must be a UUID, got ${JSON.stringify(value.slice(0, 64))}`);
    this.name = 'InvalidTenantError';
  }
}

export function tenantContext(tenantId: string): SessionContext {
  if (!UUID.test(tenantId)) throw new InvalidTenantError(tenantId);
  return { tenantId: tenantId.toLowerCase(), platform: false, public: false };
}

/** A student's own rows across tenants (ADR 0011). The id is checked like a tenant id. */
export function userContext(userId: string): SessionContext {
  if (!UUID.test(userId)) throw new InvalidTenantError(userId);
  return { tenantId: null, platform: false, public: false, userId: userId.toLowerCase() };
}

/** One tenant's rows, acting as `userId` (who may read their own account row). */
export function tenantUserContext(tenantId: string, userId: string): SessionContext {
  return { ...tenantContext(tenantId), userId: userContext(userId).userId };
}

export const platformContext: SessionContext = { tenantId: null, platform: true, public: false };
export const anonymousContext: SessionContext = { tenantId: null, platform: false, public: true };

/** `SET LOCAL ROLE` plus the three settings; runs inside an open transaction. */
export function contextPreamble(context: SessionContext): string {
  if (context.tenantId !== null && !UUID.test(context.tenantId))
    throw new InvalidTenantError(context.tenantId);
  const userId = context.userId ?? '';
  if (userId !== '' && !UUID.test(userId)) throw new InvalidTenantError(userId);
  const setting = (name: string, value: string) => `set_config('${name}', '${value}', true)`;
  return [
    `SET LOCAL ROLE ${API_ROLE}`,
    `SELECT ${setting(TENANT_SETTING, context.tenantId ?? '')}, ${setting(
      PLATFORM_SETTING,
      context.platform ? 'on' : 'off',
    )}, ${setting(PUBLIC_SETTING, context.public ? 'on' : 'off')}, ${setting(USER_SETTING, userId)}`,
  ].join('; ');
}
