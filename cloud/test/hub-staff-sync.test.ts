/**
 * Staff and signing keys for the hubs (issue #5, ADR 0024), on both backends. First the cloud side:
 * `hub_staff` and `hub_signing_keys` follow users, tenant_users, staff_libraries, libraries and
 * signing_keys through triggers, whichever transaction made the change, and never carry a private
 * key. Then end to end with a real hub paired through a cuttable line: an owner adds a staff
 * member through the cloud API, the person signs in at the hub's desk with the same email and
 * password — also with the line cut — and once the account is disabled in the cloud and the line
 * is back, the login is refused and the open hub session is over; a PIN set on the hub survives
 * re-syncs, and a local `staff add` account is never touched.
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, seedShop } from '../src/billing/billing.fixture.ts';
import { addOwner, type PairedStack, poll, startPairedStack } from './support/paired-hub.ts';
import { seedLibrary, seedTenant } from './support/seed.ts';
import { backends, useTestDatabase } from './support/test-databases.ts';

interface StaffRow {
  library_id: string;
  user_id: string;
  email: string;
  role: string;
  active: boolean;
  password_hash: string;
}

describe.each(backends)('staff and signing keys for the hubs on %s', (kind) => {
  const t = useTestDatabase(kind);
  let stack: PairedStack;

  beforeAll(async () => {
    stack = await startPairedStack(t().db);
  });
  afterAll(() => stack?.close());

  const staffOf = (tenantId: string) =>
    t().db.platform((tx) =>
      tx.query<StaffRow>(
        `SELECT library_id, user_id, email, role, active, password_hash FROM hub_staff
          WHERE tenant_id = $1 ORDER BY email, library_id`,
        [tenantId],
      ),
    );

  it('derives hub_staff from accounts, roles and libraries, in any transaction', async () => {
    const db = t().db;
    const seeded = await seedTenant(db, `staff-rows-${kind}`);
    const owner = await addOwner(db, seeded.tenantId, `owner-rows-${kind}@example.test`, 'owner-password-1');
    // seedTenant's staff member works at the first library only; the owner at every library
    let rows = await staffOf(seeded.tenantId);
    expect(rows.map((r) => [r.role, r.library_id])).toEqual([
      ['owner', seeded.libraryId],
      ['staff', seeded.libraryId],
    ]);
    // a library made in a TENANT transaction reaches the owner (and its keys are there), not staff
    const second = await db.tenant(seeded.tenantId, (tx) => seedLibrary(tx, seeded.tenantId, 'Annexe'));
    rows = await staffOf(seeded.tenantId);
    expect(
      rows
        .filter((r) => r.role === 'owner')
        .map((r) => r.library_id)
        .sort(),
    ).toEqual([seeded.libraryId, second].sort());
    const staffUser = rows.find((r) => r.role === 'staff')?.user_id as string;
    await db.tenant(seeded.tenantId, (tx) =>
      tx.query('INSERT INTO staff_libraries (tenant_id, user_id, library_id) VALUES ($1, $2, $3)', [
        seeded.tenantId,
        staffUser,
        second,
      ]),
    );
    expect((await staffOf(seeded.tenantId)).filter((r) => r.user_id === staffUser)).toHaveLength(2);

    // disabled: kept, inactive; password: follows; an untouched column changes nothing on the log
    const logged = () =>
      db
        .platform((tx) =>
          tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM sync_changes WHERE tenant_id = $1 AND table_name = 'hub_staff'`,
            [seeded.tenantId],
          ),
        )
        .then((r) => r[0]?.n);
    const before = await logged();
    await db.platform((tx) => tx.query(`UPDATE users SET language = 'hi' WHERE id = $1`, [owner.userId]));
    await db.platform((tx) => tx.query(`UPDATE users SET name = name WHERE id = $1`, [staffUser]));
    expect(await logged()).toBe(before);
    await db.platform((tx) =>
      tx.query(`UPDATE users SET status = 'disabled', password_hash = 'new-hash' WHERE id = $1`, [staffUser]),
    );
    rows = (await staffOf(seeded.tenantId)).filter((r) => r.user_id === staffUser);
    expect(rows.map((r) => [r.active, r.password_hash])).toEqual([
      [false, 'new-hash'],
      [false, 'new-hash'],
    ]);
    // removed from one library (tenant transaction), then from the tenant: rows go
    await db.tenant(seeded.tenantId, (tx) =>
      tx.query('DELETE FROM staff_libraries WHERE user_id = $1 AND library_id = $2', [staffUser, second]),
    );
    expect((await staffOf(seeded.tenantId)).filter((r) => r.user_id === staffUser)).toHaveLength(1);
    await db.platform((tx) => tx.query('DELETE FROM tenant_users WHERE user_id = $1', [staffUser]));
    expect((await staffOf(seeded.tenantId)).map((r) => r.role)).toEqual(['owner', 'owner']);
  });

  it('copies only the public part of every published key to every library, and follows rotation', async () => {
    const db = t().db;
    const shop = await seedShop(db, `keys-rows-${kind}`);
    const copies = () =>
      db.tenant(shop.tenantId, (tx) =>
        tx.query<{ kid: string; status: string; public_jwk: Record<string, unknown> }>(
          'SELECT kid, status, public_jwk FROM hub_signing_keys WHERE library_id = $1 ORDER BY status, kid',
          [shop.libraryId],
        ),
      );
    const first = (await stack.identity.keys.signer()).kid;
    expect((await copies()).map((k) => [k.kid, k.status])).toEqual([[first, 'active']]);
    for (const key of await copies())
      expect(Object.keys(key.public_jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    const next = await stack.identity.keys.rotate();
    expect((await copies()).map((k) => [k.kid, k.status])).toEqual([
      [next, 'active'],
      [first, 'verify'],
    ]);
    await stack.identity.keys.retire(first);
    expect((await copies()).map((k) => k.kid)).toEqual([next]);
    // the JWKS the cloud publishes and the copies agree
    const published = stack.identity.keys.jwks().keys.map((k) => k.kid);
    expect(published).toEqual([next]);
  });

  it('a staff member added in the cloud signs in at the hub, offline too, until disabled', async () => {
    const db = t().db;
    const shop = await seedShop(db, `staff-e2e-${kind}`);
    const owner = await addOwner(db, shop.tenantId, `owner-e2e-${kind}@example.test`, 'owner-password-1');
    const ownerLogin = await fetch(
      `${stack.server.url}/v1/auth/login`,
      json({ email: `owner-e2e-${kind}@example.test`, password: 'owner-password-1' }, {}),
    );
    expect(ownerLogin.status).toBe(200);
    const ownerBearer = {
      authorization: `Bearer ${((await ownerLogin.json()) as { accessToken: string }).accessToken}`,
    };
    const hub = await stack.pairAndStart(shop.libraryId, ownerBearer);
    expect(owner.userId).toBeTruthy();

    // a local account made by the technician (studyspot-hub staff add) before anything synced
    const local = { id: randomUUID(), hash: await hash('local-password-1') };
    await expect.poll(() => hub.core.catalog.loaded, poll).toBe(true);
    hub.core.db
      .prepare(
        `INSERT INTO staff (id, library_id, username, name, role, password_hash) VALUES (?, ?, 'desk', 'Desk', 'staff', ?)`,
      )
      .run(local.id, shop.libraryId, local.hash);

    const email = `ravi-${kind}@example.test`;
    const created = await fetch(
      `${stack.server.url}/v1/staff`,
      json({ email, name: 'Ravi', password: 'ravi-password-1', libraryIds: [shop.libraryId] }, ownerBearer),
    );
    expect(created.status).toBe(201);
    const ravi = (await created.json()) as { id: string };
    const login = (username: string, password: string) =>
      stack.hubCall('POST', '/auth/login', null, { username, password });
    await expect.poll(async () => (await login(email, 'ravi-password-1')).status, poll).toBe(200);
    expect((await login(email, 'wrong-password-1')).status).toBe(401);
    expect((await login(email.toUpperCase(), 'ravi-password-1')).status).toBe(200);

    // a desk PIN set on the hub for the synced person; the owner too arrived (every library)
    const pinHash = await hash('2468');
    hub.core.db.prepare('UPDATE staff SET pin_hash = ? WHERE user_id = ?').run(pinHash, ravi.id);
    expect((await stack.hubCall('POST', '/auth/login', null, { username: email, pin: '2468' })).status).toBe(
      200,
    );
    await expect
      .poll(async () => (await login(`owner-e2e-${kind}@example.test`, 'owner-password-1')).status, poll)
      .toBe(200);

    // the line goes down: the desk still signs Ravi in, from the hub's own copy
    stack.line.cut();
    const offline = await login(email, 'ravi-password-1');
    expect(offline.status).toBe(200);
    const session = ((await offline.json()) as { token: string }).token;
    expect((await stack.hubCall('GET', '/bookings', session)).status).toBe(200);

    // the owner disables Ravi in the cloud while the hub cannot hear it; the line comes back
    const setStatus = (status: 'active' | 'disabled') =>
      fetch(`${stack.server.url}/v1/staff/${ravi.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', ...ownerBearer },
        body: JSON.stringify({ status }),
      });
    expect((await setStatus('disabled')).status).toBe(200);
    expect((await stack.hubCall('GET', '/auth/me', session)).status).toBe(200);
    stack.line.heal();
    await expect.poll(async () => (await stack.hubCall('GET', '/auth/me', session)).status, poll).toBe(401);
    expect((await login(email, 'ravi-password-1')).status).toBe(401);
    expect(
      hub.core.db
        .prepare(
          'SELECT count(*) AS n FROM sessions s JOIN staff st ON st.id = s.staff_id WHERE st.user_id = ?',
        )
        .get(ravi.id),
    ).toEqual({ n: 0 });

    // re-enabled: back, with the hub-local PIN intact; the local account was never touched
    expect((await setStatus('active')).status).toBe(200);
    await expect
      .poll(
        async () =>
          (await stack.hubCall('POST', '/auth/login', null, { username: email, pin: '2468' })).status,
        poll,
      )
      .toBe(200);
    expect((await login('desk', 'local-password-1')).status).toBe(200);

    // the owner takes Ravi off the library: the hub's row goes (and with it every session)
    const assigned = await fetch(`${stack.server.url}/v1/manage/libraries/${shop.libraryId}/staff`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...ownerBearer },
      body: JSON.stringify({ userIds: [] }),
    });
    expect(assigned.status).toBe(200);
    await expect.poll(async () => (await login(email, 'ravi-password-1')).status, poll).toBe(401);
    const left = hub.core.db
      .prepare('SELECT username, user_id IS NULL AS local FROM staff ORDER BY username')
      .all() as { username: string; local: number }[];
    expect(left.map((r) => r.username)).not.toContain(email);
    expect(left).toContainEqual({ username: 'desk', local: 1 });
    expect(left).toContainEqual({ username: `owner-e2e-${kind}@example.test`, local: 0 });
  });
});
