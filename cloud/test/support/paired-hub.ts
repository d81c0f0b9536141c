/**
 * A cloud with the REAL identity service (RS256 keys in the database, argon2 passwords, the same
 * token issuing the API uses) and billing with the built-in test provider, and a real hub
 * (`runHub`) paired to it through a cuttable line — for the tests of what the hub learns about
 * people from the cloud: synced staff logins and cloud access tokens verified offline (ADR 0024).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { HubConfig } from '../../../hub/src/config.ts';
import { type RunningHub, runHub } from '../../../hub/src/main.ts';
import { pairHub } from '../../../hub/src/pairing/pair.ts';
import { json } from '../../src/billing/billing.fixture.ts';
import { type Billing, createBilling } from '../../src/billing/index.ts';
import type { Database } from '../../src/db/types.ts';
import { createCloudApp } from '../../src/http/app.ts';
import type { Principal } from '../../src/http/env.ts';
import { type RunningCloudServer, startCloudServer } from '../../src/http/server.ts';
import { hubAuthorizer } from '../../src/hubs/authorize.ts';
import { signAccessToken } from '../../src/identity/access-tokens.ts';
import { Identity } from '../../src/identity/identity.ts';
import { hashSecret } from '../../src/identity/secrets.ts';
import { MemoryOutbox } from '../../src/notifications/memory-outbox.ts';
import { silentLogger } from './http.ts';
import { type Line, openLine } from './line.ts';

const lifted = { limit: 1_000_000, windowMs: 60_000 };
export const poll = { timeout: 20_000, interval: 50 };

export interface PairedStack {
  db: Database;
  identity: Identity;
  billing: Billing;
  server: RunningCloudServer;
  line: Line;
  hub(): RunningHub;
  /** Pairs a fresh hub with `libraryId` (owner's bearer) through the line and starts it (stopping the last). */
  pairAndStart(libraryId: string, ownerBearer: Record<string, string>): Promise<RunningHub>;
  /** An access token for `principal`, signed now (or at `atMs`) by the cloud's active key. */
  token(principal: Principal, atMs?: number): Promise<string>;
  /** The hub's LAN API: a JSON call with an optional bearer token. */
  hubCall(method: string, path: string, token?: string | null, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startPairedStack(db: Database): Promise<PairedStack> {
  const identity = await new Identity({ db, logger: silentLogger(), outbox: new MemoryOutbox() }).start();
  const billing = createBilling(db, { info() {}, warn() {} }, { backoff: { baseMs: 10, maxMs: 100 } });
  const server = await startCloudServer({
    app: createCloudApp({
      db,
      logger: silentLogger(),
      identity,
      authorizeHub: hubAuthorizer(db),
      billing,
      rateLimits: { general: lifted, auth: lifted, booking: lifted, hub: lifted },
      shapes: { longPollMs: 200, pollMs: 20 },
    }),
    port: 0,
  });
  const line = await openLine(new URL(server.url));
  const dirs: string[] = [];
  let hub: RunningHub | null = null;
  const running = (): RunningHub => {
    if (!hub) throw new Error('no hub started');
    return hub;
  };
  return {
    db,
    identity,
    billing,
    server,
    line,
    hub: running,
    async pairAndStart(libraryId, ownerBearer) {
      const res = await fetch(
        `${server.url}/v1/libraries/${libraryId}/hubs`,
        json({ name: 'desk' }, ownerBearer),
      );
      const { code } = (await res.json()) as { code: string };
      await hub?.stop();
      const dir = mkdtempSync(join(tmpdir(), 'paired-hub-'));
      dirs.push(dir);
      await pairHub({ cloudUrl: line.url, code, dataDir: dir, name: 'desk' });
      hub = await runHub(
        HubConfig.parse({
          dataDir: dir,
          http: { host: '127.0.0.1', port: 0 },
          // an ephemeral loopback broker: the default 1883 clashes with the other worker's hub
          mqtt: { host: '127.0.0.1', port: 0 },
          logLevel: 'silent',
        }),
        { logger: pino({ level: 'silent' }) },
      );
      return hub;
    },
    async token(principal, atMs = Date.now()) {
      return signAccessToken(await identity.keys.signer(), identity.settings, principal, atMs);
    },
    hubCall(method, path, token = null, body = undefined) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return fetch(`${running().url}/api/v1${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    },
    async close() {
      await hub?.stop();
      await line.close();
      server.server.closeAllConnections();
      await server.close();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An owner account with a real password hash, working for `tenantId`. */
export async function addOwner(db: Database, tenantId: string, email: string, password: string) {
  const passwordHash = await hashSecret(password);
  return db.platform(async (tx) => {
    const [user] = await tx.query<{ id: string }>(
      `INSERT INTO users (role, name, email, password_hash) VALUES ('owner', 'Meera', $1, $2) RETURNING id`,
      [email, passwordHash],
    );
    if (!user) throw new Error('no owner');
    await tx.query(`INSERT INTO tenant_users (tenant_id, user_id, role) VALUES ($1, $2, 'owner')`, [
      tenantId,
      user.id,
    ]);
    return { userId: user.id, role: 'owner', tenantId } satisfies Principal;
  });
}
