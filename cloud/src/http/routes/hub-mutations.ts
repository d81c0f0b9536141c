/**
 * The hub write path's endpoint (ADR 0014): a paired hub POSTs a batch of its outbox; the answer
 * has one result per mutation (`accepted` with the Postgres txid | `rejected` with a code |
 * `retry`) and the batch's txid. The hub is identified by `authorizeHub` (hub pairing), never by
 * the body; without it every request is 401. A batch that cannot be applied at all (the database
 * failed) is a 5xx, which the hub retries whole — redelivery has no second effect.
 */
import { createRoute } from '@hono/zod-openapi';
import { DomainError } from '@studyspot/core';
import { MutationBatch, MutationResponse } from '@studyspot/sync/mutations';
import { applyBatch } from '../../hub-intake/apply.ts';
import type { RouteDeps } from '../env.ts';
import { bearer, body, errors, json, router } from '../openapi.ts';

export function hubMutationRoutes(d: RouteDeps) {
  const app = router();

  app.openapi(
    createRoute({
      tags: ['hub'],
      security: bearer,
      method: 'post',
      path: '/hub/mutations',
      request: { body: body(MutationBatch) },
      responses: {
        200: json(MutationResponse, 'One result per mutation, in order, and the txid'),
        400: errors[400],
        401: errors[401],
        429: errors[429],
      },
    }),
    async (c) => {
      const hub = d.authorizeHub ? await d.authorizeHub(c) : null;
      if (!hub) throw new DomainError('unauthorized', 'only a paired hub may push mutations');
      const { mutations } = c.req.valid('json');
      const response = await applyBatch(d.db, hub, mutations);
      d.metrics.countHubMutations(response.results);
      c.get('log').info(
        { hubId: hub.hubId, count: mutations.length, txid: response.txid },
        'hub mutations applied',
      );
      return c.json(response, 200);
    },
  );

  return app;
}
