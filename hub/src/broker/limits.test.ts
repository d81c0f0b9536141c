/**
 * The broker's defences against misbehaving peers: oversized packets, connection floods from one
 * address, and a subscriber that stops reading. Each must cost that peer its connection and
 * nobody else anything.
 */
import type { Socket } from 'node:net';
import { deviceTopic } from '@studyspot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PacketSizeScanner } from './connection-guard.ts';
import { connectPacket, rawSocket, socketClosed, subscribePacket } from './raw-mqtt.ts';
import { closed, type Harness, LIB, STAFF_TOKEN, startHarness, waitFor } from './test-harness.ts';

const at = 1_750_000_000_000;

describe('PacketSizeScanner', () => {
  it('follows packets split anywhere across chunks', () => {
    const scanner = new PacketSizeScanner(200);
    const stream = Buffer.from([
      0x30,
      0x03,
      1,
      2,
      3,
      0xc0,
      0x00,
      0x30,
      0xc5,
      0x01,
      ...new Array(197).fill(7),
    ]);
    for (const byte of stream) expect(scanner.feed(Uint8Array.of(byte))).toBe(true);
  });

  it('refuses a header announcing more than the maximum, and a malformed length', () => {
    expect(new PacketSizeScanner(200).feed(Uint8Array.of(0x30, 0xc6, 0x01))).toBe(false);
    expect(new PacketSizeScanner(1024).feed(Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff))).toBe(false);
  });
});

describe('broker limits', () => {
  let h: Harness | undefined;
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await h?.close();
    h = undefined;
  });

  it('closes a client that sends a packet over the size limit and keeps serving others', async () => {
    h = await startHarness({ maxPacketSize: 4096 });
    const secret = await h.addDevice('seat-1', 'seat_sensor');
    const big = await h.connect('seat-1', secret);
    const topic = deviceTopic(LIB, 'seat-1', 'telemetry');
    big.publish(topic, JSON.stringify({ kind: 'seat_sensor', occupied: true, at, pad: 'x'.repeat(5000) }));
    expect(await closed(big)).toBe(true);
    const liar = await rawSocket(h.port);
    sockets.push(liar);
    liar.write(Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f])); // CONNECT claiming 256 MB
    expect(await socketClosed(liar)).toBe(true);
    const fine = await h.connect('seat-1', secret);
    await fine.publishAsync(topic, JSON.stringify({ kind: 'seat_sensor', occupied: false, at }), { qos: 1 });
    expect(
      h.logger.entries.filter((e) => e.msg === 'mqtt packet over the size limit; connection closed'),
    ).toHaveLength(2);
  });

  it('caps concurrent connections per remote address', async () => {
    h = await startHarness({ maxConnectionsPerAddress: 3 });
    const port = h.port;
    for (let i = 0; i < 3; i++) sockets.push(await rawSocket(port));
    const fourth = await rawSocket(port);
    sockets.push(fourth);
    expect(await socketClosed(fourth)).toBe(true);
    sockets[0]?.destroy();
    await waitFor(() => !sockets[0] || sockets[0].destroyed, 1_000, 'first socket closed');
    // The slot is released when the server sees the close; retry briefly until admitted.
    let admitted = false;
    for (let attempt = 0; attempt < 20 && !admitted; attempt++) {
      const next = await rawSocket(port);
      sockets.push(next);
      admitted = !(await socketClosed(next, 100));
    }
    expect(admitted).toBe(true);
  });

  it('does not let a frozen subscriber stall delivery to others', async () => {
    h = await startHarness({ drainTimeoutMs: 300 });
    const secret = await h.addDevice('seat-1', 'seat_sensor');
    const frozen = await rawSocket(h.port);
    sockets.push(frozen);
    frozen.write(connectPacket('staff-frozen', 'staff', STAFF_TOKEN));
    frozen.write(subscribePacket(1, `studyspot/${LIB}/devices/#`, 0));
    await waitFor(() => frozen.bytesRead >= 4 + 5, 2_000, 'CONNACK and SUBACK');
    frozen.pause(); // from here on it never reads: its socket buffers fill and stay full
    const healthy = await h.connect('staff', STAFF_TOKEN);
    let received = 0;
    healthy.on('message', () => received++);
    await healthy.subscribeAsync(`studyspot/${LIB}/devices/+/telemetry`, { qos: 0 });
    const sensor = await h.connect('seat-1', secret);
    const topic = deviceTopic(LIB, 'seat-1', 'telemetry');
    const payload = JSON.stringify({ kind: 'seat_sensor', occupied: true, at, pad: 'x'.repeat(60_000) });
    const total = 400; // ~24 MB: far more than loopback socket buffers hold
    for (let i = 0; i < total; i++) sensor.publish(topic, payload, { qos: 0 });
    await waitFor(() => received === total, 10_000, `all ${total} messages at the healthy subscriber`);
    expect(received).toBe(total);
  });
});
