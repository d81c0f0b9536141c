/**
 * The hub side of pairing without a cloud: the identity file (0600, atomic), request signatures
 * the cloud's verifier accepts, the status a heartbeat reports, and the CLI's messages and exit
 * codes. The end-to-end run against the real cloud is cloud/src/hubs/pairing.test.ts.
 */
import { verify } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { runPairingCli } from './cli.ts';
import { HeartbeatSender, hubStatus } from './heartbeat.ts';
import { generateHubKeys, identityPath, loadHubIdentity, readIdentity, saveIdentity } from './identity.ts';
import { cloudLink } from './link.ts';
import { PairingError, pairHub } from './pair.ts';
import { hubRequestSigner, signedFetch, signedMessage } from './signer.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-identity-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ids = {
  hubId: '0193a000-0000-7000-8000-000000000001',
  tenantId: '0193a000-0000-7000-8000-000000000002',
  libraryId: '0193a000-0000-7000-8000-000000000003',
};
const answering =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('hub identity', () => {
  it('is stored 0600 and loads only once paired', () => {
    const dir = dataDir();
    const keys = generateHubKeys();
    saveIdentity(dir, keys);
    expect(statSync(identityPath(dir)).mode & 0o777).toBe(0o600);
    expect(readIdentity(dir)?.publicKey).toBe(keys.publicKey);
    expect(loadHubIdentity(dir)).toBeNull();
    saveIdentity(dir, { ...keys, ...ids, cloudUrl: 'http://cloud.test', pairedAt: 1 });
    expect(loadHubIdentity(dir)).toMatchObject(ids);
    expect(statSync(identityPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('refuses a file without a key pair', () => {
    const dir = dataDir();
    writeFileSync(identityPath(dir), '{}');
    expect(() => readIdentity(dir)).toThrow(/no key pair/);
  });
});

describe('request signing', () => {
  it('signs method, path and query, timestamp and body hash with the hub key', async () => {
    const keys = generateHubKeys();
    const sign = hubRequestSigner({ hubId: ids.hubId, privateKey: keys.privateKey }, () => 1_000);
    const headers = sign('POST', 'http://cloud.test/v1/hub/mutations?x=1', '{"a":1}');
    expect(headers['x-studyspot-hub']).toBe(ids.hubId);
    expect(headers['x-studyspot-timestamp']).toBe('1000');
    const message = signedMessage('POST', '/v1/hub/mutations?x=1', '1000', '{"a":1}');
    const signature = Buffer.from(headers['x-studyspot-signature'], 'base64');
    expect(verify(null, Buffer.from(message), keys.publicKey, signature)).toBe(true);
    expect(verify(null, Buffer.from(`${message}x`), keys.publicKey, signature)).toBe(false);

    const seen: Headers[] = [];
    const f = signedFetch(sign, async (_input, init) => {
      seen.push(new Headers(init?.headers));
      return new Response('ok');
    });
    await f('http://cloud.test/v1/shapes/seats?offset=-1', { headers: { accept: 'application/json' } });
    expect(seen[0]?.get('accept')).toBe('application/json');
    expect(seen[0]?.get('x-studyspot-hub')).toBe(ids.hubId);
  });

  it('uses the paired identity for the cloud link, else the configured token', () => {
    const dir = dataDir();
    expect(cloudLink({}, dir)).toBeNull();
    expect(cloudLink({ cloud: { url: 'http://c.test', hubToken: 't' } }, dir)).toMatchObject({
      url: 'http://c.test',
      token: 't',
      fetch: undefined,
    });
    saveIdentity(dir, { ...generateHubKeys(), ...ids, cloudUrl: 'http://paired.test', pairedAt: 1 });
    const link = cloudLink({}, dir);
    expect(link?.url).toBe('http://paired.test');
    expect(link?.fetch).toBeTypeOf('function');
  });
});

describe('pairHub failures', () => {
  it('explains a refused code, an unreachable cloud, and an already paired hub', async () => {
    const dir = dataDir();
    const base = { cloudUrl: 'http://cloud.test', code: 'ABCD-EFGH', dataDir: dir };
    await expect(pairHub({ ...base, fetch: answering(401, {}) })).rejects.toThrow(/unknown, already used/);
    await expect(
      pairHub({
        ...base,
        fetch: async () => {
          throw new Error('ECONNREFUSED');
        },
      }),
    ).rejects.toThrow(/could not reach the cloud.*ECONNREFUSED/);
    // the key pair generated for the first attempt is reused by the next one
    const keys = readIdentity(dir);
    const identity = await pairHub({ ...base, fetch: answering(200, ids), now: () => 5 });
    expect(identity).toMatchObject({ ...ids, cloudUrl: 'http://cloud.test', pairedAt: 5 });
    expect(identity.publicKey).toBe(keys?.publicKey);
    await expect(pairHub({ ...base, fetch: answering(200, ids) })).rejects.toThrow(PairingError);
    const again = await pairHub({ ...base, force: true, fetch: answering(200, ids) });
    expect(again.publicKey).not.toBe(keys?.publicKey);
  });
});

describe('pairing CLI', () => {
  const io = (fetchImpl?: typeof fetch) => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: {}, fetch: fetchImpl },
    };
  };

  it('prints usage and exits 2 without a code or a cloud', async () => {
    const r = io();
    expect(await runPairingCli(['pair'], r.io)).toBe(2);
    expect(await runPairingCli(['pair', 'ABCD'], r.io)).toBe(2);
    expect(r.err.join('\n')).toMatch(/usage: pair <code> --cloud <url>/);
  });

  it('pairs and says where the identity went; exits 1 with the reason on failure', async () => {
    const dir = dataDir();
    const ok = io(answering(200, ids));
    expect(
      await runPairingCli(['pair', 'ABCD-EFGH', '--cloud', 'http://c.test', '--data-dir', dir], ok.io),
    ).toBe(0);
    expect(ok.out.join('\n')).toContain(`paired: hub ${ids.hubId}`);
    const refused = io(answering(401, { code: 'unauthorized' }));
    expect(
      await runPairingCli(
        ['pair', 'ABCD-EFGH', '--cloud', 'http://c.test', '--data-dir', dataDir()],
        refused.io,
      ),
    ).toBe(1);
    expect(refused.err.join('\n')).toMatch(/pairing failed: the cloud refused the pairing code/);
  });
});

describe('heartbeat', () => {
  it('reports uptime, outbox, devices and disk of the running hub', async () => {
    const clock = new ManualClock(100_000);
    const status = hubStatus({
      version: '0.1.0',
      clock,
      startedAt: 40_000,
      dataDir: dataDir(),
      pusher: { status: { backlog: 7, parked: 2 } },
      hardware: { statuses: () => [{ status: 'running' }, { status: 'unavailable' }, { status: 'running' }] },
    });
    const body = await status();
    expect(body).toMatchObject({
      version: '0.1.0',
      uptimeS: 60,
      outboxBacklog: 7,
      parked: 2,
      shapeLagMs: null,
      devicesOnline: 2,
      devicesOffline: 1,
    });
    expect(body.diskFreeBytes).toBeGreaterThan(0);
  });

  it('reports the most-behind shape that has synced as the lag', async () => {
    let lags: (number | null)[] = [null, null];
    const status = hubStatus({
      version: '1',
      clock: new ManualClock(0),
      startedAt: 0,
      dataDir: dataDir(),
      shapeLags: () => lags,
    });
    expect((await status()).shapeLagMs).toBeNull();
    lags = [null, 1_500, 20_250];
    expect((await status()).shapeLagMs).toBe(20_250);
  });

  it('beats every interval until stopped, surviving failures', async () => {
    const sent: string[] = [];
    let fail = true;
    const wakeups: (() => void)[] = [];
    const sender = new HeartbeatSender({
      cloudUrl: 'http://c.test/',
      fetch: async (input, init) => {
        sent.push(`${String(input)} ${String(init?.body)}`);
        if (fail) return new Response('down', { status: 503 });
        return new Response('{}');
      },
      status: () => ({
        version: '1',
        uptimeS: sent.length,
        outboxBacklog: 0,
        parked: 0,
        shapeLagMs: null,
        devicesOnline: 0,
        devicesOffline: 0,
        diskFreeBytes: null,
      }),
      intervalMs: 60_000,
      sleep: (ms, signal) =>
        new Promise((resolve) => {
          expect(ms).toBe(60_000);
          wakeups.push(resolve);
          signal.addEventListener('abort', () => resolve(), { once: true });
        }),
    });
    sender.start();
    await expect.poll(() => wakeups.length).toBe(1);
    expect(sender.state.lastError).toMatch(/503/);
    fail = false;
    wakeups[0]?.();
    await expect.poll(() => wakeups.length).toBe(2);
    expect(sender.state).toMatchObject({ sent: 1, lastError: null });
    expect(sent[1]).toContain('http://c.test/v1/hubs/heartbeat');
    await sender.stop();
  });
});
