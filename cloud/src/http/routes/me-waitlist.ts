/**
 * The student's waitlist (issue #6 "join a waitlist and accept an offer", ADR 0026): join for a
 * zone (or any zone) and a slot, list entries with their offers and what is still waiting for the
 * library's hub, leave, and accept a free offer. Each action is a hub command, answered `202` while
 * it waits for the hub (which may be offline: it stays pending, visibly). An offer with a price is
 * accepted by paying for its hold (`POST /v1/payments`, purpose `booking`): the capture asks the
 * hub to confirm it, and the hub accepts the entry.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { JoinWaitlist as JoinWaitlistSchema, WaitlistItem as WaitlistItemSchema } from '@studyspot/core';
import { CursorQuery, PageOf } from '../../catalog/cursor.ts';
import { claimKey, hashRequest, storeResponse } from '../../catalog/idempotency.ts';
import { publishedLibraryTenant } from '../../catalog/public-page.ts';
import { acceptCommand, joinWaitlist, leaveCommand, myItem, myWaitlist } from '../../commands/waitlist.ts';
import type { RouteDeps } from '../env.ts';
import { allow, principalOf } from '../middleware.ts';
import { bearer, body, errors, IdParam, json, Limit, named, router } from '../openapi.ts';
import { Command } from './hub-commands.ts';

// Core's shapes, shared with the student app, under their names in the document.
const JoinWaitlist = named(JoinWaitlistSchema, 'JoinWaitlist');
const WaitlistItem = named(WaitlistItemSchema, 'WaitlistItem');

const students = { tags: ['students'], security: bearer, middleware: [allow('student')] };
const IdempotencyHeader = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });
const PageQuery = z.object({ limit: Limit, cursor: CursorQuery });

export function meWaitlistRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      ...students,
      method: 'post',
      path: '/me/waitlist',
      middleware: [allow('student'), d.rateLimit('booking')],
      request: { headers: IdempotencyHeader, body: body(JoinWaitlist) },
      responses: { 202: json(Command, 'The join, pending until the hub applies it'), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const key = c.req.valid('header')['idempotency-key'];
      const { userId } = principalOf(c);
      const tenantId = await publishedLibraryTenant(d.db, input.libraryId);
      const claim = key && { tenantId, scope: `waitlist:${userId}`, key, requestHash: hashRequest(input) };
      const command = await d.db.tenantAsUser(tenantId, userId, async (tx) => {
        const stored = claim ? await claimKey(tx, claim) : null;
        if (stored) return stored.body as z.infer<typeof Command>;
        const joined = await joinWaitlist(tx, tenantId, userId, input, d.now());
        if (claim) await storeResponse(tx, claim, { status: 202, body: joined });
        return joined;
      });
      return c.json(command, 202);
    },
  );

  app.openapi(
    createRoute({
      ...students,
      method: 'get',
      path: '/me/waitlist',
      request: { query: PageQuery },
      responses: { 200: json(PageOf(WaitlistItem, 'WaitlistPage'), 'Newest first'), ...errors },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      const { userId } = principalOf(c);
      return c.json(await myWaitlist(d.db, userId, limit, cursor), 200);
    },
  );

  const act = (path: string, issue: typeof leaveCommand, description: string) =>
    app.openapi(
      createRoute({
        ...students,
        method: 'post',
        path,
        request: { params: IdParam },
        responses: { 202: json(Command, description), ...errors },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const { userId } = principalOf(c);
        const item = await d.db.user(userId, (tx) => myItem(tx, userId, id));
        const command = await d.db.tenantAsUser(item.tenantId, userId, (tx) =>
          issue(tx, item, userId, d.now()),
        );
        return c.json(command, 202);
      },
    );
  act('/me/waitlist/{id}/leave', leaveCommand, 'The leave, pending until the hub applies it');
  act(
    '/me/waitlist/{id}/accept',
    acceptCommand,
    'The accept of a free offer, pending until the hub applies it',
  );

  return app;
}
