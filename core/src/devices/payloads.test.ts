import { describe, expect, it } from 'vitest';
import type { PayloadByKind } from './api.ts';
import { decodePayload, encodePayload } from './api.ts';
import { Command, CommandAck, DeviceState, Telemetry } from './payloads.ts';
import type { TopicKind } from './topics.ts';

const at = 1_750_000_000_000;
const id = '0190a4c2-0000-7000-8000-00000000000a';

const valid: { [K in TopicKind]: PayloadByKind[K] } = {
  state: { kind: 'lock', state: 'locked', doorOpen: false, at },
  telemetry: { kind: 'seat_sensor', occupied: true, batteryPct: 80, at },
  availability: 'offline',
  command: { id, nonce: 'abcdefgh', issuedAt: at, expiresAt: at + 5_000, action: 'pulse', durationMs: 3_000 },
  'command/ack': { id, ok: false, state: 'jammed', error: 'motor stalled' },
};

describe('payload codec', () => {
  it.each(Object.keys(valid) as TopicKind[])('round-trips a valid %s payload', (kind) => {
    const text = encodePayload(kind, valid[kind]);
    expect(decodePayload(kind, text)).toEqual({ ok: true, value: valid[kind] });
    expect(decodePayload(kind, new TextEncoder().encode(text))).toEqual({ ok: true, value: valid[kind] });
  });

  it('sends availability as a bare word', () => {
    expect(encodePayload('availability', 'online')).toBe('online');
    expect(decodePayload('availability', 'maybe').ok).toBe(false);
  });

  it.each([
    ['state', '{not json'],
    ['state', JSON.stringify({ kind: 'lock', state: 'open', at })],
    ['telemetry', JSON.stringify({ kind: 'env_sensor', temperatureC: 500, humidityPct: 40, at })],
    ['command', JSON.stringify({ ...valid.command, expiresAt: at })],
    ['command/ack', JSON.stringify({ id: 'x', ok: true, state: 'locked' })],
    ['state', new Uint8Array([0xff, 0xfe, 0x00])],
  ] as const)('rejects a malformed %s payload without throwing', (kind, bytes) => {
    const decoded = decodePayload(kind, bytes);
    expect(decoded.ok).toBe(false);
  });
});

describe('payload schemas', () => {
  it.each([
    { kind: 'lock', state: 'unavailable', at },
    { kind: 'seat_sensor', occupied: false, at },
    { kind: 'env_sensor', temperatureC: 24.5, humidityPct: 55, co2Ppm: 800, at },
    { kind: 'energy_meter', wattHours: 1234.5, watts: 60, at },
    { kind: 'qr_reader', ready: true, at },
  ])('accepts state %j', (state) => {
    expect(DeviceState.parse(state)).toEqual(state);
  });

  it.each([
    { kind: 'lock', doorOpen: true, at },
    { kind: 'env_sensor', temperatureC: 21, humidityPct: 40, at },
    { kind: 'energy_meter', wattHours: 10, watts: 0, at },
    { kind: 'qr_reader', code: 'SS1.x.1.y', at },
  ])('accepts telemetry %j', (t) => {
    expect(Telemetry.parse(t)).toEqual(t);
  });

  it('rejects a telemetry kind mixed with another kind’s fields', () => {
    expect(Telemetry.safeParse({ kind: 'seat_sensor', watts: 3, at }).success).toBe(false);
  });

  it('bounds command durations and nonces', () => {
    expect(Command.safeParse({ ...valid.command, durationMs: 61_000 }).success).toBe(false);
    expect(Command.safeParse({ ...valid.command, nonce: 'short' }).success).toBe(false);
    expect(CommandAck.safeParse({ id, ok: true, state: 'unlocked' }).success).toBe(true);
  });
});
