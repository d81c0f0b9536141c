/**
 * Protection in front of aedes, applied to every transport (TCP, TLS, WebSocket) before a byte is
 * parsed: a cap on concurrent connections per remote address, and a maximum MQTT packet size.
 * aedes has no packet-size option and its parser buffers a whole packet before looking at it, so
 * `guardPacketSize` reads each fixed header's Remaining Length as aedes pulls bytes off the stream
 * and destroys the connection as soon as a header announces a packet that is too big.
 */
import type { Duplex } from 'node:stream';

export class AddressGate {
  readonly #limit: number;
  readonly #open = new Map<string, number>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Counts `conn` against `address` until it closes; false (and nothing counted) when full. */
  admit(address: string, conn: Duplex): boolean {
    const count = this.#open.get(address) ?? 0;
    if (count >= this.#limit) return false;
    this.#open.set(address, count + 1);
    conn.once('close', () => {
      const left = (this.#open.get(address) ?? 1) - 1;
      if (left > 0) this.#open.set(address, left);
      else this.#open.delete(address);
    });
    return true;
  }

  count(address: string): number {
    return this.#open.get(address) ?? 0;
  }
}

/**
 * Scans MQTT framing: a packet is 1 type byte, a 1-4 byte varint Remaining Length, then the body.
 * `feed` returns false when a packet exceeds `maxPacketSize` or the varint is malformed.
 */
export class PacketSizeScanner {
  readonly #max: number;
  #state: 'type' | 'length' | 'body' = 'type';
  #length = 0;
  #lengthBytes = 0;
  #bodyLeft = 0;

  constructor(maxPacketSize: number) {
    this.#max = maxPacketSize;
  }

  feed(chunk: Uint8Array): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.#state === 'body') {
        const take = Math.min(this.#bodyLeft, chunk.length - i);
        this.#bodyLeft -= take;
        i += take;
        if (this.#bodyLeft === 0) this.#state = 'type';
      } else if (this.#state === 'type') {
        this.#state = 'length';
        this.#length = 0;
        this.#lengthBytes = 0;
        i++;
      } else if (!this.#lengthByte(chunk[i] as number)) {
        return false;
      } else {
        i++;
      }
    }
    return true;
  }

  #lengthByte(byte: number): boolean {
    this.#length += (byte & 0x7f) * 128 ** this.#lengthBytes;
    this.#lengthBytes++;
    if (byte & 0x80) return this.#lengthBytes < 4;
    if (1 + this.#lengthBytes + this.#length > this.#max) return false;
    this.#bodyLeft = this.#length;
    this.#state = this.#length === 0 ? 'type' : 'body';
    return true;
  }
}

/**
 * Wraps `conn.read` (aedes pulls bytes with `read(null)` on 'readable'), so the scanner sees every
 * byte before the MQTT parser does, with no extra stream in between to disturb backpressure.
 */
export function guardPacketSize(conn: Duplex, maxPacketSize: number, onRefused: () => void): void {
  const scanner = new PacketSizeScanner(maxPacketSize);
  const read = conn.read.bind(conn);
  conn.read = (size?: number) => {
    const chunk: unknown = read(size);
    if (chunk instanceof Uint8Array && !scanner.feed(chunk)) {
      onRefused();
      conn.destroy();
      return null;
    }
    return chunk;
  };
}
