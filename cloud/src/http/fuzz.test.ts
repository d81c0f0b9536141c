/**
 * OpenAPI-driven fuzzing of the real cloud server on both backends: for every operation in
 * /v1/openapi.json, seeded and bounded runs of random and boundary inputs and mutated valid
 * examples, sent with a platform-admin token and with an owner token. Never a 5xx; every error
 * is `{ code: string, ... }`; a rejected (4xx) request changes no table (digest of every table,
 * read in a platform transaction, compared with the one after the last accepted request).
 */
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerOf, platformAdmin, testApp } from '../../test/support/http.ts';
import { seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { startBillingRuntime } from '../billing/runtime.ts';
import { buildLibrary, clientFor, createStudent } from '../catalog/test-fixture.ts';
import { loadCloudConfig } from '../config.ts';
import { startIdentity } from '../identity/start.ts';
import type { FuzzRequest, IdPools, OpenApiDoc, Operation } from './fuzz-support.ts';
import { digestTables, operationsOf, requestArb } from './fuzz-support.ts';
import { type RunningCloudServer, startCloudServer } from './server.ts';

const SEED = 20261201;
const RUNS = 10;
const unlimited = { limit: 1_000_000, windowMs: 60_000 };
/** Tables written by design on refused requests (none of ours); listed with the reason. */
const EXCEPT: string[] = [];

describe.each(backends)('OpenAPI fuzz on %s', (kind) => {
  const t = useTestDatabase(kind);
  let server: RunningCloudServer;
  let operations: Operation[];
  let pools: IdPools;
  let tokens: { admin: string; owner: string };

  beforeAll(async () => {
    // The whole API as runCloud mounts it: identity, payments and notifications included.
    const config = loadCloudConfig({});
    const logger = pino({ level: 'silent' });
    const services = startBillingRuntime(t().db, logger, config, { env: {} });
    const identity = await startIdentity(t().db, logger, services.messaging.outbox, config);
    const { app, auth } = testApp(t().db, {
      identity,
      billing: services.billing,
      messaging: services.messaging,
      rateLimits: { auth: unlimited, booking: unlimited, general: unlimited },
    });
    server = await startCloudServer({ app, port: 0 });
    const seeded = await seedTenant(t().db, 'fuzz');
    const owner = ownerOf(seeded.tenantId);
    const built = await buildLibrary(clientFor(app, auth.bearer(owner)));
    await createStudent(t().db, '+919844444444');
    tokens = { admin: auth.bearer(platformAdmin()).authorization, owner: auth.bearer(owner).authorization };
    const doc = (await (await fetch(`${server.url}/v1/openapi.json`)).json()) as OpenApiDoc;
    operations = operationsOf(doc);
    pools = {
      libraryId: [built.id, seeded.libraryId],
      zoneId: [built.zoneId, seeded.zoneId],
      seatId: [...built.seatIds, seeded.seatId],
      shiftId: [built.shiftId],
      tenantId: [seeded.tenantId],
      any: [built.id, built.zoneId, built.shiftId, ...built.planIds, seeded.libraryId, seeded.seatId],
    };
  });
  afterAll(() => server?.close());

  it('covers the catalog operations', () => {
    const paths = new Set(operations.map((op) => `${op.method} ${op.path}`));
    for (const expected of [
      'GET /v1/libraries/search',
      'PUT /v1/manage/libraries/{id}/seats',
      'POST /v1/booking-requests',
      'POST /v1/auth/otp/verify',
      'POST /v1/payments',
      'GET /v1/invoices',
    ])
      expect(paths).toContain(expected);
  });

  it('never answers 5xx, always says { code }, and rejected requests change nothing', async () => {
    let current = await digestTables(t().db, EXCEPT);
    let accepted = 0;
    let rejected = 0;
    for (const op of operations) {
      for (const token of [tokens.admin, tokens.owner]) {
        await fc.assert(
          fc.asyncProperty(requestArb(op, pools), async (request) => {
            const status = await send(server.url, op, request, token, async () => {
              const after = await digestTables(t().db, EXCEPT);
              const unchanged = after === current;
              current = after;
              return unchanged;
            });
            if (status >= 400) rejected++;
            else accepted++;
          }),
          { seed: SEED, numRuns: RUNS, endOnFailure: true },
        );
        current = await digestTables(t().db, EXCEPT);
      }
    }
    expect(accepted + rejected).toBe(operations.length * RUNS * 2);
    expect(accepted).toBeGreaterThan(operations.length);
  }, 300_000);
});

async function send(
  base: string,
  op: Operation,
  request: FuzzRequest,
  token: string,
  unchanged: () => Promise<boolean>,
): Promise<number> {
  const headers: Record<string, string> = { authorization: token };
  if (request.contentType) headers['content-type'] = request.contentType;
  const res = await fetch(`${base}${request.url}`, { method: op.method, headers, body: request.body });
  const text = await res.text();
  const context = `${op.method} ${request.url} ${request.body?.slice(0, 300) ?? ''} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, context).toBeLessThan(500);
  if (res.status >= 400) {
    expect(typeof JSON.parse(text).code, context).toBe('string');
    expect(await unchanged(), `${context} changed the database`).toBe(true);
  } else {
    await unchanged();
  }
  return res.status;
}
