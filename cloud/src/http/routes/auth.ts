/**
 * Sign-in endpoints (ADR 0010), all public and under the `auth` rate limit (5/min per address):
 * phone OTP for students (request, verify — the code request is also limited per phone), email and
 * password for staff, owners and platform admins, refresh-token rotation, logout; and the JWKS at
 * the root (`/.well-known/jwks.json`) that hubs verify access tokens with, offline.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  DomainError,
  Login as LoginSchema,
  OtpRequest as OtpRequestSchema,
  OtpSent as OtpSentSchema,
  OtpVerify as OtpVerifySchema,
  RefreshRequest as RefreshRequestSchema,
  TokenPair as TokenPairSchema,
} from '@studyspot/core';
import { OTP_TTL_MS } from '../../identity/otp.ts';
import type { RouteDeps } from '../env.ts';
import { body, errors, json, named, router } from '../openapi.ts';

// Core's shapes, shared with the apps, under their names in the document.
const OtpRequest = named(OtpRequestSchema, 'OtpRequest');
const OtpSent = named(OtpSentSchema, 'OtpSent');
const OtpVerify = named(OtpVerifySchema, 'OtpVerify');
const Login = named(LoginSchema, 'Login');
const RefreshRequest = named(RefreshRequestSchema, 'RefreshRequest');
const TokenPair = named(TokenPairSchema, 'TokenPair');
const Jwks = z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi('Jwks');

const tokenResponses = { 200: json(TokenPair, 'A new token pair'), 400: errors[400], 401: errors[401] };
const noStore = { 'Cache-Control': 'no-store' };

export function authRoutes(d: RouteDeps) {
  const app = router();
  const identity = d.identity;
  if (!identity) return app;
  const common = { tags: ['auth'], middleware: [d.rateLimit('auth')] };

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/auth/otp/request',
      request: { body: body(OtpRequest) },
      responses: {
        202: json(OtpSent, 'A code is on its way (whether or not the phone has an account)'),
        400: errors[400],
        429: errors[429],
      },
    }),
    async (c) => {
      const { phone, channel } = c.req.valid('json');
      const { retryAfterSeconds } = await identity.requestOtp(phone, channel);
      if (retryAfterSeconds !== undefined) {
        c.header('Retry-After', String(retryAfterSeconds));
        throw new DomainError(
          'rate_limited',
          'too many codes for this phone; retry after Retry-After seconds',
        );
      }
      return c.json({ status: 'sent' as const, expiresIn: OTP_TTL_MS / 1000 }, 202);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/auth/otp/verify',
      request: { body: body(OtpVerify) },
      responses: { ...tokenResponses, 403: errors[403], 429: errors[429] },
    }),
    async (c) => {
      const { phone, code } = c.req.valid('json');
      return c.json(await identity.verifyOtp(phone, code), 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/auth/login',
      request: { body: body(Login) },
      responses: { ...tokenResponses, 429: errors[429] },
    }),
    async (c) => {
      const { email, password, tenantId } = c.req.valid('json');
      return c.json(await identity.login(email, password, tenantId), 200, noStore);
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/auth/refresh',
      request: { body: body(RefreshRequest) },
      responses: { ...tokenResponses, 429: errors[429] },
    }),
    async (c) => c.json(await identity.refresh(c.req.valid('json').refreshToken), 200, noStore),
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/auth/logout',
      request: { body: body(RefreshRequest) },
      responses: { 204: { description: "The refresh token's family is revoked" }, 400: errors[400] },
    }),
    async (c) => {
      await identity.logout(c.req.valid('json').refreshToken);
      return c.body(null, 204);
    },
  );

  return app;
}

/** GET /.well-known/jwks.json at the root: the public keys that verify access tokens. */
export function wellKnownRoutes(d: RouteDeps) {
  const app = router();
  const identity = d.identity;
  if (!identity) return app;
  app.openapi(
    createRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      tags: ['auth'],
      responses: { 200: json(Jwks, 'The JSON Web Key Set of the access-token signing keys') },
    }),
    async (c) => c.json(identity.keys.jwks(), 200, { 'Cache-Control': 'public, max-age=300' }),
  );
  return app;
}
