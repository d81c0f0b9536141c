/**
 * HTTP test helpers: a stand-in for the identity work's `authenticate` (bearer tokens minted here
 * map to principals), a silent logger, and a cloud app over a test database with a fake clock for
 * the rate limiter.
 */
import { pino } from 'pino';
import type { Database } from '../../src/db/types.ts';
import { createCloudApp } from '../../src/http/app.ts';
import type { Authenticate, CloudDeps, Principal } from '../../src/http/env.ts';

export class TestAuth {
  readonly #tokens = new Map<string, Principal>();

  /** A bearer Authorization header for `principal`. */
  bearer(principal: Principal): { authorization: string } {
    const token = crypto.randomUUID();
    this.#tokens.set(token, principal);
    return { authorization: `Bearer ${token}` };
  }

  readonly authenticate: Authenticate = (c) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    return (token && this.#tokens.get(token)) || null;
  };
}

export const silentLogger = () => pino({ level: 'silent' });

export interface TestApp {
  app: ReturnType<typeof createCloudApp>;
  auth: TestAuth;
  clock: { now: number };
}

export function testApp(db: Database, deps: Partial<CloudDeps> = {}): TestApp {
  const auth = new TestAuth();
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const app = createCloudApp({
    db,
    logger: silentLogger(),
    authenticate: auth.authenticate,
    now: () => clock.now,
    ...deps,
  });
  return { app, auth, clock };
}

export const platformAdmin = (): Principal => ({
  userId: crypto.randomUUID(),
  role: 'platform_admin',
  tenantId: null,
});
export const ownerOf = (tenantId: string): Principal => ({
  userId: crypto.randomUUID(),
  role: 'owner',
  tenantId,
});
export const student = (): Principal => ({ userId: crypto.randomUUID(), role: 'student', tenantId: null });

export const jsonBody = (value: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** The `{ code, message, field? }` body of an error response. */
export const errorOf = async (res: Response) =>
  (await res.json()) as { code: string; message: string; field?: string };
