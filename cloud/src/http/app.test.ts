/**
 * The app skeleton on both backends: security headers and request ids on every response, CORS
 * for listed origins only, the error shape for unknown routes, health per dependency (503 naming
 * the database when it is down), metrics with the latency histogram, and the OpenAPI document.
 */
import { describe, expect, it } from 'vitest';
import { errorOf, jsonBody, testApp } from '../../test/support/http.ts';
import { backends, openTestDatabase, useTestDatabase } from '../../test/support/test-databases.ts';

describe.each(backends)('cloud app on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('sets the seed security headers and a request id on every response', async () => {
    const { app } = testApp(t().db);
    for (const path of ['/health', '/v1/health', '/v1/nowhere']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('x-xss-protection')).toBe('1; mode=block');
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'self'");
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const echoed = await app.request('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123');
    const insane = await app.request('/health', { headers: { 'x-request-id': 'a b\u0001' } });
    expect(insane.headers.get('x-request-id')).not.toBe('a b\u0001');
  });

  it('answers CORS for listed origins only', async () => {
    const { app } = testApp(t().db, { corsOrigins: ['https://portal.example'] });
    const preflight = (origin: string) =>
      app.request('/v1/tenants', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight('https://portal.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers unknown routes and malformed bodies with the error shape', async () => {
    const { app } = testApp(t().db);
    const res = await app.request('/v1/nowhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 'not_found', message: 'no route for GET /v1/nowhere' });
    const big = await app.request('/v1/tenants', jsonBody({ name: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('payload_too_large');
  });

  it('reports health per dependency, 503 naming the database when it is down', async () => {
    const { app } = testApp(t().db);
    const ok = await app.request('/health');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'ok',
      components: { database: { status: 'ok', detail: kind } },
    });

    const other = await openTestDatabase(kind, { migrate: false });
    const { app: downApp } = testApp(other.db);
    await other.db.close();
    const down = await downApp.request('/v1/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      status: 'down',
      components: { database: { status: 'down', detail: `${kind} did not answer` } },
    });
    await other.close();
  });

  it('exposes Prometheus metrics with the request histogram by route pattern', async () => {
    const { app } = testApp(t().db);
    await app.request('/v1/health');
    const res = await app.request('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /studyspot_cloud_http_request_duration_seconds_count\{method="GET",route="\/v1\/health",status="200"\} 1/,
    );
  });

  it('serves the OpenAPI document', async () => {
    const { app } = testApp(t().db);
    const res = await app.request('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/health', '/v1/tenants', '/v1/tenants/{id}']),
    );
  });
});
