/**
 * The queries behind the shape server, all inside one tenant transaction (RLS applies):
 * the snapshot with the log position it is consistent with, the change-log tail converted to
 * messages, and the handle generation. Each read is ONE statement, so in READ COMMITTED it sees
 * one snapshot; with writers serialized on the change-log lock (ADR 0013) every change missing
 * from that snapshot has a larger lsn than every change in it.
 */
import {
  columnsOf,
  type HubScope,
  isShapeName,
  type ShapeDefinition,
  shapeDefinitions,
} from './definitions.ts';
import {
  pickPrimaryKey,
  quoteIdent,
  relation,
  rowKey,
  type ShapeMessage,
  textExpr,
  updateValue,
  type Value,
} from './encode.ts';

export interface ShapeTx {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** `alias.col = $n AND ...` for the definition's where, with params starting at `first`. */
function whereSql(def: ShapeDefinition, alias: string, first: number): string {
  return Object.keys(def.where)
    .map((column, i) => `${alias}.${quoteIdent(column)} = $${first + i}`)
    .join(' AND ');
}

const whereParams = (def: ShapeDefinition, scope: HubScope): string[] =>
  Object.values(def.where).map((key) => scope[key]);

function valueSql(def: ShapeDefinition, alias: string): string {
  const pairs = columnsOf(def).map((c) => `'${c.name}', ${textExpr(alias, c)}`);
  return `json_build_object(${pairs.join(', ')})`;
}

const END_LSN = 'SELECT coalesce(max(lsn), 0)::text FROM sync_changes WHERE tenant_id = $1';

export interface Snapshot {
  endLsn: bigint;
  messages: ShapeMessage[];
}

/** Every row of the shape as inserts, and the log position the rows are consistent with. */
export async function readSnapshot(tx: ShapeTx, def: ShapeDefinition, scope: HubScope): Promise<Snapshot> {
  const sql = `SELECT (${END_LSN}) AS end_lsn,
    (SELECT coalesce(json_agg(${valueSql(def, 't')}), '[]') FROM ${quoteIdent(def.table)} t
      WHERE ${whereSql(def, 't', 2)}) AS rows`;
  const [row] = await tx.query<{ end_lsn: string; rows: Value[] }>(sql, [
    scope.tenantId,
    ...whereParams(def, scope),
  ]);
  const rel = relation(def);
  const messages = (row?.rows ?? []).map(
    (value): ShapeMessage => ({
      key: rowKey(def, value),
      value,
      headers: { operation: 'insert', relation: rel },
    }),
  );
  return { endLsn: BigInt(row?.end_lsn ?? '0'), messages };
}

interface TailRow {
  lsn: string;
  op: 'insert' | 'update' | 'delete';
  txid: string;
  new_value: Value | null;
  old_value: Value | null;
  new_in: boolean;
  old_in: boolean;
}

export interface Tail {
  messages: ShapeMessage[];
  /** The last position this read covers (a valid resume offset). */
  endLsn: bigint;
  /** False when the read stopped at `limit` rows and more follow. */
  complete: boolean;
}

/** The shape's changes after `afterLsn` (at most `limit` log rows), as messages. */
export async function readTail(
  tx: ShapeTx,
  def: ShapeDefinition,
  scope: HubScope,
  afterLsn: bigint,
  limit: number,
): Promise<Tail> {
  const table = quoteIdent(def.table);
  const sql = `SELECT (${END_LSN}) AS end_lsn, (SELECT coalesce(json_agg(x ORDER BY x.lsn), '[]') FROM (
      SELECT c.lsn::text AS lsn, c.op, c.txid::text AS txid,
        CASE WHEN c.row IS NOT NULL THEN ${valueSql(def, 'n')} END AS new_value,
        CASE WHEN c.old IS NOT NULL THEN ${valueSql(def, 'o')} END AS old_value,
        (c.row IS NOT NULL AND ${whereSql(def, 'n', 4)}) AS new_in,
        (c.old IS NOT NULL AND ${whereSql(def, 'o', 4)}) AS old_in
      FROM sync_changes c
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, c.row) n
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${table}, c.old) o
      WHERE c.tenant_id = $1 AND c.table_name = $2 AND c.lsn > $3
      ORDER BY c.lsn LIMIT ${Math.trunc(limit)}) x) AS rows`;
  const [row] = await tx.query<{ end_lsn: string; rows: TailRow[] }>(sql, [
    scope.tenantId,
    def.table,
    afterLsn.toString(),
    ...whereParams(def, scope),
  ]);
  const rows = row?.rows ?? [];
  const complete = rows.length < limit;
  const last = rows.at(-1);
  const endLsn = complete ? BigInt(row?.end_lsn ?? '0') : BigInt(last?.lsn ?? afterLsn);
  return { messages: toMessages(def, rows), endLsn, complete };
}

/** Log rows → change messages: moves across the where become inserts/deletes (§2.3). */
function toMessages(def: ShapeDefinition, rows: TailRow[]): ShapeMessage[] {
  const rel = relation(def);
  const out: ShapeMessage[] = [];
  rows.forEach((row, i) => {
    const headers = (operation: 'insert' | 'update' | 'delete') => ({
      operation,
      relation: rel,
      txids: [Number(row.txid)],
      lsn: row.lsn,
      op_position: 0,
      last: rows[i + 1]?.txid !== row.txid,
    });
    const { new_value: next, old_value: prev } = row;
    const del = (v: Value) =>
      out.push({ key: rowKey(def, v), value: pickPrimaryKey(v), headers: headers('delete') });
    const ins = (v: Value) => out.push({ key: rowKey(def, v), value: v, headers: headers('insert') });
    if (prev && next && row.old_in && row.new_in) {
      if (rowKey(def, prev) !== rowKey(def, next)) {
        del(prev);
        ins(next);
        return;
      }
      const value = updateValue(prev, next);
      if (value) out.push({ key: rowKey(def, next), value, headers: headers('update') });
      return;
    }
    if (prev && row.old_in) del(prev);
    if (next && row.new_in) ins(next);
  });
  return out;
}

/** The handle generation of the hub's shape (1 until rotated). */
export async function readGeneration(tx: ShapeTx, name: string, scope: HubScope): Promise<number> {
  const [row] = await tx.query<{ generation: number }>(
    'SELECT generation FROM sync_shapes WHERE tenant_id = $1 AND library_id = $2 AND shape = $3',
    [scope.tenantId, scope.libraryId, name],
  );
  return row?.generation ?? 1;
}

/**
 * Invalidates every handle of the hub's shape: its clients get 409 and refetch. The NOTIFY (sent
 * at commit, like the trigger's) ends the shape's held requests at once.
 */
export async function rotateShape(tx: ShapeTx, name: string, scope: HubScope): Promise<number> {
  const [row] = await tx.query<{ generation: number }>(
    `INSERT INTO sync_shapes (tenant_id, library_id, shape, generation) VALUES ($1, $2, $3, 2)
     ON CONFLICT (tenant_id, library_id, shape) DO UPDATE SET generation = sync_shapes.generation + 1
     RETURNING generation`,
    [scope.tenantId, scope.libraryId, name],
  );
  const table = isShapeName(name) ? shapeDefinitions[name].table : name;
  await tx.query(`SELECT pg_notify('sync_changes', $1::text || ':' || $2::text)`, [scope.tenantId, table]);
  return row?.generation ?? 1;
}
