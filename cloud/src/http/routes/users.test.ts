/**
 * /v1/me and /v1/staff on both backends: a student edits language, time zone, opt-outs and quiet
 * hours and `lookupRecipient` reads them back for the notification worker; bad input names the
 * field; an owner creates a staff account (audited) that signs in with its initial password and
 * sees only its libraries; a duplicate email is 409 and another tenant's library 404; the owner
 * renames, re-passwords and disables it (its refresh tokens die with it) and enables it again.
 */
import { describe, expect, it } from 'vitest';
import { seedLibrary, seedTenant } from '../../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../../test/support/test-databases.ts';
import { lookupRecipient } from '../../identity/recipients.ts';
import {
  bearerOf,
  createAccount,
  decodeClaims,
  identityApp,
  passwordSignIn,
  post,
  studentSignIn,
} from './auth.fixture.ts';

const patch = (t: Awaited<ReturnType<typeof identityApp>>, token: { accessToken: string }, value: unknown) =>
  t.app.request('/v1/me', {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...bearerOf(token) },
    body: JSON.stringify(value),
  });

describe.each(backends)('users on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('lets a student read and edit their profile, and the recipient directory sees it', async () => {
    const app = await identityApp(t().db);
    const { tenantId } = await seedTenant(t().db, `me-${kind}`);
    const pair = await studentSignIn(app, '+919833333331');
    const me = await app.app.request('/v1/me', { headers: bearerOf(pair) });
    expect(await me.json()).toMatchObject({
      id: pair.user.id,
      role: 'student',
      phone: '+919833333331',
      email: null,
      language: 'en',
      notifications: { optedOut: [], quietHours: null },
    });
    const res = await patch(app, pair, {
      name: 'Asha',
      email: `Asha-${kind}@Example.test`,
      language: 'hi',
      timeZone: 'Asia/Kolkata',
      notifications: { optedOut: ['email'], quietHours: { start: '22:00', end: '07:00' } },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Asha',
      email: `asha-${kind}@example.test`,
      language: 'hi',
    });
    expect(await lookupRecipient(t().db, tenantId, pair.user.id)).toEqual({
      userId: pair.user.id,
      phone: '+919833333331',
      email: `asha-${kind}@example.test`,
      push: undefined,
      language: 'hi',
      timeZone: 'Asia/Kolkata',
      optedOut: ['email'],
      quietHours: { start: '22:00', end: '07:00' },
    });
    const cleared = await patch(app, pair, { notifications: { quietHours: null } });
    expect(await cleared.json()).toMatchObject({ notifications: { optedOut: ['email'], quietHours: null } });
    expect(await lookupRecipient(t().db, tenantId, crypto.randomUUID())).toBeNull();
  });

  it('names the bad field of a profile edit, and refuses a taken email', async () => {
    const app = await identityApp(t().db);
    const pair = await studentSignIn(app, '+919833333332');
    const zone = await patch(app, pair, { timeZone: 'Mars/Olympus' });
    expect(zone.status).toBe(400);
    expect(await zone.json()).toMatchObject({ code: 'validation_failed', field: 'timeZone' });
    const quiet = await patch(app, pair, { notifications: { quietHours: { start: '25:00', end: '07:00' } } });
    expect(await quiet.json()).toMatchObject({ field: 'notifications.quietHours.start' });
    const blank = await patch(app, pair, { name: '   ' });
    expect(await blank.json()).toMatchObject({ code: 'validation_failed', field: 'name' });
    expect((await patch(app, pair, { role: 'platform_admin' })).status).toBe(400);
    await createAccount(t().db, {
      email: `taken-${kind}@example.test`,
      password: 'whatever1',
      role: 'platform_admin',
    });
    const taken = await patch(app, pair, { email: `taken-${kind}@example.test` });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'conflict', field: 'email' });
  });

  it('lets an owner create a staff account that signs in for its libraries, audited', async () => {
    const app = await identityApp(t().db);
    const { tenantId, libraryId } = await seedTenant(t().db, `staff-${kind}`);
    const other = await seedTenant(t().db, `staff-other-${kind}`);
    const second = await t().db.platform((tx) => seedLibrary(tx, tenantId, 'Second room'));
    const ownerEmail = `owner-${kind}@example.test`;
    await createAccount(t().db, { email: ownerEmail, password: 'owner password', role: 'owner', tenantId });
    const owner = await passwordSignIn(app, ownerEmail, 'owner password');
    const create = (value: unknown) => post(app.app, '/v1/staff', value, bearerOf(owner));
    const email = `new-desk-${kind}@example.test`;
    const res = await create({ email, name: 'Ravi', password: 'initial password', libraryIds: [second] });
    expect(res.status).toBe(201);
    const staff = (await res.json()) as { id: string };
    expect(staff).toMatchObject({ email, role: 'staff', libraryIds: [second] });
    const audit = await t().db.tenant(tenantId, (tx) =>
      tx.query<{ action: string; target_id: string }>(
        `SELECT action, target_id FROM audit_log WHERE action = 'staff.create'`,
      ),
    );
    expect(audit).toEqual([{ action: 'staff.create', target_id: staff.id }]);
    const signedIn = await passwordSignIn(app, email, 'initial password');
    expect(decodeClaims(signedIn.accessToken)).toMatchObject({
      role: 'staff',
      tenant_id: tenantId,
      library_ids: [second],
    });
    expect(decodeClaims(signedIn.accessToken).library_ids).not.toContain(libraryId);

    const duplicate = await create({ email, name: 'Again', password: 'initial password' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: 'conflict', field: 'email' });
    const foreign = await create({
      email: `x-${email}`,
      name: 'X',
      password: 'initial password',
      libraryIds: [other.libraryId],
    });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: 'not_found', field: 'libraryIds' });
    const short = await create({ email: `y-${email}`, name: 'Y', password: 'short' });
    expect(await short.json()).toMatchObject({ code: 'validation_failed', field: 'password' });
    expect(
      (
        await post(
          app.app,
          '/v1/staff',
          { email: 'z@example.test', name: 'Z', password: 'long enough!' },
          bearerOf(signedIn),
        )
      ).status,
    ).toBe(403);

    const list = await app.app.request('/v1/staff', { headers: bearerOf(owner) });
    const items = ((await list.json()) as { items: { email: string }[] }).items.map((item) => item.email);
    expect(items).toEqual(expect.arrayContaining([ownerEmail, email]));
    expect(items.some((item) => item.includes('staff-other'))).toBe(false);
  });

  it('lets an owner rename, re-password, disable and enable a staff account, audited', async () => {
    const app = await identityApp(t().db);
    const { tenantId, libraryId } = await seedTenant(t().db, `staff-edit-${kind}`);
    const other = await seedTenant(t().db, `staff-edit-other-${kind}`);
    const ownerEmail = `edit-owner-${kind}@example.test`;
    const ownerId = await createAccount(t().db, {
      email: ownerEmail,
      password: 'owner password',
      role: 'owner',
      tenantId,
    });
    const owner = await passwordSignIn(app, ownerEmail, 'owner password');
    const email = `edit-desk-${kind}@example.test`;
    const staffId = await createAccount(t().db, {
      email,
      password: 'first password',
      role: 'staff',
      tenantId,
      libraryIds: [libraryId],
    });
    const foreignId = await createAccount(t().db, {
      email: `edit-foreign-${kind}@example.test`,
      password: 'first password',
      role: 'staff',
      tenantId: other.tenantId,
    });
    const edit = (id: string, value: unknown, as = owner) =>
      app.app.request(`/v1/staff/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...bearerOf(as) },
        body: JSON.stringify(value),
      });
    const login = (password: string) => post(app.app, '/v1/auth/login', { email, password });
    const refresh = (token: string) => post(app.app, '/v1/auth/refresh', { refreshToken: token });
    const desk = await passwordSignIn(app, email, 'first password');

    const renamed = await edit(staffId, { name: 'Ravi K' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({
      id: staffId,
      name: 'Ravi K',
      status: 'active',
      libraryIds: [libraryId],
    });
    expect((await refresh(desk.refreshToken)).status).toBe(200); // a rename keeps sign-ins

    const repassworded = await edit(staffId, { password: 'second password' });
    expect(repassworded.status).toBe(200);
    expect((await login('first password')).status).toBe(401);
    const again = await passwordSignIn(app, email, 'second password');

    const disabled = await edit(staffId, { status: 'disabled' });
    expect(await disabled.json()).toMatchObject({ status: 'disabled' });
    expect((await refresh(again.refreshToken)).status).toBe(401);
    expect((await login('second password')).status).not.toBe(200);
    const enabled = await edit(staffId, { status: 'active' });
    expect(await enabled.json()).toMatchObject({ status: 'active' });
    expect((await login('second password')).status).toBe(200);

    // not this owner's to change: another tenant's staff, an owner (themselves included), nothing
    for (const id of [foreignId, ownerId, crypto.randomUUID()]) {
      const res = await edit(id, { status: 'disabled' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'not_found' });
    }
    expect(await (await edit(staffId, {})).json()).toMatchObject({ code: 'validation_failed' });
    expect(await (await edit(staffId, { password: 'short' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'password',
    });
    expect((await edit(staffId, { status: 'disabled' }, again)).status).toBe(403);
    const audit = await t().db.tenant(tenantId, (tx) =>
      tx.query<{ detail: Record<string, unknown> }>(
        `SELECT detail FROM audit_log WHERE action = 'staff.update' AND target_id = $1 ORDER BY at`,
        [staffId],
      ),
    );
    expect(audit.map((a) => a.detail)).toEqual([
      { name: 'Ravi K', passwordChanged: false },
      { passwordChanged: true },
      { status: 'disabled', passwordChanged: false },
      { status: 'active', passwordChanged: false },
    ]);
    const list = await app.app.request('/v1/staff', { headers: bearerOf(owner) });
    const items = ((await list.json()) as { items: { id: string; status: string }[] }).items;
    expect(items.find((item) => item.id === staffId)).toMatchObject({ status: 'active' });
  });
});
