/**
 * The authorization matrix against a real broker: every principal × topic class × {publish,
 * subscribe}, one `it` per cell. Allowed publishes reach a watching staff client; denied publishes
 * close the publisher's connection and reach no one; denied subscriptions get SUBACK 128.
 */
import { deviceTopic, type TopicKind } from '@studyspot/core';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, type Harness, LIB, OTHER_LIB, STAFF_TOKEN, startHarness, waitFor } from './test-harness.ts';

type Principal = 'door-1' | 'seat-1' | 'staff';
type TopicClass = TopicKind | 'other_device' | 'other_library' | 'sys' | 'everything';
type Expect = { publish: 'allow' | 'deny'; subscribe: 'allow' | 'deny' };

const device: Record<TopicClass, Expect> = {
  state: { publish: 'allow', subscribe: 'deny' },
  telemetry: { publish: 'allow', subscribe: 'deny' },
  availability: { publish: 'allow', subscribe: 'deny' },
  command: { publish: 'deny', subscribe: 'allow' },
  'command/ack': { publish: 'allow', subscribe: 'deny' },
  other_device: { publish: 'deny', subscribe: 'deny' },
  other_library: { publish: 'deny', subscribe: 'deny' },
  sys: { publish: 'deny', subscribe: 'deny' },
  everything: { publish: 'deny', subscribe: 'deny' },
};
const inLibrary = { publish: 'deny', subscribe: 'allow' } as const;
const outside = { publish: 'deny', subscribe: 'deny' } as const;

const matrix: Record<Principal, Record<TopicClass, Expect>> = {
  'door-1': device,
  'seat-1': device,
  staff: {
    state: inLibrary,
    telemetry: inLibrary,
    availability: inLibrary,
    command: inLibrary,
    'command/ack': inLibrary,
    other_device: inLibrary,
    other_library: outside,
    sys: outside,
    everything: outside,
  },
};

/** Whose topics a class names: a device's own; for staff, door-1's. */
const subject = (p: Principal) => (p === 'staff' ? 'door-1' : p);
const other = (p: Principal) => (subject(p) === 'door-1' ? 'seat-1' : 'door-1');

function topicsFor(p: Principal, c: TopicClass): { pub: string; sub: string } {
  const own = subject(p);
  switch (c) {
    case 'other_device':
      return { pub: deviceTopic(LIB, other(p), 'state'), sub: deviceTopic(LIB, other(p), 'command') };
    case 'other_library':
      return { pub: deviceTopic(OTHER_LIB, own, 'state'), sub: deviceTopic(OTHER_LIB, own, 'command') };
    case 'sys':
      return { pub: '$SYS/broker/uptime', sub: '$SYS/#' };
    case 'everything':
      return { pub: 'studyspot/anything', sub: '#' };
    default: {
      const t = deviceTopic(LIB, own, c);
      return { pub: t, sub: t };
    }
  }
}

const at = 1_750_000_000_000;
const id = '0190a4c2-0000-7000-8000-0000000000c1';
/** A payload valid for the class, so allow/deny is decided by topic alone. */
function payloadFor(p: Principal, c: TopicClass): string {
  const kind = subject(p) === 'door-1' ? 'lock' : 'seat_sensor';
  switch (c) {
    case 'availability':
      return 'online';
    case 'command':
      return JSON.stringify({ id, nonce: 'nonce-123', issuedAt: at, expiresAt: at + 5000, action: 'unlock' });
    case 'command/ack':
      return JSON.stringify({ id, ok: true, state: 'unlocked' });
    case 'telemetry':
      return JSON.stringify(kind === 'lock' ? { kind, doorOpen: true, at } : { kind, occupied: true, at });
    default:
      return JSON.stringify(kind === 'lock' ? { kind, state: 'locked', at } : { kind, occupied: false, at });
  }
}

/** The SUBACK's granted QoS; mqtt.js rejects on a failure code, with the SUBACK attached. */
async function grantedQos(client: MqttClient, filter: string): Promise<number | undefined> {
  try {
    const granted = await client.subscribeAsync(filter, { qos: 1 });
    return granted[0]?.qos;
  } catch (err) {
    return (err as { packet?: { granted?: number[] } }).packet?.granted?.[0];
  }
}

describe('broker authorization matrix', () => {
  let h: Harness;
  let watcher: MqttClient;
  const seen: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    await h.addDevice('door-1', 'lock');
    await h.addDevice('seat-1', 'seat_sensor');
    watcher = await h.connect('staff', STAFF_TOKEN);
    await watcher.subscribeAsync(`studyspot/${LIB}/devices/#`, { qos: 1 });
    watcher.on('message', (topic) => seen.push(topic));
  });
  afterAll(() => h.close());

  async function as(p: Principal): Promise<MqttClient> {
    return p === 'staff' ? h.connect('staff', STAFF_TOKEN) : h.connect(p, h.creds.get(p));
  }

  for (const [p, row] of Object.entries(matrix) as [Principal, Record<TopicClass, Expect>][]) {
    describe(p, () => {
      for (const [c, expected] of Object.entries(row) as [TopicClass, Expect][]) {
        it(`publish to ${c}: ${expected.publish}`, async () => {
          const client = await as(p);
          const { pub } = topicsFor(p, c);
          const before = seen.length;
          if (expected.publish === 'allow') {
            await client.publishAsync(pub, payloadFor(p, c), { qos: 1 });
            await waitFor(() => seen.slice(before).includes(pub), 2_000, `${pub} at the watcher`);
            expect(client.connected).toBe(true);
          } else {
            client.publish(pub, payloadFor(p, c), { qos: 0 });
            expect(await closed(client)).toBe(true);
            expect(seen.slice(before)).not.toContain(pub);
          }
          await client.endAsync(true);
        });

        it(`subscribe to ${c}: ${expected.subscribe}`, async () => {
          const client = await as(p);
          const { sub } = topicsFor(p, c);
          expect(await grantedQos(client, sub)).toBe(expected.subscribe === 'allow' ? 1 : 128);
          expect(client.connected).toBe(true);
          await client.endAsync(true);
        });
      }
    });
  }
});
