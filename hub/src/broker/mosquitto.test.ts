/**
 * An independent MQTT implementation against our broker: Debian's `mosquitto_pub` / `mosquitto_sub`
 * authenticate as a device and as staff, are refused with wrong credentials, and a message published
 * by one reaches the other.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { deviceTopic } from '@studyspot/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackage, type Harness, LIB, STAFF_TOKEN, startHarness } from './test-harness.ts';

const run = promisify(execFile);
const at = 1_750_000_000_000;

describe('broker with mosquitto clients', () => {
  let h: Harness;
  let secret: string;
  beforeAll(async () => {
    await ensureDebianPackage('mosquitto_pub', 'mosquitto-clients');
    await ensureDebianPackage('mosquitto_sub', 'mosquitto-clients');
    h = await startHarness();
    secret = await h.addDevice('door-1', 'lock');
  });
  afterAll(() => h.close());

  const base = () => ['-h', '127.0.0.1', '-p', String(h.port), '-V', 'mqttv311'];

  it('lets a device publish its state to a staff subscriber', async () => {
    const topic = deviceTopic(LIB, 'door-1', 'state');
    const payload = JSON.stringify({ kind: 'lock', state: 'locked', at });
    const sub = spawn('mosquitto_sub', [
      ...base(),
      '-u',
      'staff',
      '-P',
      STAFF_TOKEN,
      '-i',
      'staff-sub',
      '-t',
      topic,
      '-C',
      '1',
      '-W',
      '10',
    ]);
    let out = '';
    sub.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => sub.once('exit', r));
    // Retained, so the subscriber gets it whether it subscribed before or after this publish.
    await run('mosquitto_pub', [
      ...base(),
      '-u',
      'door-1',
      '-P',
      secret,
      '-i',
      'door-1',
      '-t',
      topic,
      '-m',
      payload,
      '-q',
      '1',
    ]);
    expect(await exited).toBe(0);
    expect(out.trim()).toBe(payload);
  });

  it('refuses wrong credentials and anonymous clients', async () => {
    const topic = deviceTopic(LIB, 'door-1', 'telemetry');
    const wrong = run('mosquitto_pub', [
      ...base(),
      '-u',
      'door-1',
      '-P',
      'wrong',
      '-i',
      'door-1',
      '-t',
      topic,
      '-m',
      '{}',
    ]);
    await expect(wrong).rejects.toMatchObject({
      stderr: expect.stringMatching(/not authori[sz]ed|bad user name or password|refused/i),
    });
    const anonymous = run('mosquitto_pub', [...base(), '-t', topic, '-m', '{}']);
    await expect(anonymous).rejects.toMatchObject({
      stderr: expect.stringMatching(/not authori[sz]ed|refused/i),
    });
  });
});
