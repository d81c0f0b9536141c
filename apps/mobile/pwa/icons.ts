/**
 * The app's home-screen icons, drawn at build time so no binary lives in the repository: three QR
 * finder squares (the pass is what students open the app for) in white on the brand blue, inside
 * the central 60 % so the same picture is a valid maskable icon (the safe zone is the inner 80 %
 * circle). Encoded as 8-bit RGBA PNG with node's zlib and a small CRC-32.
 */
import { deflateSync } from 'node:zlib';

const BLUE = [0x1d, 0x4e, 0xd8, 0xff] as const;
const WHITE = [0xff, 0xff, 0xff, 0xff] as const;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes `size`×`size` RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Whether module (col, row) of a 7×7 finder pattern is light: ring, gap, 3×3 centre. */
function finderLight(col: number, row: number): boolean {
  const ring = Math.max(Math.abs(col - 3), Math.abs(row - 3));
  return ring === 3 || ring <= 1;
}

/** The icon at `size` px: a 21-module grid over the central 60 %, finders in three corners. */
export function drawIcon(size: number): Buffer {
  const pixels = new Uint8Array(size * size * 4);
  const grid = 21;
  const span = size * 0.6;
  const origin = (size - span) / 2;
  const moduleSize = span / grid;
  const corners = [
    [0, 0],
    [grid - 7, 0],
    [0, grid - 7],
  ] as const;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const col = Math.floor((x - origin) / moduleSize);
      const row = Math.floor((y - origin) / moduleSize);
      const inGrid = x >= origin && y >= origin && col < grid && row < grid;
      const light =
        inGrid &&
        (corners.some(
          ([c, r]) => col >= c && col < c + 7 && row >= r && row < r + 7 && finderLight(col - c, row - r),
        ) ||
          // a few "seat" modules in the free corner, so it reads as a pass rather than a logo
          (col >= 14 && row >= 14 && (col + row) % 2 === 0));
      pixels.set(light ? WHITE : BLUE, (y * size + x) * 4);
    }
  }
  return encodePng(size, pixels);
}

export const iconSizes = [192, 512] as const;
