/**
 * The streaming side of the Kerong codec: accepts bytes in arbitrary chunks and yields whole frames.
 * After line noise it resynchronises on the next STX; a candidate with a wrong ETX or checksum is
 * reported as `rejected` and scanning restarts one byte later, so a false STX inside noise can never
 * swallow a good frame behind it. Never throws; holds at most one frame's worth of bytes.
 */
import { decodeFrame, frameLength, type KerongFrame, STX } from './kerong-frame.ts';

export type ParseEvent =
  | { type: 'frame'; frame: KerongFrame }
  | { type: 'rejected'; reason: 'noise' | 'bad-frame'; bytes: Uint8Array };

export class KerongParser {
  #buffer = new Uint8Array(0);

  push(chunk: Uint8Array): ParseEvent[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const events: ParseEvent[] = [];
    let at = 0;
    while (at < joined.length) {
      const step = this.#scan(joined, at, events);
      if (step === null) break;
      at = step;
    }
    this.#buffer = joined.slice(at);
    return events;
  }

  /** Handles the bytes at `at`; returns where to continue, or null when more bytes are needed. */
  #scan(bytes: Uint8Array, at: number, events: ParseEvent[]): number | null {
    if (bytes[at] !== STX) {
      let next = bytes.indexOf(STX, at);
      if (next === -1) next = bytes.length;
      events.push({ type: 'rejected', reason: 'noise', bytes: bytes.slice(at, next) });
      return next;
    }
    const cmd = bytes[at + 2];
    if (cmd === undefined) return null;
    const length = frameLength(cmd);
    if (length === null) return this.#reject(bytes, at, at + 1, events);
    if (at + length > bytes.length) return null;
    const frame = decodeFrame(bytes.subarray(at, at + length));
    if (!frame) return this.#reject(bytes, at, at + 1, events);
    events.push({ type: 'frame', frame });
    return at + length;
  }

  #reject(bytes: Uint8Array, from: number, to: number, events: ParseEvent[]): number {
    events.push({ type: 'rejected', reason: 'bad-frame', bytes: bytes.slice(from, to) });
    return to;
  }
}
