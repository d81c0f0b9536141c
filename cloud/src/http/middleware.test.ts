/**
 * The body limit over a real HTTP server (the path production takes, ADR 0017): a body with a
 * Content-Length over the limit and a chunked one over it are both 413 `payload_too_large`; a body
 * under the limit and a GET without one pass through to the route. On PGlite only: nothing here
 * depends on the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/support/http.ts';
import { openTestDatabase, type TestDatabase } from '../../test/support/test-databases.ts';
import { type RunningCloudServer, startCloudServer } from './server.ts';

describe('body limit over HTTP', () => {
  let t: TestDatabase;
  let server: RunningCloudServer;

  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    server = await startCloudServer({ app: testApp(t.db, { bodyLimitBytes: 1_000 }).app, port: 0 });
  });

  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it('refuses a Content-Length over the limit and a chunked body over it', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(2_000) });
    const sized = await post(big);
    expect(sized.status).toBe(413);
    expect(await sized.json()).toMatchObject({ code: 'payload_too_large' });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++)
          controller.enqueue(new TextEncoder().encode(big.slice(i * 500, i * 500 + 500)));
        controller.enqueue(new TextEncoder().encode(big.slice(2_000)));
        controller.close();
      },
    });
    const chunked = await post(chunks);
    expect(chunked.status).toBe(413);
    expect(await chunked.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('lets a small body and a GET through to the route', async () => {
    // No principal: the route itself answers 401, so the body got past the limit.
    expect((await post(JSON.stringify({ name: 'Small' }))).status).toBe(401);
    expect((await fetch(`${server.url}/v1/health`)).status).toBe(200);
  });
});
