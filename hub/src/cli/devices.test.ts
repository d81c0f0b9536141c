/**
 * Device credentials through the CLI against a real hub process: `devices add` prints a credential
 * a real MQTT client then connects with (and a wrong password does not); `devices remove` closes the
 * device's session and its credential stops working; `devices list` shows it in between.
 */
import { rmSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubProcess, startHubProcess } from '../../../test/support/hub-process.ts';
import type { IssuedCredential } from '../admin/device-registry.ts';
import type { HubStatus } from '../admin/status.ts';
import { cli, type HubDir, hubDir, waitFor } from './cli-harness.ts';

const connect = (port: number, username: string, password: string) =>
  mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: username,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
  });

describe('devices add / remove', () => {
  let home: HubDir;
  let hub: HubProcess;
  let port: number;

  beforeAll(async () => {
    home = await hubDir();
    hub = await startHubProcess(home.dir, home.env);
    port = (await cli(['status', '--json'], home.env)).json<HubStatus>().endpoints.mqttPort as number;
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(home.dir, { recursive: true, force: true });
  });

  it('a real MQTT client connects with the credential add printed, and not after remove', async () => {
    const added = await cli(
      ['devices', 'add', 'climate-9', '--kind', 'env_sensor', '--name', 'Reading room'],
      home.env,
    );
    expect(added.code, added.err).toBe(0);
    const secret = /^ +password +(\S+)$/m.exec(added.out)?.[1] as string;
    expect(added.out).toMatch(/username\s+climate-9/);
    expect(added.out).toMatch(/shown only now/);
    await expect(connect(port, 'climate-9', `${secret}x`)).rejects.toThrow(
      /Not authorized|Bad username or password/i,
    );
    const client = await connect(port, 'climate-9', secret);
    expect(client.connected).toBe(true);

    const listed = await waitFor('the device online in the list', async () => {
      const list = (await cli(['devices', 'list', '--json'], home.env)).json<HubStatus['devices']>();
      return list.list.find((d) => d.id === 'climate-9' && d.health === 'online');
    });
    expect(listed).toMatchObject({ source: 'mqtt', kind: 'env_sensor' });

    const twice = await cli(['devices', 'add', 'climate-9', '--kind', 'env_sensor'], home.env);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already registered/);

    const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
    const removed = await cli(['devices', 'remove', 'climate-9'], home.env);
    expect(removed.code).toBe(0);
    expect(removed.out).toMatch(/revoked and its session closed/);
    await closed;
    await expect(connect(port, 'climate-9', secret)).rejects.toThrow(
      /Not authorized|Bad username or password/i,
    );
    await client.endAsync();
  });

  it('add --json gives scripts the credential; a bad id or kind is a usage error', async () => {
    const run = await cli(['devices', 'add', 'lock-77', '--kind', 'lock', '--json'], home.env);
    expect(run.code).toBe(0);
    const credential = run.json<IssuedCredential>();
    expect(credential).toMatchObject({ deviceId: 'lock-77', username: 'lock-77', kind: 'lock' });
    expect(credential.secret).toMatch(/^[\w-]{43}$/);
    const client = await connect(port, credential.username, credential.secret);
    await client.endAsync();

    const badId = await cli(['devices', 'add', 'has space', '--kind', 'lock'], home.env);
    expect(badId.code).toBe(2);
    expect(badId.err).toMatch(/device id: expected 1-64 of A-Z a-z 0-9 _ -/);
    const noKind = await cli(['devices', 'add', 'lock-78'], home.env);
    expect(noKind.code).toBe(2);
    expect(noKind.err).toMatch(/required option '--kind <kind>' not specified/);
    expect(noKind.err).toMatch(/Usage: studyspot-hub devices add \[options\] <id>/);
  });
});
