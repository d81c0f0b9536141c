/**
 * The frame codec of Kerong KR-CU16-style RS-485 locker control boards (see
 * `../serial/README.md` for the byte layout and examples). Host → board frames are
 * `STX ADDR CMD ETX SUM`; the board answers with a 9-byte status frame
 * `STX ADDR 0x35 HOOK1 HOOK2 IR1 IR2 ETX SUM`. ADDR carries the board (high nibble) and the lock
 * (low nibble); SUM is the low byte of the sum of every preceding byte. Pure: bytes in, frames out.
 */

export const STX = 0x02;
export const ETX = 0x03;

export const CMD = {
  query: 0x30,
  unlock: 0x31,
  status: 0x35,
} as const;

export type KerongFrame =
  | { type: 'query'; board: number; lock: number }
  | { type: 'unlock'; board: number; lock: number }
  /** `hooks` bit i set = lock i's hook is closed; `sensors` bit i = lock i's infrared sensor. */
  | { type: 'status'; board: number; lock: number; hooks: number; sensors: number };

/** Byte length of the frame that a command byte starts, or null for a command we do not speak. */
export function frameLength(cmd: number): number | null {
  if (cmd === CMD.query || cmd === CMD.unlock) return 5;
  if (cmd === CMD.status) return 9;
  return null;
}

export function checksum(bytes: Uint8Array, end: number = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < end; i++) sum += bytes[i] ?? 0;
  return sum & 0xff;
}

function assertNibble(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 15)
    throw new RangeError(`${name} ${value} not in 0..15`);
}

function withChecksum(body: number[]): Uint8Array {
  const bytes = Uint8Array.from([...body, 0]);
  bytes[bytes.length - 1] = checksum(bytes, bytes.length - 1);
  return bytes;
}

export function encodeFrame(frame: KerongFrame): Uint8Array {
  assertNibble('board', frame.board);
  assertNibble('lock', frame.lock);
  const addr = (frame.board << 4) | frame.lock;
  if (frame.type !== 'status') return withChecksum([STX, addr, CMD[frame.type], ETX]);
  const { hooks, sensors } = frame;
  return withChecksum([
    STX,
    addr,
    CMD.status,
    hooks & 0xff,
    (hooks >> 8) & 0xff,
    sensors & 0xff,
    (sensors >> 8) & 0xff,
    ETX,
  ]);
}

/** Decodes one complete, already length-delimited frame; null if it is not a valid frame. */
export function decodeFrame(bytes: Uint8Array): KerongFrame | null {
  const cmd = bytes[2];
  if (bytes[0] !== STX || cmd === undefined || frameLength(cmd) !== bytes.length) return null;
  if (bytes[bytes.length - 2] !== ETX || bytes[bytes.length - 1] !== checksum(bytes, bytes.length - 1))
    return null;
  const addr = bytes[1] ?? 0;
  const board = addr >> 4;
  const lock = addr & 0x0f;
  if (cmd === CMD.query) return { type: 'query', board, lock };
  if (cmd === CMD.unlock) return { type: 'unlock', board, lock };
  const b = (i: number): number => bytes[i] ?? 0;
  return { type: 'status', board, lock, hooks: b(3) | (b(4) << 8), sensors: b(5) | (b(6) << 8) };
}

/** Whether lock `lock`'s hook is closed in a status frame. */
export function hookClosed(frame: { hooks: number }, lock: number): boolean {
  return ((frame.hooks >> lock) & 1) === 1;
}
