/**
 * A local stand-in for the Electric sync service, for the `ELECTRIC_URL` proxy tests (ADR 0021):
 * Electric's own endpoint `GET /v1/shape?table=…&where=…&params[n]=…&columns=…&offset=…` served by
 * the built-in shape server on another loopback port — it speaks the same protocol, so the
 * official client cannot tell. It serves only a shape the cloud defines: the table must be a
 * definition's and `where`, `params[n]` and `columns` exactly what `electricShapeParams` makes of
 * that definition for some hub scope, else 400 as Electric answers what it cannot serve; with a
 * `secret`, a request without it is 401. Every request URL is recorded.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type HubScope, type ShapeName, ShapeServer, shapeDefinitions } from '@studyspot/sync';
import { Hono } from 'hono';
import type { Database } from '../../src/db/types.ts';
import { electricShapeParams } from '../../src/sync-proxy/electric-proxy.ts';

export interface ElectricStandIn {
  readonly url: string;
  /** Every request as received. */
  readonly requests: URL[];
  readonly server: ShapeServer;
  close(): Promise<void>;
}

const invalid = (field: string, message: string) =>
  Response.json({ message: 'Invalid request', errors: { [field]: [message] } }, { status: 400 });

/** The shape and hub scope a request names, or why Electric would refuse it. */
function resolve(query: URLSearchParams): { name: ShapeName; scope: HubScope } | Response {
  const table = query.get('table');
  const name = (Object.keys(shapeDefinitions) as ShapeName[]).find(
    (n) => shapeDefinitions[n].table === table,
  );
  if (!name) return invalid('table', `table not found: ${table}`);
  const keys = Object.values(shapeDefinitions[name].where);
  const scope = { tenantId: '', libraryId: '' };
  keys.forEach((key, i) => {
    scope[key] = query.get(`params[${i + 1}]`) ?? '';
  });
  const expected = electricShapeParams(shapeDefinitions[name], scope);
  for (const field of ['where', 'columns', 'replica', 'log']) {
    if ((query.get(field) ?? '') !== expected.get(field)) return invalid(field, `not a shape we serve`);
  }
  return { name, scope };
}

export async function startElectricStandIn(
  db: Database,
  options: { secret?: string; longPollMs?: number } = {},
): Promise<ElectricStandIn> {
  const requests: URL[] = [];
  const server = new ShapeServer({ db, longPollMs: options.longPollMs ?? 1_500 });
  const app = new Hono();
  app.get('/v1/shape', async (c) => {
    const url = new URL(c.req.url);
    requests.push(url);
    if (options.secret && url.searchParams.get('secret') !== options.secret)
      return Response.json({ message: 'Unauthorized' }, { status: 401 });
    const shape = resolve(url.searchParams);
    if (shape instanceof Response) return shape;
    const answer = await server.handle({ ...shape, params: url.searchParams, signal: c.req.raw.signal });
    return Response.json(answer.body, { status: answer.status, headers: answer.headers });
  });
  const listening = await new Promise<ReturnType<typeof serve>>((done) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => done(s));
  });
  const { port } = listening.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    server,
    close: async () => {
      await server.close();
      (listening as unknown as { closeAllConnections(): void }).closeAllConnections();
      await new Promise<void>((done) => listening.close(() => done()));
    },
  };
}
