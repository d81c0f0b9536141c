/**
 * Applying one batch of a shape (electric-protocol.md §3.2, ADR 0015): every change up to an
 * `up-to-date`, together with the stream's new offset and handle, in ONE `BEGIN IMMEDIATE` SQLite
 * transaction — a power cut leaves either all of it or none of it. After a `must-refetch` in the
 * batch, what came before it is dropped and the snapshot that follows replaces the shape's rows
 * (upsert the snapshot, delete the rest — never a row the hub still has to push). Tables with
 * `rev` keep a local row whose rev is newer than the incoming one (no older echo overwrites it).
 */
import { createHash } from 'node:crypto';
import { isChangeMessage, isControlMessage, type Message, type Row } from '@electric-sql/client';
import type { SqliteLike } from '../push/outbox-store.ts';
import { shapeDefinitions } from '../shapes/definitions.ts';
import {
  type ConsumedShape,
  geoOf,
  MalformedMessageError,
  type SqlValue,
  type TableMap,
  tableMaps,
  toHubColumns,
} from './mapping.ts';

/** better-sqlite3's Database, structurally: statements plus `transaction(fn).immediate()`. */
export interface ConsumerDb extends SqliteLike {
  transaction(work: () => unknown): { immediate(): unknown };
}

export interface ShapeState {
  name: string;
  handle: string;
  offset: string;
  updatedAt: number;
}

export interface ApplyOptions {
  now?: number;
  /** Called after each applied change (tests simulate a power cut by throwing here). */
  onChange?: (index: number) => void;
}

export interface ApplyResult {
  changes: number;
  /** Whether a catalog table (libraries, zones, seats, shifts, plans) was touched. */
  catalogChanged: boolean;
  /** Whether the batch replaced the shape's rows after a must-refetch. */
  replaced: boolean;
}

/** A hash of the shape's definition: saved state for another definition is discarded. */
export function definitionHash(shape: ConsumedShape): string {
  return createHash('sha256').update(JSON.stringify(shapeDefinitions[shape])).digest('hex').slice(0, 16);
}

/** The saved resume point of `shape`, unless it was saved for a different definition. */
export function readShapeState(db: SqliteLike, shape: ConsumedShape): ShapeState | null {
  const row = db
    .prepare('SELECT name, handle, "offset", definition, updated_at FROM shape_state WHERE name = ?')
    .get(shape) as
    | { name: string; handle: string; offset: string; definition: string; updated_at: number }
    | undefined;
  if (!row || row.definition !== definitionHash(shape)) return null;
  return { name: row.name, handle: row.handle, offset: row.offset, updatedAt: row.updated_at };
}

export function applyBatch(
  db: ConsumerDb,
  shape: ConsumedShape,
  messages: readonly Message<Row>[],
  offset: string,
  handle: string,
  options: ApplyOptions = {},
): ApplyResult {
  const map: TableMap = tableMaps[shape];
  // Everything before the last must-refetch belongs to a shape log that no longer exists.
  let start = 0;
  messages.forEach((m, i) => {
    if (isControlMessage(m) && m.headers.control === 'must-refetch') start = i + 1;
  });
  const replaced = start > 0;
  const changes = messages.slice(start).filter(isChangeMessage);
  let result: ApplyResult = { changes: 0, catalogChanged: false, replaced };
  db.transaction(() => {
    const seen: string[] = [];
    changes.forEach((message, index) => {
      const value = message.value as Record<string, unknown>;
      if (typeof value !== 'object' || value === null)
        throw new MalformedMessageError('a change without a value');
      const operation = message.headers.operation;
      if (operation === 'delete') {
        const id = value.id;
        if (typeof id !== 'string') throw new MalformedMessageError('a delete without an id');
        db.prepare(`DELETE FROM ${map.table} WHERE id = ?`).run(id);
      } else if (operation === 'insert' || operation === 'update') {
        const columns = toHubColumns(shape, value);
        if (shape === 'libraries') addGeo(columns, value, operation);
        if (operation === 'insert') {
          upsert(db, map, columns);
          seen.push(columns.get('id') as string);
        } else update(db, map, columns);
      } else {
        throw new MalformedMessageError(`unknown operation ${String(operation)}`);
      }
      options.onChange?.(index);
    });
    if (replaced) {
      const keepPending = map.rev ? ' AND id NOT IN (SELECT entity_id FROM outbox)' : '';
      const onlyOwned = map.owns ? ` AND (${map.owns})` : '';
      db.prepare(
        `DELETE FROM ${map.table} WHERE id NOT IN (SELECT value FROM json_each(?))${keepPending}${onlyOwned}`,
      ).run(JSON.stringify(seen));
    }
    db.prepare(
      `INSERT INTO shape_state(name, handle, "offset", definition, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(name) DO UPDATE SET handle = excluded.handle, "offset" = excluded."offset",
         definition = excluded.definition, updated_at = excluded.updated_at`,
    ).run(shape, handle, offset, definitionHash(shape), options.now ?? Date.now());
    result = {
      changes: changes.length,
      catalogChanged: map.catalog && (changes.length > 0 || replaced),
      replaced,
    };
  }).immediate();
  return result;
}

function addGeo(columns: Map<string, SqlValue>, value: Record<string, unknown>, operation: string): void {
  const geo = geoOf(value);
  if (operation === 'insert') {
    if (geo.lat === undefined || geo.lng === undefined)
      throw new MalformedMessageError('a library without lat/lng');
    columns.set('geo', JSON.stringify({ lat: geo.lat, lng: geo.lng }));
  } else if (geo.lat !== undefined || geo.lng !== undefined) {
    columns.set('geo', JSON.stringify(geo)); // merged with the stored geo by update()
  }
}

function upsert(db: ConsumerDb, map: TableMap, columns: Map<string, SqlValue>): void {
  const names = [...columns.keys()];
  const set = names.filter((n) => n !== 'id').map((n) => `"${n}" = excluded."${n}"`);
  const guard = map.rev && columns.has('rev') ? ` WHERE ${map.table}.rev <= excluded.rev` : '';
  db.prepare(
    `INSERT INTO ${map.table} (${names.map((n) => `"${n}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})
     ON CONFLICT(id) DO ${set.length ? `UPDATE SET ${set.join(', ')}${guard}` : 'NOTHING'}`,
  ).run(...columns.values());
}

/** A partial update (replica=default: the key plus the changed columns); a missing row is skipped. */
function update(db: ConsumerDb, map: TableMap, columns: Map<string, SqlValue>): void {
  const id = columns.get('id');
  const rest = [...columns.entries()].filter(([n]) => n !== 'id');
  if (rest.length === 0) return;
  const set = rest.map(([n]) => (n === 'geo' ? `geo = json_patch(geo, ?)` : `"${n}" = ?`));
  const guard = map.rev && columns.has('rev') ? ' AND rev <= ?' : '';
  const params = [...rest.map(([, v]) => v), id, ...(guard ? [columns.get('rev') ?? null] : [])];
  db.prepare(`UPDATE ${map.table} SET ${set.join(', ')} WHERE id = ?${guard}`).run(...params);
}
