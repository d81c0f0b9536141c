/**
 * The RBAC matrix's expectations: one entry per `METHOD /path` of the OpenAPI document, saying
 * what each caller gets. A route without an entry fails the matrix ("deny unless listed"): add
 * it here when you add a route. Outcomes: 'ok' = 2xx; 'pass' = the guard let the caller through
 * (anything but 401/403/5xx — used where the matrix sends no valid body, or a random id so that
 * nothing is changed); 401/403/404 exactly. `{id}` defaults to tenant A's library.
 */
export const callers = ['anonymous', 'student', 'staff', 'owner', 'platform_admin', 'foreign_staff'] as const;
export type Caller = (typeof callers)[number];
export type Outcome = 'ok' | 'pass' | 401 | 403 | 404;

export interface MatrixContext {
  tenantId: string;
  libraryId: string;
}

export interface Expectation {
  params?: (ctx: MatrixContext) => Record<string, string>;
  body?: (ctx: MatrixContext) => unknown;
  expect: Record<Caller, Outcome>;
}

const everyone = (outcome: Outcome) =>
  Object.fromEntries(callers.map((caller) => [caller, outcome])) as Record<Caller, Outcome>;
const signedIn = (outcome: Outcome): Record<Caller, Outcome> => ({ ...everyone(outcome), anonymous: 401 });
/** Everyone is refused (401 anonymous, 403 signed in) except the listed callers. */
const only = (allowed: Partial<Record<Caller, Outcome>>): Record<Caller, Outcome> => ({
  ...signedIn(403),
  ...allowed,
});
const randomId = () => ({ id: crypto.randomUUID() });
const unique = () => crypto.randomUUID().slice(0, 8);

/** Staff and owners of the library's tenant read; staff of another tenant do not find it. */
const tenantReaders = only({ staff: 'ok', owner: 'ok', foreign_staff: 404 });
/** Owner-only writes, sent without a valid body or with a random id: nothing changes. */
const ownerWrite = only({ owner: 'pass' });
const studentsOnly = only({ student: 'ok' });
const adminsOnly = only({ platform_admin: 'ok' });

