/**
 * Hub pairing end to end, on both backends, over a real HTTP server on 127.0.0.1:0: the owner adds
 * a hub and gets a code; the hub side (`pairHub`, hub/src/pairing) pairs with it; every later hub
 * request is signed and verified by `hubAuthorizer`. Codes are single-use and expire (injected
 * clock); bad signatures, stale timestamps, unknown and revoked hubs are 401; a hub reads only its
 * own library; the heartbeat feeds the fleet lists.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OutboxEntry, OutboxPusher, type OutboxStore, type Settlement } from '@studyspot/sync/push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeartbeatSender } from '../../../hub/src/pairing/heartbeat.ts';
import { type HubIdentity, identityPath } from '../../../hub/src/pairing/identity.ts';
import { PairingError, pairHub } from '../../../hub/src/pairing/pair.ts';
import { hubRequestSigner, signedFetch } from '../../../hub/src/pairing/signer.ts';
import { ownerOf, platformAdmin, silentLogger, TestAuth } from '../../test/support/http.ts';
import { seedTenant } from '../../test/support/seed.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import { createCloudApp } from '../http/app.ts';
import { type RunningCloudServer, startCloudServer } from '../http/server.ts';
import { hubAuthorizer } from './authorize.ts';

const generous = { limit: 1_000_000, windowMs: 60_000 };

describe.each(backends)('hub pairing on %s', (kind) => {
  const t = useTestDatabase(kind);
  const clock = { now: Date.now() };
  const now = () => clock.now;
  const auth = new TestAuth();
  const dirs: string[] = [];
  let server: RunningCloudServer;
  let a: { tenantId: string; libraryId: string };
  let b: { tenantId: string; libraryId: string };
  let ownerA: { authorization: string };

  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-pairing-'));
    dirs.push(dir);
    return dir;
  };
  const call = (path: string, init: RequestInit = {}, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...headers, ...(init.headers as object) },
    });
  const addHub = async (libraryId: string, as = ownerA) => {
    const res = await call(
      `/v1/libraries/${libraryId}/hubs`,
      { method: 'POST', body: JSON.stringify({ name: 'front desk' }) },
      as,
    );
    expect(res.status).toBe(201);
    return (await res.json()) as { hubId: string; code: string; expiresAt: number };
  };
  const pair = (code: string, dir = dataDir()) =>
    pairHub({ cloudUrl: server.url, code, dataDir: dir, name: 'test hub', version: '0.1.0', now });
  const hubFetch = (identity: Pick<HubIdentity, 'hubId' | 'privateKey'>, at = now) =>
    signedFetch(hubRequestSigner(identity, at));
  const auditMutation = () => {
    const id = crypto.randomUUID();
    return {
      mutations: [
        {
          id,
          seq: 1,
          kind: 'audit.append',
          entityId: id,
          createdAt: clock.now,
          payload: { id, at: clock.now, actor: 'hub', action: 'test.ping', subject: null, detail: {} },
        },
      ],
    };
  };
  const push = (f: typeof fetch) =>
    f(`${server.url}/v1/hub/mutations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(auditMutation()),
    });
  const fleet = async (libraryId: string) => {
    const res = await call(`/v1/libraries/${libraryId}/hubs`, {}, ownerA);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Record<string, unknown>[] }).items;
  };

  beforeAll(async () => {
    const db = t().db;
    a = await seedTenant(db, `pair-a-${kind}`);
    b = await seedTenant(db, `pair-b-${kind}`);
    ownerA = auth.bearer(ownerOf(a.tenantId));
    const app = createCloudApp({
      db,
      logger: silentLogger(),
      authenticate: auth.authenticate,
      authorizeHub: hubAuthorizer(db, now),
      now,
      rateLimits: { general: generous, auth: generous },
      shapes: { longPollMs: 200, pollMs: 20 },
    });
    server = await startCloudServer({ app, port: 0 });
  });

  afterAll(async () => {
    server.server.closeAllConnections();
    await server.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('pairs a hub with its one-time code and stores the key pair 0600', async () => {
    const created = await addHub(a.libraryId);
    expect(created.code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(created.expiresAt).toBe(clock.now + 15 * 60_000);
    const dir = dataDir();
    const identity = await pair(created.code.toLowerCase(), dir);
    expect(identity).toMatchObject({ hubId: created.hubId, tenantId: a.tenantId, libraryId: a.libraryId });
    expect(statSync(identityPath(dir)).mode & 0o777).toBe(0o600);
    const [row] = (await fleet(a.libraryId)).filter((h) => h.id === created.hubId);
    expect(row).toMatchObject({ state: 'paired', online: false, softwareVersion: '0.1.0' });
    const audit = await t().db.platform((tx) =>
      tx.query<{ action: string }>(
        `SELECT action FROM audit_log WHERE target_id = $1 AND target_type = 'hub' ORDER BY at`,
        [created.hubId],
      ),
    );
    expect(audit.map((r) => r.action).sort()).toEqual(['hub.create', 'hub.pair']);
  });

  it('refuses a code a second time, and after 15 minutes', async () => {
    const used = await addHub(a.libraryId);
    await pair(used.code);
    await expect(pair(used.code)).rejects.toThrow(PairingError);
    const stale = await addHub(a.libraryId);
    clock.now += 15 * 60_000 + 1;
    await expect(pair(stale.code)).rejects.toThrow(/unknown, already used or expired/);
  });

  it('accepts a signed mutation push and refuses bad signatures, stale timestamps, unknown hubs', async () => {
    const identity = await pair((await addHub(a.libraryId)).code);
    const ok = await push(hubFetch(identity));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { results: { status: string }[] }).results[0]?.status).toBe('accepted');

    const other = await pair((await addHub(a.libraryId)).code);
    // signed with another hub's key
    expect((await push(hubFetch({ hubId: identity.hubId, privateKey: other.privateKey }))).status).toBe(401);
    // a recorded request replayed six minutes later
    expect((await push(hubFetch(identity, () => clock.now - 6 * 60_000))).status).toBe(401);
    // a hub the cloud never heard of
    expect(
      (await push(hubFetch({ hubId: crypto.randomUUID(), privateKey: identity.privateKey }))).status,
    ).toBe(401);
    // unsigned
    expect(
      (await call('/v1/hub/mutations', { method: 'POST', body: JSON.stringify(auditMutation()) })).status,
    ).toBe(401);
    // a body changed after signing
    const signer = hubRequestSigner(identity, now);
    const url = `${server.url}/v1/hub/mutations`;
    const tampered = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signer('POST', url, JSON.stringify(auditMutation())),
      },
      body: JSON.stringify(auditMutation()),
    });
    expect(tampered.status).toBe(401);
  });

  it("delivers the OutboxPusher's batches with the hub's signed fetch", async () => {
    const identity = await pair((await addHub(a.libraryId)).code);
    const [mutation] = auditMutation().mutations;
    if (!mutation) throw new Error('no mutation');
    let rows: OutboxEntry[] = [{ ...mutation, payload: JSON.stringify(mutation.payload), attempts: 0 }];
    const settled: Settlement[] = [];
    const store: OutboxStore = {
      pending: (limit) => rows.slice(0, limit),
      settle: (s) => {
        settled.push(...s);
        rows = rows.filter((r) => !s.some((x) => x.id === r.id && x.outcome !== 'retry'));
      },
      retryParked: () => 0,
      backlog: () => rows.length,
      parked: () => [],
    };
    const pusher = new OutboxPusher({ store, url: identity.cloudUrl, fetch: hubFetch(identity) });
    expect(await pusher.pushOnce()).toMatchObject({ kind: 'pushed', accepted: 1 });
    expect(settled).toEqual([{ id: mutation.id, outcome: 'accepted' }]);
    const [applied] = await t().db.platform((tx) =>
      tx.query<{ hub_id: string; library_id: string }>(
        'SELECT hub_id, library_id FROM hub_mutations WHERE id = $1',
        [mutation.id],
      ),
    );
    expect(applied).toEqual({ hub_id: identity.hubId, library_id: a.libraryId });
  });

  it('revokes the key on unpairing: the next request is 401', async () => {
    const identity = await pair((await addHub(a.libraryId)).code);
    expect((await push(hubFetch(identity))).status).toBe(200);
    const ownerB = auth.bearer(ownerOf(b.tenantId));
    expect((await call(`/v1/hubs/${identity.hubId}`, { method: 'DELETE' }, ownerB)).status).toBe(404);
    const res = await call(`/v1/hubs/${identity.hubId}`, { method: 'DELETE' }, ownerA);
    expect(res.status).toBe(200);
    expect((await push(hubFetch(identity))).status).toBe(401);
    const [row] = (await fleet(a.libraryId)).filter((h) => h.id === identity.hubId);
    expect(row).toMatchObject({ state: 'revoked', online: false });
  });

  it("gives a hub of library A only A's rows, whatever it asks for", async () => {
    const identity = await pair((await addHub(a.libraryId)).code);
    const f = hubFetch(identity);
    for (const query of ['offset=-1', `offset=-1&where=library_id%3D'${b.libraryId}'`]) {
      const res = await f(`${server.url}/v1/shapes/seats?${query}`);
      expect(res.status).toBe(200);
      const messages = (await res.json()) as { value?: { library_id?: string } }[];
      const rows = messages.filter((m) => m.value);
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((m) => m.value?.library_id))).toEqual(new Set([a.libraryId]));
    }
    // and B's hub, likewise, only B's
    const hubB = await pair((await addHub(b.libraryId, auth.bearer(ownerOf(b.tenantId)))).code);
    const res = await hubFetch(hubB)(`${server.url}/v1/shapes/seats?offset=-1`);
    const rows = ((await res.json()) as { value?: { library_id?: string } }[]).filter((m) => m.value);
    expect(new Set(rows.map((m) => m.value?.library_id))).toEqual(new Set([b.libraryId]));
  });

  it('records heartbeats: the admin list shows them, online until 3 minutes of silence', async () => {
    const identity = await pair((await addHub(a.libraryId)).code);
    const status = {
      version: '0.2.0',
      uptimeS: 42,
      outboxBacklog: 3,
      parked: 1,
      shapeLagMs: 250,
      devicesOnline: 4,
      devicesOffline: 1,
      diskFreeBytes: 5_000_000_000,
    };
    const sender = new HeartbeatSender({
      cloudUrl: identity.cloudUrl,
      fetch: hubFetch(identity),
      clock: { now },
      status: () => status,
    });
    expect(await sender.beat()).toBe(true);
    expect(sender.state).toMatchObject({ sent: 1, lastError: null, lastSentAt: clock.now });
    const admin = auth.bearer(platformAdmin());
    const list = await call(`/v1/admin/hubs?tenantId=${a.tenantId}&limit=200`, {}, admin);
    const items = ((await list.json()) as { items: Record<string, unknown>[] }).items;
    expect(items.find((h) => h.id === identity.hubId)).toMatchObject({
      lastSeenAt: clock.now,
      softwareVersion: '0.2.0',
    });
    expect((await fleet(a.libraryId)).find((h) => h.id === identity.hubId)).toMatchObject({
      online: true,
      uptimeS: 42,
      outboxBacklog: 3,
      parked: 1,
      shapeLagMs: 250,
      devicesOnline: 4,
      devicesOffline: 1,
      diskFreeBytes: 5_000_000_000,
    });
    clock.now += 3 * 60_000 + 1_000;
    expect((await fleet(a.libraryId)).find((h) => h.id === identity.hubId)).toMatchObject({ online: false });
    // an unsigned heartbeat is refused, and so is one from a revoked hub
    const unsigned = await call('/v1/hubs/heartbeat', { method: 'POST', body: JSON.stringify(status) });
    expect(unsigned.status).toBe(401);
    await call(`/v1/hubs/${identity.hubId}`, { method: 'DELETE' }, ownerA);
    expect(await sender.beat()).toBe(false);
    expect(sender.state.lastError).toMatch(/401/);
  });
});
