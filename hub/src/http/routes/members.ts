/**
 * Members at the desk: search by name or phone (keyset-paged by (name, id) behind an opaque
 * cursor), register a new member (409 conflict when the phone is already registered), and read one
 * with their active and provisional memberships.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { DomainError, Id, Member, Membership } from '@studyspot/core';
import { decide } from '../../store/db.ts';
import { decodeCursor, paged } from '../cursor.ts';
import type { RouteDeps } from '../env.ts';
import { staffOnly } from '../middleware.ts';
import { bearer, body, Cursor, errors, IdParam, json, Limit, page, router } from '../openapi.ts';

const NewMember = Member.pick({ name: true, phone: true }).extend({ email: Member.shape.email.optional() });
const SearchQuery = z.object({ q: z.string().max(120).default(''), limit: Limit, cursor: Cursor.optional() });
const MemberKey = z.tuple([Member.shape.name, Id]);
const MemberView = Member.extend({ memberships: z.array(Membership) });

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';

export function memberRoutes(d: RouteDeps) {
  const app = router();
  const common = { tags: ['members'], security: bearer, middleware: [staffOnly] };

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/members',
      request: { query: SearchQuery },
      responses: { 200: json(page(Member), 'A page of members'), 400: errors[400], 401: errors[401] },
    }),
    (c) => {
      const { q, limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, MemberKey);
      const rows = d.core.members.search(q, limit + 1, after && { name: after[0], id: after[1] });
      return c.json(
        paged(rows, limit, (m) => [m.name, m.id]),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'post',
      path: '/members',
      request: { body: body(NewMember) },
      responses: { 201: json(Member, 'The new member'), ...errors },
    }),
    (c) => {
      const input = c.req.valid('json');
      const { core } = d;
      const libraryId = core.catalog.data.library.id;
      const conflict = () =>
        new DomainError('conflict', 'a member with this phone exists', { field: 'phone' });
      try {
        const member = decide(core.db, () => {
          if (core.members.byPhone(libraryId, input.phone)) throw conflict();
          return core.members.create(libraryId, { ...input, email: input.email ?? null }, core.clock.now());
        });
        return c.json(member, 201);
      } catch (error) {
        throw isUniqueViolation(error) ? conflict() : error;
      }
    },
  );

  app.openapi(
    createRoute({
      ...common,
      method: 'get',
      path: '/members/{id}',
      request: { params: IdParam },
      responses: {
        200: json(MemberView, 'The member and their memberships'),
        400: errors[400],
        404: errors[404],
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const member = d.core.members.byId(id);
      if (!member) throw new DomainError('not_found', 'no such member', { field: 'id' });
      return c.json({ ...member, memberships: d.core.members.memberships(id) }, 200);
    },
  );

  return app;
}