export const expectations: Record<string, Expectation> = {
  'GET /v1/health': { expect: everyone('ok') },
  // only a paired hub pushes mutations (authorizeHub, ADR 0014): no user credential is one
  'POST /v1/hub/mutations': { body: () => ({ mutations: [{}] }), expect: everyone(401) },
  // hub pairing (ADR 0016): owners (and platform admins) add hubs; the hub pairs with its code
  'POST /v1/libraries/{id}/hubs': {
    body: () => ({ name: 'Matrix hub' }),
    expect: only({ owner: 'ok', platform_admin: 'ok' }),
  },
  'GET /v1/libraries/{id}/hubs': { expect: tenantReaders },
  'DELETE /v1/hubs/{id}': { params: randomId, expect: ownerWrite },
  // the code is the credential: no bearer needed; an empty body is a 400 for everyone
  'POST /v1/hubs/pair': { expect: everyone('pass') },
  // only a signed request of a paired hub reports a heartbeat
  'POST /v1/hubs/heartbeat': {
    body: () => ({
      version: '1',
      uptimeS: 1,
      outboxBacklog: 0,
      parked: 0,
      shapeLagMs: null,
      devicesOnline: 0,
      devicesOffline: 0,
      diskFreeBytes: null,
    }),
    expect: everyone(401),
  },
  'GET /v1/tenants': { expect: adminsOnly },
  'POST /v1/tenants': { body: () => ({ name: 'Matrix', slug: `m-${unique()}` }), expect: adminsOnly },
  'GET /v1/tenants/{id}': {
    params: (ctx) => ({ id: ctx.tenantId }),
    expect: only({ staff: 'ok', owner: 'ok', platform_admin: 'ok', foreign_staff: 404 }),
  },
  'POST /v1/tenants/{id}/owners': {
    params: (ctx) => ({ id: ctx.tenantId }),
    body: () => ({ email: `o-${unique()}@example.test`, name: 'Matrix owner', password: 'matrix password' }),
    expect: adminsOnly,
  },
  // sign-in is public; a request never says whether the phone or email exists
  'POST /v1/auth/otp/request': {
    body: () => ({ phone: `+9199${String(Math.random()).slice(2, 10)}`, channel: 'sms' }),
    expect: everyone('ok'),
  },
  'POST /v1/auth/otp/verify': {
    body: () => ({ phone: '+919700000000', code: '000000' }),
    expect: everyone(401),
  },
  'POST /v1/auth/login': {
    body: () => ({ email: 'nobody@example.test', password: 'x' }),
    expect: everyone(401),
  },
  'POST /v1/auth/refresh': { body: () => ({ refreshToken: 'nope' }), expect: everyone(401) },
  'POST /v1/auth/logout': { body: () => ({ refreshToken: 'nope' }), expect: everyone('ok') },
  'GET /v1/me': { expect: signedIn('ok') },
  'PATCH /v1/me': { body: () => ({ language: 'en' }), expect: signedIn('ok') },
  'POST /v1/staff': {
    body: () => ({ email: `s-${unique()}@example.test`, name: 'Matrix', password: 'matrix password' }),
    expect: only({ owner: 'ok' }),
  },
  'GET /v1/staff': { expect: only({ owner: 'ok' }) },
  // a random id: the owner passes the role check and finds no such account
  'PATCH /v1/staff/{id}': { params: randomId, body: () => ({ name: 'Matrix' }), expect: ownerWrite },
  // owners manage their libraries; staff read the ones of their tenant (catalog routes)
  'GET /v1/manage/libraries': { expect: only({ staff: 'ok', owner: 'ok', foreign_staff: 'ok' }) },
  'POST /v1/manage/libraries': { expect: ownerWrite },
  'GET /v1/manage/libraries/{id}': { expect: tenantReaders },
  'PATCH /v1/manage/libraries/{id}': { params: randomId, expect: ownerWrite },
  'DELETE /v1/manage/libraries/{id}': { params: randomId, expect: ownerWrite },
  'GET /v1/manage/libraries/{id}/zones': { expect: tenantReaders },
  'POST /v1/manage/libraries/{id}/zones': { params: randomId, expect: ownerWrite },
  'PATCH /v1/manage/zones/{id}': { params: randomId, expect: ownerWrite },
  'DELETE /v1/manage/zones/{id}': { params: randomId, expect: ownerWrite },
  'GET /v1/manage/libraries/{id}/shifts': { expect: tenantReaders },
  'POST /v1/manage/libraries/{id}/shifts': { params: randomId, expect: ownerWrite },
  'PATCH /v1/manage/shifts/{id}': { params: randomId, expect: ownerWrite },
  'DELETE /v1/manage/shifts/{id}': { params: randomId, expect: ownerWrite },
  'GET /v1/manage/libraries/{id}/plans': { expect: tenantReaders },
  'POST /v1/manage/libraries/{id}/plans': { params: randomId, expect: ownerWrite },
  'PATCH /v1/manage/plans/{id}': { params: randomId, expect: ownerWrite },
  'DELETE /v1/manage/plans/{id}': { params: randomId, expect: ownerWrite },
  'GET /v1/manage/libraries/{id}/seats': { expect: tenantReaders },
  'PUT /v1/manage/libraries/{id}/seats': { params: randomId, expect: ownerWrite },
  'GET /v1/manage/libraries/{id}/staff': { expect: tenantReaders },
  'PUT /v1/manage/libraries/{id}/staff': { params: randomId, expect: ownerWrite },
  // public search and library pages (an unpublished library is simply not found)
  'GET /v1/libraries/search': { expect: everyone('pass') },
  'GET /v1/libraries/{id}': { expect: everyone('pass') },
  // students' own requests, bookings and memberships
  'POST /v1/booking-requests': { expect: only({ student: 'pass' }) },
  'DELETE /v1/booking-requests/{id}': { params: randomId, expect: only({ student: 'pass' }) },
  'GET /v1/me/booking-requests': { expect: studentsOnly },
  'GET /v1/me/bookings': { expect: studentsOnly },
  'GET /v1/me/memberships': { expect: studentsOnly },
  // cancels the hub applies (ADR 0022); a random booking id changes nothing
  'POST /v1/me/bookings/{id}/cancel': { params: randomId, expect: only({ student: 'pass' }) },
  'GET /v1/me/bookings/{id}/pass': { params: randomId, expect: only({ student: 404 }) },
  'POST /v1/libraries/{libraryId}/bookings/{bookingId}/cancel': {
    params: (ctx) => ({ libraryId: ctx.libraryId, bookingId: crypto.randomUUID() }),
    body: () => ({ reason: 'rbac matrix' }),
    expect: only({ owner: 404 }),
  },
  'GET /v1/libraries/{id}/commands': { expect: tenantReaders },
  // what a cancel would refund (apps/mobile); a random booking id is nobody's
  'GET /v1/me/bookings/{id}/refund': { params: randomId, expect: only({ student: 404 }) },
  // the student's waitlist, by hub command (ADR 0026); a random entry id is nobody's
  'POST /v1/me/waitlist': { expect: only({ student: 'pass' }) },
  'GET /v1/me/waitlist': { expect: studentsOnly },
  'POST /v1/me/waitlist/{id}/leave': { params: randomId, expect: only({ student: 404 }) },
  'POST /v1/me/waitlist/{id}/accept': { params: randomId, expect: only({ student: 404 }) },
  // the VAPID public key for web push subscriptions is public (null without push)
  'GET /v1/push/key': { expect: everyone('ok') },
  // platform administration and audit
  'GET /v1/admin/tenants': { expect: adminsOnly },
  'GET /v1/admin/libraries': { expect: adminsOnly },
  'GET /v1/admin/hubs': { expect: adminsOnly },
  'GET /v1/admin/revenue': { expect: only({ platform_admin: 'pass' }) },
  'GET /v1/audit': { expect: only({ owner: 'ok' }) },
  'GET /v1/admin/audit': { expect: adminsOnly },
  // billing (payments engineer): staff and owners of the tenant
  'GET /v1/invoices': { expect: only({ staff: 'pass', owner: 'pass', foreign_staff: 'pass' }) },
  'GET /v1/invoices/{id}': {
    params: randomId,
    expect: only({ staff: 'pass', owner: 'pass', foreign_staff: 'pass' }),
  },
  'GET /v1/libraries/{id}/reports/monthly': {
    expect: only({ staff: 'pass', owner: 'pass', foreign_staff: 'pass' }),
  },
  // the owner portal's reports and lists (issue #6): staff and owners of the library's tenant
  'GET /v1/libraries/{id}/reports/usage': {
    expect: only({ staff: 'pass', owner: 'pass', foreign_staff: 'pass' }),
  },
  'GET /v1/libraries/{id}/bookings': { expect: tenantReaders },
  'GET /v1/libraries/{id}/members': { expect: tenantReaders },
  'GET /v1/libraries/{id}/payments': { expect: tenantReaders },
};
