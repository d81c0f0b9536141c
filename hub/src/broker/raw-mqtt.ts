/**
 * Test support: hand-encoded MQTT 3.1.1 CONNECT and SUBSCRIBE packets for raw TCP sockets, so a test
 * can be a client that misbehaves below the level any MQTT library allows (never reading, lying
 * about a packet's length).
 */
import { connect, type Socket } from 'node:net';

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function str(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

function packet(type: number, body: number[]): Buffer {
  return Buffer.from([type, ...varint(body.length), ...body]);
}

export function connectPacket(clientId: string, username: string, password: string): Buffer {
  const header = [...str('MQTT'), 4, 0xc2, 0, 60];
  return packet(0x10, [...header, ...str(clientId), ...str(username), ...str(password)]);
}

export function subscribePacket(packetId: number, filter: string, qos: 0 | 1): Buffer {
  return packet(0x82, [packetId >> 8, packetId & 0xff, ...str(filter), qos]);
}

/** Opens a raw TCP socket to the broker and resolves once connected. */
export function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves true when `socket` closes within `timeoutMs`. */
export function socketClosed(socket: Socket, timeoutMs = 2_000): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
