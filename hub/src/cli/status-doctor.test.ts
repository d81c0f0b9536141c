/**
 * The CLI against a real hub process with simulated devices: an MQTT door lock (firmware-sim,
 * connecting with the credential `devices add` printed) and a serial locker board on a socat pty
 * (a second firmware-sim process, killed to unplug it). The hub's cloud is a closed port and its
 * outbox holds changes an hour old, so `doctor` must find a stuck outbox; after the board is
 * unplugged it must name the locker. `status --json` runs as the shipped bundle.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage } from '../../../test/support/debian.ts';
import { freePort, type HubProcess, startHubProcess } from '../../../test/support/hub-process.ts';
import type { HubStatus } from '../admin/status.ts';
import { AdminClient } from './admin-client.ts';
import {
  cli,
  cliProcess,
  type FirmwareSim,
  firmwareSim,
  type HubDir,
  hubDir,
  waitFor,
  writeConfig,
} from './cli-harness.ts';
import type { CheckResult } from './doctor/checks.ts';

const HOUR = 3_600_000;

describe('studyspot-hub against a running hub with simulated devices', () => {
  let home: HubDir;
  let hub: HubProcess;
  let board: FirmwareSim;
  let lock: FirmwareSim | null = null;

  const status = async () => (await cli(['status', '--json'], home.env)).json<HubStatus>();
  const doctor = async () => {
    const run = await cli(['doctor', '--json', '--max-outbox-age', '10m'], home.env);
    return { code: run.code, checks: run.json<{ checks: CheckResult[] }>().checks };
  };
  const check = (checks: CheckResult[], name: string) => checks.find((c) => c.check === name);

  beforeAll(async () => {
    ensureDebianPackage('socat', 'socat');
    home = await hubDir();
    board = await firmwareSim([
      '--pty-dir',
      join(home.dir, 'pty'),
      '--locks',
      '0',
      '--seats',
      '0',
      '--env',
      '0',
      '--no-meter',
    ]);
    writeConfig(home.configFile, {
      cloud: { url: `http://127.0.0.1:${await freePort()}` }, // nothing listens: the cloud is unreachable
      drivers: {
        devices: [
          { kind: 'mqtt-lock', id: 'door', deviceId: 'lock-1' },
          {
            kind: 'kerong-lock',
            id: 'locker-1',
            path: board.boardPath,
            board: 0,
            channel: 0,
            heartbeatMs: 500,
          },
        ],
      },
    });
    // the door's credential, issued on the stopped hub
    const added = await cli(
      ['devices', 'add', 'lock-1', '--kind', 'lock', '--name', 'Main door', '--json'],
      home.env,
    );
    expect(added.code).toBe(0);
    const secret = added.json<{ secret: string }>().secret;
    // changes that should have reached the cloud an hour ago
    const db = new Database(join(home.dir, 'hub.db'));
    const old = Date.now() - HOUR;
    for (const id of ['0190a4c2-0000-7000-8000-0000000000f1', '0190a4c2-0000-7000-8000-0000000000f2'])
      db.prepare(
        `INSERT INTO outbox(id, kind, entity_id, payload, created_at) VALUES (?, 'audit.append', ?, '{}', ?)`,
      ).run(id, id, old);
    db.close();
    hub = await startHubProcess(home.dir, { ...home.env, LOG_LEVEL: 'info' });
    const live = await status();
    lock = await firmwareSim([
      ...['--mqtt-url', `mqtt://127.0.0.1:${live.endpoints.mqttPort}`, '--library', live.library?.id ?? ''],
      ...['--secret', secret, '--locks', '1', '--seats', '0', '--env', '0', '--no-meter', '--no-serial'],
    ]);
    await waitFor('both locks online', async () => (await status()).devices.online === 2, 30_000);
  }, 120_000);

  afterAll(async () => {
    await lock?.stop();
    await hub?.stop();
    await board?.stop();
    rmSync(home.dir, { recursive: true, force: true });
  });

  it('status --json (the bundle) reports the running hub, its devices, backlog and system', async () => {
    const run = await cliProcess(['status', '--json'], home.env);
    expect(run.code).toBe(0);
    const s = run.json<HubStatus>();
    expect(s).toMatchObject({ running: true, version: '0.1.0', dataDir: home.dir });
    expect(s.process?.pid).toBe(hub.child.pid);
    expect(s.library?.name).toBeTruthy();
    expect(s.devices).toMatchObject({ online: 2, offline: 0, jammed: 0 });
    expect(s.devices.list.map((d) => [d.id, d.health])).toEqual([
      ['door', 'online'],
      ['locker-1', 'online'],
    ]);
    expect(s.sync.backlog).toBeGreaterThanOrEqual(2);
    expect(s.sync.oldestPendingAt).toBeLessThanOrEqual(Date.now() - HOUR + 60_000);
    expect(s.cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.cloud.lastError).toMatch(/unreachable/);
    expect(s.system.disk?.freeBytes).toBeGreaterThan(0);
    expect(s.system.memory.hubRssBytes).toBeGreaterThan(0);
    const human = await cli(['status'], home.env);
    expect(human.out).toMatch(/running, up/);
    expect(human.out).toMatch(/2 online, 0 offline, 0 jammed/);
  });

  it('devices test pulses the MQTT lock and the serial locker and reports their acknowledgement', async () => {
    for (const name of ['door', 'lock-1', 'locker-1']) {
      const run = await cli(['devices', 'test', name, '--duration', '300', '--json'], home.env);
      expect(run.code, run.err).toBe(0);
      expect(run.json()).toMatchObject({ state: 'unlocked', acknowledged: true, ok: true });
    }
    const unknown = await cli(['devices', 'test', 'no-such-lock'], home.env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no lock no-such-lock; locks on this hub: door, locker-1/);
  });

  it('devices watch streams the lock state the device publishes', async () => {
    let watched = false;
    const watching = cli(['devices', 'watch', 'door', '--json', '--count', '1', '--for', '10s'], home.env);
    void watching.finally(() => {
      watched = true;
    });
    // Pulse until the watch has seen an event: on a busy machine it may subscribe after the first.
    for (let pulse = 0; pulse < 10 && !watched; pulse++) {
      expect((await cli(['devices', 'test', 'door', '--duration', '200'], home.env)).code).toBe(0);
      await new Promise((r) => setTimeout(r, 100));
    }
    const run = await watching;
    expect(run.code).toBe(0);
    const event = JSON.parse(run.out.split('\n')[0] ?? '{}') as { device: string; type: string };
    expect(['door', 'lock-1']).toContain(event.device);
  });

  it('exposes unlock latency, MQTT traffic, outbox age and connected devices on /metrics', async () => {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    expect(text).toMatch(/studyspot_unlock_duration_seconds_count\{result="unlocked"\} [1-9]/);
    expect(text).toMatch(/studyspot_mqtt_messages_received_total\{kind="state"\} [1-9]/);
    expect(text).toMatch(/studyspot_mqtt_clients 1\b/);
    expect(text).toMatch(/studyspot_outbox_oldest_age_seconds (3[5-9]\d\d|[4-9]\d\d\d)/);
  });

  it('doctor finds the stuck outbox and the unreachable cloud, then the unplugged serial board', async () => {
    const before = await doctor();
    expect(before.code).toBe(1);
    expect(check(before.checks, 'outbox')).toMatchObject({ status: 'fail' });
    expect(check(before.checks, 'outbox')?.detail).toMatch(
      /stuck: \d+ change\(s\) waiting.*cloud is unreachable/,
    );
    expect(check(before.checks, 'cloud')).toMatchObject({ status: 'fail' });
    expect(check(before.checks, 'device locker-1')).toMatchObject({ status: 'ok' });
    expect(check(before.checks, 'device door')).toMatchObject({ status: 'ok' });
    expect(check(before.checks, 'broker')).toMatchObject({ status: 'ok' });
    expect(check(before.checks, 'database')).toMatchObject({ status: 'ok' });

    const path = board.boardPath as string;
    await board.kill(); // socat dies with it: the adapter is gone
    await waitFor('the pty link to vanish', () => !existsSync(path));
    const after = await doctor();
    expect(after.code).toBe(1);
    expect(check(after.checks, 'device locker-1')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/serial port .* is missing/),
      fix: expect.stringMatching(/USB cable/),
    });
    expect(check(after.checks, 'device door')).toMatchObject({ status: 'ok' });
    const human = await cli(['doctor'], home.env);
    expect(human.out).toMatch(/FAIL\s+device locker-1\s+serial port/);
    expect(human.out).toMatch(/check\(s\) failed/);
  });

  it('logs filters the hub log by level and component', async () => {
    const warned = await waitFor('the driver warning in the log', async () => {
      const run = await cli(
        ['logs', '--level', 'warn', '--component', 'drivers', '--json', '-n', '20'],
        home.env,
      );
      const lines = run.out
        ? run.out.split('\n').map((l) => JSON.parse(l) as { level: number; component: string; msg: string })
        : [];
      return lines.length ? lines : undefined;
    });
    expect(warned.every((l) => l.level >= 40 && l.component === 'drivers')).toBe(true);
    const all = await cli(['logs', '-n', '200'], home.env);
    expect(all.out).toMatch(/INFO\s+hub started/);
    expect(all.out).toMatch(/WARN\s+\[drivers\]/);
  });

  it('sync push reports the unreachable cloud; resync is requested and waits for a snapshot that cannot come', async () => {
    const push = await cli(['sync', 'push', '--json'], home.env);
    expect(push.code).toBe(1);
    expect(push.json()).toMatchObject({
      outcome: 'failed',
      accepted: 0,
      error: expect.stringMatching(/cloud unreachable/),
    });
    const resync = await cli(['sync', 'resync', 'members', '--timeout', '1s', '--json'], home.env);
    expect(resync.code).toBe(1);
    expect(resync.json()).toMatchObject({ shape: 'members', applied: false });
    const sync = (await cli(['sync', 'status', '--json'], home.env)).json<HubStatus['sync']>();
    expect(sync.shapes.find((s) => s.name === 'members')).toMatchObject({ resyncPending: true });
    expect(sync.backlog).toBeGreaterThanOrEqual(2);
  });

  it('the admin socket streams the log tail too', async () => {
    const client = new AdminClient(join(home.dir, 'admin.sock'));
    const lines: Record<string, unknown>[] = [];
    await client.stream('GET', '/logs?lines=3&level=info', undefined, (e) => lines.push(e));
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.type === 'log' && typeof l.msg === 'string' && Number(l.level) >= 30)).toBe(
      true,
    );
  });
});
