/**
 * Pure line framing for serial QR / barcode readers in keyboard-less "serial mode": a code is the
 * printable ASCII between line terminators (CR, LF or CRLF). Over-long lines (a reader spewing
 * without a terminator) are discarded up to the next terminator, and lines carrying non-printable
 * bytes (line noise, a reader at the wrong baud rate) are dropped whole. Bytes in, events out.
 */

export type LineEvent =
  | { type: 'line'; code: string }
  | { type: 'dropped'; reason: 'too-long' | 'non-printable'; length: number };

const CR = 0x0d;
const LF = 0x0a;

function isPrintableByte(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e;
}

/** True when every character is printable ASCII (what a valid scan may contain). */
export function isPrintableCode(code: string): boolean {
  if (code.length === 0) return false;
  for (let i = 0; i < code.length; i++) {
    if (!isPrintableByte(code.charCodeAt(i))) return false;
  }
  return true;
}

export class LineParser {
  readonly #maxLength: number;
  #buffer: number[] = [];
  #overflowed = 0;

  constructor(maxLength = 512) {
    this.#maxLength = maxLength;
  }

  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    for (const byte of chunk) {
      if (byte === CR || byte === LF) {
        const event = this.#endLine();
        if (event) events.push(event);
      } else if (this.#overflowed > 0) {
        this.#overflowed++;
      } else if (this.#buffer.length >= this.#maxLength) {
        this.#overflowed = this.#buffer.length + 1;
        this.#buffer = [];
      } else {
        this.#buffer.push(byte);
      }
    }
    return events;
  }

  #endLine(): LineEvent | null {
    const bytes = this.#buffer;
    const overflowed = this.#overflowed;
    this.#buffer = [];
    this.#overflowed = 0;
    if (overflowed > 0) return { type: 'dropped', reason: 'too-long', length: overflowed };
    if (bytes.length === 0) return null;
    if (!bytes.every(isPrintableByte))
      return { type: 'dropped', reason: 'non-printable', length: bytes.length };
    return { type: 'line', code: String.fromCharCode(...bytes) };
  }
}
