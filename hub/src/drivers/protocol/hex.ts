/**
 * Hex helpers for byte fixtures and logs: fixture files under `test/fixtures/serial/` hold one
 * capture per line as `<name> <hex bytes>`, with `#` comments.
 */
import { readFileSync } from 'node:fs';

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`not hex: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

export function loadHexFixtures(path: string | URL): Map<string, Uint8Array> {
  const fixtures = new Map<string, Uint8Array>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [name = '', ...hex] = trimmed.split(/\s+/);
    fixtures.set(name, fromHex(hex.join('')));
  }
  return fixtures;
}

/** The fixture directory, relative to this module. */
export const serialFixtures = new URL('../../../../test/fixtures/serial/', import.meta.url);
