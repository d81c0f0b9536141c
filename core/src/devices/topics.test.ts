import { describe, expect, it } from 'vitest';
import { deviceTopic, libraryDevicesFilter, parseDeviceTopic, topicKinds, topicSpec } from './topics.ts';

const lib = '0190a4c2-0000-7000-8000-000000000001';

describe('device topics', () => {
  it.each(topicKinds)('round-trips %s', (kind) => {
    const topic = deviceTopic(lib, 'door-1', kind);
    expect(topic).toBe(`studyspot/${lib}/devices/door-1/${kind}`);
    expect(parseDeviceTopic(topic)).toEqual({ libraryId: lib, deviceId: 'door-1', kind });
  });

  it('marks state and availability retained, and command as hub-published only', () => {
    expect(topicKinds.filter((k) => topicSpec[k].retained)).toEqual(['state', 'availability']);
    expect(topicKinds.filter((k) => topicSpec[k].publisher === 'hub')).toEqual(['command']);
  });

  it.each([
    '',
    'studyspot',
    `studyspot/${lib}/devices/door-1`,
    `other/${lib}/devices/door-1/state`,
    `studyspot/${lib}/things/door-1/state`,
    `studyspot/${lib}/devices/door-1/bogus`,
    `studyspot/${lib}/devices/door-1/command/nack`,
    `studyspot/${lib}/devices/door-1/state/extra`,
    `studyspot/${lib}/devices/door-1/command/ack/x`,
    `studyspot/+/devices/door-1/state`,
    `studyspot/${lib}/devices/#`,
    `studyspot/${lib}/devices//state`,
    `studyspot//devices/door-1/state`,
    '$SYS/broker/uptime',
  ])('parses %j as null', (topic) => {
    expect(parseDeviceTopic(topic)).toBeNull();
  });

  it('refuses to build a topic from an id with MQTT wildcards or separators', () => {
    expect(() => deviceTopic(lib, 'a/b', 'state')).toThrow(RangeError);
    expect(() => deviceTopic('+', 'door-1', 'state')).toThrow(RangeError);
    expect(() => deviceTopic(lib, '', 'state')).toThrow(RangeError);
  });

  it('builds the staff read-only filter for one library', () => {
    expect(libraryDevicesFilter(lib)).toBe(`studyspot/${lib}/devices/#`);
    expect(() => libraryDevicesFilter('#')).toThrow(RangeError);
  });
});
