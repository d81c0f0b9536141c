/**
 * The Broker component end to end with real clients: payload validation (dropped, logged, broker
 * still serving), device tracking into the `devices` table (online, last will, retained state),
 * typed events, and commands with their acks matched by transaction id.
 */
import type { Socket } from 'node:net';
import { type Command, deviceTopic } from '@studyspot/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeDevice } from './credentials.ts';
import { closed, type Harness, LIB, STAFF_TOKEN, startHarness, waitFor } from './test-harness.ts';
import type { BrokerEvents } from './types.ts';

const at = 1_750_000_000_000;
const state = (s: string) => JSON.stringify({ kind: 'lock', state: s, at });
const row = (h: Harness, id: string) =>
  h.db.prepare('SELECT online, last_seen, state FROM devices WHERE id = ?').get(id) as {
    online: number;
    last_seen: number | null;
    state: string | null;
  };

describe('Broker', () => {
  let h: Harness;
  let secret: string;
  beforeEach(async () => {
    h = await startHarness();
    secret = await h.addDevice('door-1', 'lock');
  });
  afterEach(() => h.close());

  it('drops and logs a malformed or mismatched payload, keeps the device connected and keeps serving', async () => {
    const watcher = await h.connect('staff', STAFF_TOKEN);
    const got: string[] = [];
    watcher.on('message', (_t, payload) => got.push(payload.toString()));
    await watcher.subscribeAsync(`studyspot/${LIB}/devices/+/state`, { qos: 1 });
    const door = await h.connect('door-1', secret);
    const topic = deviceTopic(LIB, 'door-1', 'state');
    await door.publishAsync(topic, '{"kind":"lock","state":"open sesame"', { qos: 1 });
    await door.publishAsync(topic, JSON.stringify({ kind: 'seat_sensor', occupied: true, at }), { qos: 1 });
    await door.publishAsync(topic, Buffer.from([0xff, 0xfe]), { qos: 1 });
    await door.publishAsync(topic, state('locked'), { qos: 1 });
    await waitFor(() => got.length > 0, 2_000, 'the valid state');
    expect(got).toEqual([state('locked')]);
    expect(door.connected).toBe(true);
    expect(h.logger.entries.filter((e) => e.msg === 'mqtt payload dropped')).toHaveLength(3);
    expect(JSON.parse(row(h, 'door-1').state ?? 'null')).toEqual({ kind: 'lock', state: 'locked', at });
  });

  it('records online on connect, and the last will marks the device offline when it vanishes', async () => {
    const events: string[] = [];
    h.broker.on('device:online', (e) => events.push(`online:${e.deviceId}`));
    h.broker.on('device:offline', (e) => events.push(`offline:${e.deviceId}`));
    const availability = deviceTopic(LIB, 'door-1', 'availability');
    const watcher = await h.connect('staff', STAFF_TOKEN);
    const words: string[] = [];
    watcher.on('message', (_t, payload) => words.push(payload.toString()));
    await watcher.subscribeAsync(availability, { qos: 1 });
    const door = await h.connect('door-1', secret, {
      will: { topic: availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    await waitFor(() => row(h, 'door-1').online === 1, 2_000, 'online in the table');
    expect(h.broker.isOnline('door-1')).toBe(true);
    (door.stream as Socket).destroy();
    await waitFor(() => row(h, 'door-1').online === 0, 2_000, 'offline in the table');
    await waitFor(() => words.at(-1) === 'offline', 2_000, 'the will at the watcher');
    expect(events).toEqual(['online:door-1', 'offline:door-1']);
    expect(row(h, 'door-1').last_seen).toBeGreaterThan(0);
  });

  it('records the battery level from retained state and from telemetry; an out-of-range level is dropped', async () => {
    const sensorSecret = await h.addDevice('seat-7', 'seat_sensor');
    const sensor = await h.connect('seat-7', sensorSecret);
    const battery = () =>
      h.db.prepare('SELECT battery_pct, battery_at FROM devices WHERE id = ?').get('seat-7') as {
        battery_pct: number | null;
        battery_at: number | null;
      };
    expect(battery().battery_pct).toBeNull();
    const telemetry = deviceTopic(LIB, 'seat-7', 'telemetry');
    await sensor.publishAsync(
      deviceTopic(LIB, 'seat-7', 'state'),
      JSON.stringify({ kind: 'seat_sensor', occupied: false, batteryPct: 64, at }),
      { qos: 1 },
    );
    await waitFor(() => battery().battery_pct === 64, 2_000, 'the level from the state');
    const first = battery().battery_at;
    await sensor.publishAsync(
      telemetry,
      JSON.stringify({ kind: 'seat_sensor', occupied: true, batteryPct: 64, at }),
      {
        qos: 1,
      },
    );
    // out of range: dropped by the schema, the stored level stays
    await sensor.publishAsync(
      telemetry,
      JSON.stringify({ kind: 'seat_sensor', occupied: true, batteryPct: 140, at }),
      {
        qos: 1,
      },
    );
    await sensor.publishAsync(
      telemetry,
      JSON.stringify({ kind: 'seat_sensor', occupied: true, batteryPct: 17.6, at }),
      {
        qos: 1,
      },
    );
    await waitFor(() => battery().battery_pct === 18, 2_000, 'the level from telemetry');
    expect(battery().battery_at).toBeGreaterThanOrEqual(first ?? 0);
    expect(h.logger.entries.filter((e) => e.msg === 'mqtt payload dropped')).toHaveLength(1);
  });

  it('delivers the retained state to a subscriber that comes later', async () => {
    const door = await h.connect('door-1', secret);
    await door.publishAsync(deviceTopic(LIB, 'door-1', 'state'), state('unlocked'), {
      qos: 1,
      retain: false,
    });
    await door.endAsync();
    const late = await h.connect('staff', STAFF_TOKEN);
    const got = new Map<string, string>();
    late.on('message', (t, payload) => got.set(t, payload.toString()));
    await late.subscribeAsync(`studyspot/${LIB}/devices/#`, { qos: 1 });
    await waitFor(() => got.size >= 2, 2_000, 'retained state and availability');
    expect(got.get(deviceTopic(LIB, 'door-1', 'state'))).toBe(state('unlocked'));
    expect(got.get(deviceTopic(LIB, 'door-1', 'availability'))).toBe('offline');
  });

  it('emits typed state, telemetry and ack events; a throwing listener does not stop the others', async () => {
    const seen: BrokerEvents['device:state'][0][] = [];
    h.broker.on('device:state', () => {
      throw new Error('listener bug');
    });
    h.broker.on('device:state', (e) => seen.push(e));
    const telemetry: unknown[] = [];
    h.broker.on('device:telemetry', (e) => telemetry.push(e.telemetry));
    const door = await h.connect('door-1', secret);
    await door.publishAsync(deviceTopic(LIB, 'door-1', 'state'), state('jammed'), { qos: 1 });
    await door.publishAsync(
      deviceTopic(LIB, 'door-1', 'telemetry'),
      JSON.stringify({ kind: 'lock', doorOpen: true, at }),
      {
        qos: 1,
      },
    );
    await waitFor(() => seen.length === 1 && telemetry.length === 1, 2_000, 'events');
    expect(seen[0]).toMatchObject({
      deviceId: 'door-1',
      libraryId: LIB,
      kind: 'lock',
      state: { state: 'jammed' },
    });
    expect(telemetry).toEqual([{ kind: 'lock', doorOpen: true, at }]);
    expect(h.logger.entries.some((e) => e.msg === 'broker event listener threw')).toBe(true);
  });

  it('publishes a command to the device and matches its ack by transaction id', async () => {
    const door = await h.connect('door-1', secret);
    await door.subscribeAsync(deviceTopic(LIB, 'door-1', 'command'), { qos: 1 });
    door.on('message', (_t, payload) => {
      const cmd = JSON.parse(payload.toString()) as Command;
      const ack = (id: string) => JSON.stringify({ id, ok: true, state: 'unlocked' });
      // An ack for some other transaction first: it must not satisfy the request.
      door.publish(deviceTopic(LIB, 'door-1', 'command/ack'), ack('0190a4c2-0000-7000-8000-0000000000ff'));
      door.publish(deviceTopic(LIB, 'door-1', 'command/ack'), ack(cmd.id));
    });
    const now = Date.now();
    const command: Command = {
      id: '0190a4c2-0000-7000-8000-0000000000c1',
      nonce: 'nonce-0001',
      issuedAt: now,
      expiresAt: now + 5_000,
      action: 'unlock',
    };
    expect(await h.broker.request('door-1', command, 2_000)).toEqual({
      id: command.id,
      ok: true,
      state: 'unlocked',
    });
  });

  it('times out a request to a silent device as null (the caller reports unknown)', async () => {
    const now = Date.now();
    const command: Command = {
      id: '0190a4c2-0000-7000-8000-0000000000c2',
      nonce: 'nonce-0002',
      issuedAt: now,
      expiresAt: now + 5_000,
      action: 'lock',
    };
    expect(await h.broker.request('door-1', command, 50)).toBeNull();
    await expect(h.broker.publishCommand('nobody', command)).rejects.toThrow(/no such device/);
    await expect(h.broker.publishCommand('door-1', { ...command, expiresAt: 0 })).rejects.toThrow();
  });

  it('disconnects a revoked device and refuses it afterwards', async () => {
    const door = await h.connect('door-1', secret);
    // CONNACK can reach the device a moment before the broker's clientReady: wait for the broker's view.
    for (let i = 0; i < 100 && !h.broker.isOnline('door-1'); i++) await new Promise((r) => setTimeout(r, 10));
    revokeDevice(h.db, 'door-1');
    expect(h.broker.disconnectDevice('door-1')).toBe(true);
    expect(await closed(door)).toBe(true);
    expect(h.broker.disconnectDevice('door-1')).toBe(false);
    await expect(h.connect('door-1', secret)).rejects.toThrow();
  });
});
