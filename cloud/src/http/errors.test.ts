/** The single status mapping: domain codes, the exclusion constraint as seat_taken, and 500 without details. */
import { DomainError } from '@studyspot/core';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { handleError } from './errors.ts';
import { router } from './openapi.ts';

const appThrowing = (error: Error) => {
  const app = router();
  app.use(async (c, next) => {
    c.set('log', pino({ level: 'silent' }));
    await next();
  });
  app.get('/', () => {
    throw error;
  });
  app.onError(handleError);
  return app;
};

describe('handleError', () => {
  it('maps domain codes, naming the field', async () => {
    const res = await appThrowing(new DomainError('conflict', 'taken', { field: 'slug' })).request('/');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ code: 'conflict', message: 'taken', field: 'slug' });
  });

  it('maps the bookings exclusion constraint (SQLSTATE 23P01) to 409 seat_taken', async () => {
    const res = await appThrowing(
      Object.assign(new Error('conflicting key value'), { code: '23P01' }),
    ).request('/');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'seat_taken' });
  });

  it('answers anything else with 500 internal and no details', async () => {
    const res = await appThrowing(new Error('secret detail')).request('/');
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ code: 'internal', message: 'internal error' });
  });
});
