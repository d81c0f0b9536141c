/**
 * The RBAC matrix, on both backends: every caller (anonymous, student, staff, owner, platform
 * admin, staff of another tenant — all with real tokens from real sign-ins) × every route of the
 * app's OpenAPI document at test time, against `auth-rbac.table.ts`. A route added without an
 * entry fails here, so new routes are covered as they appear.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import {
  bearerOf,
  createAccount,
  type IdentityTestApp,
  identityApp,
  passwordSignIn,
  studentSignIn,
} from './auth.fixture.ts';
import {
  type Caller,
  callers,
  type Expectation,
  expectations,
  type MatrixContext,
  type Outcome,
} from './auth-rbac.table.ts';

interface Operation {
  key: string;
  method: string;
  path: string;
}

async function documentedOperations(app: IdentityTestApp['app']): Promise<Operation[]> {
  const doc = (await (await app.request('/v1/openapi.json')).json()) as { paths: Record<string, object> };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
    })),
  );
}

const matches = (outcome: Outcome, status: number) =>
  outcome === 'ok'
    ? status >= 200 && status < 300
    : outcome === 'pass'
      ? status !== 401 && status !== 403 && status < 500
      : status === outcome;

function requestFor(op: Operation, entry: Expectation, ctx: MatrixContext, auth: Record<string, string>) {
  const params = entry.params?.(ctx) ?? { id: ctx.libraryId };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `missing-${name}`);
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(op.method);
  const init: RequestInit = {
    method: op.method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...auth },
  };
  if (hasBody) init.body = JSON.stringify(entry.body?.(ctx) ?? {});
  return { path, init };
}

describe.each(backends)('RBAC matrix on %s', (kind) => {
  const t = useTestDatabase(kind);
  let app: IdentityTestApp;
  let ctx: MatrixContext;
  const headers = {} as Record<Caller, Record<string, string>>;

  beforeAll(async () => {
    const db = t().db;
    app = await identityApp(db);
    const a = await seedTenant(db, `rbac-a-${kind}`);
    const b = await seedTenant(db, `rbac-b-${kind}`);
    ctx = { tenantId: a.tenantId, libraryId: a.libraryId };
    const accounts = {
      staff: { role: 'staff', tenantId: a.tenantId, libraryIds: [a.libraryId] },
      owner: { role: 'owner', tenantId: a.tenantId },
      platform_admin: { role: 'platform_admin' },
      foreign_staff: { role: 'staff', tenantId: b.tenantId, libraryIds: [b.libraryId] },
    } as const;
    for (const [caller, account] of Object.entries(accounts)) {
      const email = `${caller.replace('_', '-')}-${kind}@rbac.test`;
      await createAccount(db, { ...account, email, password: 'matrix password' });
      headers[caller as Caller] = bearerOf(await passwordSignIn(app, email, 'matrix password'));
    }
    headers.student = bearerOf(await studentSignIn(app, '+919744444444'));
    headers.anonymous = {};
  });

  it('has an expectation for every documented route, and none for a route that is gone', async () => {
    const documented = await documentedOperations(app.app);
    const missing = documented.map((op) => op.key).filter((key) => !(key in expectations));
    expect(missing, `add these routes to cloud/src/http/routes/auth-rbac.table.ts`).toEqual([]);
    const keys = new Set(documented.map((op) => op.key));
    expect(
      Object.keys(expectations).filter((key) => !keys.has(key)),
      'stale matrix entries',
    ).toEqual([]);
  });

  it.each(callers)('gives %s exactly the access of the table on every route', async (caller) => {
    const mismatches: string[] = [];
    for (const op of await documentedOperations(app.app)) {
      const entry = expectations[op.key];
      if (!entry) continue; // reported by the test above
      const { path, init } = requestFor(op, entry, ctx, headers[caller]);
      const res = await app.app.request(path, init);
      const expected = entry.expect[caller];
      if (!matches(expected, res.status))
        mismatches.push(`${op.key}: expected ${expected}, got ${res.status}`);
    }
    expect(mismatches).toEqual([]);
  });
});
