/**
 * The request side of the Electric protocol (electric-protocol.md §1.2, §1.4, §2.4): offsets,
 * handles and the live cursor. Offsets are `<lsn>_0` where lsn is a change-log position; `-1` asks
 * for the snapshot and `now` for the current end. A handle names one generation of one hub's
 * shape: a hash of the definition and the hub's scope, then the generation, so it is stable
 * across restarts and changes when the definition changes or the shape is rotated.
 */
import { createHash } from 'node:crypto';
import type { HubScope, ShapeDefinition } from './definitions.ts';

export type Offset = { kind: 'initial' } | { kind: 'now' } | { kind: 'at'; lsn: bigint };

/** Parses `offset`; null when it is not one we ever issued the form of. */
export function parseOffset(raw: string | null): Offset | null {
  if (raw === '-1') return { kind: 'initial' };
  if (raw === 'now') return { kind: 'now' };
  const match = raw === null ? null : /^(\d{1,19})_(\d{1,19}|inf)$/.exec(raw);
  return match?.[1] ? { kind: 'at', lsn: BigInt(match[1]) } : null;
}

export const formatOffset = (lsn: bigint): `${bigint}_0` => `${lsn}_0`;

export function shapeHandle(name: string, def: ShapeDefinition, scope: HubScope, generation: number): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([name, def.table, def.columns, def.where, scope.tenantId, scope.libraryId]))
    .digest('hex')
    .slice(0, 16);
  return `${hash}-${generation}`;
}

const CURSOR_EPOCH_MS = Date.parse('2024-10-09T00:00:00Z');

/**
 * Electric's `electric-cursor` (plug/utils.ex): seconds since 2024-10-09 rounded up to the
 * long-poll interval; if that does not exceed the request's cursor, the cursor plus 1..3600.
 */
export function nextCursor(nowMs: number, intervalMs: number, requested: string | null): string {
  const interval = Math.max(1, Math.round(intervalMs / 1000));
  const seconds = Math.ceil((nowMs - CURSOR_EPOCH_MS) / 1000 / interval) * interval;
  const previous = Number.parseInt(requested ?? '', 10);
  if (Number.isFinite(previous) && seconds <= previous) {
    return String(previous + 1 + Math.floor(Math.random() * 3600));
  }
  return String(seconds);
}
