/**
 * Staff sign-in. POST /auth/login takes a username with a password or the desk PIN and returns a
 * 12-hour bearer token; failed attempts are limited per username + client address (5 a minute by
 * default) and answered 429 once used up. POST /auth/logout ends the session; GET /auth/me says
 * who the token belongs to (staff or kiosk).
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import type { Context } from 'hono';
import { bearerToken } from '../../auth/authenticator.ts';
import type { HttpEnv, RouteDeps } from '../env.ts';
import { principalOf, staffOnly, staffOrKiosk } from '../middleware.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

const Login = z
  .object({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(256).optional(),
    pin: z
      .string()
      .regex(/^\d{4,8}$/, 'expected 4 to 8 digits')
      .optional(),
  })
  .refine((l) => (l.password === undefined) !== (l.pin === undefined), {
    message: 'give either a password or a pin',
    path: ['password'],
  });

const Staff = z.object({ id: z.string(), name: z.string(), role: z.enum(['staff', 'owner']) });
const Session = z.object({ token: z.string(), expiresAt: z.number(), staff: Staff });
const Me = z.object({
  actor: z.object({ kind: z.string(), id: z.string() }),
  role: z.enum(['staff', 'kiosk', 'member']),
  name: z.string(),
  staffRole: z.enum(['staff', 'owner']).nullable(),
});

const address = (c: Context<HttpEnv>): string => {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
};

export function authRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags: ['auth'],
      request: { body: body(Login) },
      responses: { 200: json(Session, 'A new session'), 400: errors[400], 401: errors[401] },
    }),
    async (c) => {
      const credentials = c.req.valid('json');
      const key = `${credentials.username}\u0000${address(c)}`;
      if (d.loginLimiter.blocked(key))
        throw new DomainError('rate_limited', 'too many failed logins; wait a minute');
      const session = await d.auth.sessions.login(credentials, d.core.clock.now());
      if (!session) {
        d.loginLimiter.fail(key);
        throw new DomainError('unauthorized', 'wrong username or secret');
      }
      d.loginLimiter.reset(key);
      return c.json(session, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags: ['auth'],
      security: bearer,
      middleware: [staffOnly],
      responses: { 204: { description: 'Signed out' }, 401: errors[401] },
    }),
    (c) => {
      const token = bearerToken(c.req.header('authorization'));
      if (token) d.auth.sessions.logout(token);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/auth/me',
      tags: ['auth'],
      security: bearer,
      middleware: [staffOrKiosk],
      responses: { 200: json(Me, 'The caller'), 401: errors[401] },
    }),
    (c) => c.json(principalOf(c), 200),
  );

  return app;
}
