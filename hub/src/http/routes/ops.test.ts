import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TODAY } from '../../../test/fixture.ts';
import { createHttpApp } from '../app.ts';
import { databaseCheck, HealthChecks } from '../health.ts';
import type { TestApi } from '../testing.ts';
import { startTestApi } from '../testing.ts';

const securityHeaders = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

describe('health, metrics and cross-cutting behaviour', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.close());

  it('GET /health is public and 200 while every component is ok', async () => {
    const ok = await t.call('GET', '/health', { token: null });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ status: 'ok', components: { database: { status: 'ok' } } });
  });

  it('a registered check that fails or throws makes /health 503', async () => {
    const checks = new HealthChecks(50);
    checks.register('database', databaseCheck(t.f.db));
    const remove = checks.register('scheduler', () => ({ status: 'down', detail: 'not ticking' }));
    checks.register('broker', () => {
      throw new Error('port in use');
    });
    checks.register('slow', () => new Promise(() => {}));
    const app = createHttpApp({ core: t.f, logger: pino({ level: 'silent' }), health: checks });
    const res = await app.request('/api/v1/health');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      status: 'down',
      components: {
        database: { status: 'ok' },
        scheduler: { status: 'down', detail: 'not ticking' },
        broker: { status: 'down', detail: 'port in use' },
        slow: { status: 'down', detail: 'timed out' },
      },
    });
    remove();
  });

  it('GET /metrics exposes request timings, decisions, seat states and the outbox backlog', async () => {
    const slot = { kind: 'shift', date: TODAY, shiftId: t.f.ids.shiftIds.morning };
    await t.call('POST', '/holds', { body: { seatId: t.f.ids.seatIds[0], memberId: t.f.newMember(), slot } });
    await t.call('POST', '/holds', { body: { seatId: t.f.ids.seatIds[0], memberId: t.f.newMember(), slot } });
    const res = await t.call('GET', '/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text: string = res.body;
    expect(text).toContain(
      'studyspot_http_request_duration_seconds_count{method="POST",route="/api/v1/holds",status="201"} 1',
    );
    expect(text).toContain('studyspot_booking_decisions_total{outcome="accepted",code="none"} 1');
    expect(text).toContain('studyspot_booking_decisions_total{outcome="refused",code="seat_taken"} 1');
    expect(text).toContain('studyspot_seats{state="held"} 1');
    expect(text).toContain('studyspot_seats{state="free"} 59');
    expect(text).toMatch(/studyspot_outbox_backlog [1-9]\d*/);
  });

  it('puts security headers and a request id on every response, echoing a sane incoming id', async () => {
    for (const res of [
      await t.call('GET', '/library'),
      await t.call('GET', '/nowhere'),
      await t.call('GET', '/library', { token: null }),
      await t.call('POST', '/holds', { raw: '{' }),
    ]) {
      expect(Object.fromEntries([...res.headers].filter(([k]) => k in securityHeaders))).toEqual(
        securityHeaders,
      );
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{36}$/);
    }
    const echoed = await t.call('GET', '/library', { headers: { 'x-request-id': 'desk-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('desk-42');
    const replaced = await t.call('GET', '/library', { headers: { 'x-request-id': 'bad id<script>' } });
    expect(replaced.headers.get('x-request-id')).not.toBe('bad id<script>');
  });

  it('answers every error as { code, message }: 404 routes, malformed JSON, wrong media type, huge bodies', async () => {
    expect((await t.call('GET', '/nowhere')).body).toMatchObject({ code: 'not_found' });
    const malformed = await t.call('POST', '/holds', { raw: '{"seatId": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const text = await t.call('POST', '/holds', { raw: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported_media_type');
    const huge = await t.call('POST', '/members', {
      body: { name: 'x'.repeat(70 * 1024), phone: '+919000000000' },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('payload_too_large');
    const empty = await t.call('POST', '/holds');
    expect(empty.status).toBe(400);
  });

  it('answers an unexpected failure 500 internal, without details, and logs it with the request id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const bookings = Object.create(t.f.bookings, {
      byId: {
        value: () => {
          throw new Error('disk on fire');
        },
      },
    });
    const app = createHttpApp({ core: { ...t.f, bookings }, logger });
    const res = await app.request(`/api/v1/bookings/${t.f.ids.seatIds[0]}`, {
      headers: { authorization: `Bearer ${t.staffToken}`, 'x-request-id': 'req-500' },
    });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'internal', message: 'internal error' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      reqId: 'req-500',
      err: { message: 'disk on fire' },
    });
  });

  it('serves the OpenAPI document publicly, with every route and the bearer scheme', async () => {
    const res = await t.call('GET', '/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toHaveLength(34);
    expect(res.body.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(
      res.body.paths['/api/v1/holds'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['seatId', 'memberId', 'slot']);
  });
});
