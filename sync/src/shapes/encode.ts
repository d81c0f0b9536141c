/**
 * From rows to Electric messages (electric-protocol.md §2.3, §2.6): every value is its Postgres
 * text form as a JSON string (booleans `t`/`f`, arrays as `{a,b}` literals, jsonb as JSON text,
 * timestamptz in ISO style at UTC), keys are Electric's `"public"."tbl"/"<pk1>"/"<pk2>"`, and the
 * `electric-schema` header is derived from the typed definition.
 */
import { type ColumnInfo, columnsOf, PRIMARY_KEY, type ShapeDefinition } from './definitions.ts';

export type Value = Record<string, string | null>;

export interface ChangeHeaders {
  operation: 'insert' | 'update' | 'delete';
  relation: [string, string];
  txids?: number[];
  lsn?: string;
  op_position?: number;
  last?: boolean;
}

export type ShapeMessage =
  | { key: string; value: Value; headers: ChangeHeaders }
  | { headers: { control: 'up-to-date'; global_last_seen_lsn?: string } };

/** The display settings Electric guarantees, transaction-local. */
export const TEXT_SETTINGS = `SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, DMY', true),
  set_config('IntervalStyle', 'iso_8601', true), set_config('extra_float_digits', '1', true)`;

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `alias.col` as its text form; booleans as `t`/`f` (the client accepts both spellings). */
export function textExpr(alias: string, column: ColumnInfo): string {
  const ref = `${alias}.${quoteIdent(column.name)}`;
  // bool[] already prints as {t,f}
  if (column.type === 'bool' && !column.array)
    return `CASE WHEN ${ref} THEN 't' WHEN NOT ${ref} THEN 'f' END`;
  return `${ref}::text`;
}

/** The `electric-schema` header value. */
export function schemaHeader(def: ShapeDefinition): string {
  const schema: Record<string, Record<string, unknown>> = {};
  for (const column of columnsOf(def)) {
    const pk = (PRIMARY_KEY as readonly string[]).indexOf(column.name);
    schema[column.name] = {
      type: column.type,
      ...(column.array ? { dims: 1 } : {}),
      ...(column.notNull ? { not_null: true } : {}),
      ...(pk >= 0 ? { pk_index: pk } : {}),
    };
  }
  return JSON.stringify(schema);
}

const part = (value: string | null | undefined): string =>
  value == null ? '_' : `"${value.replaceAll('/', '//')}"`;

export function rowKey(def: ShapeDefinition, value: Value): string {
  return `"public".${quoteIdent(def.table)}/${PRIMARY_KEY.map((k) => part(value[k])).join('/')}`;
}

export function relation(def: ShapeDefinition): [string, string] {
  return ['public', def.table];
}

export function pickPrimaryKey(value: Value): Value {
  return Object.fromEntries(PRIMARY_KEY.map((k) => [k, value[k] ?? null]));
}

/** The update's value under replica=default: the key plus changed columns, or null if none changed. */
export function updateValue(oldValue: Value, newValue: Value): Value | null {
  const changed = Object.entries(newValue).filter(([k, v]) => oldValue[k] !== v);
  if (changed.length === 0) return null;
  return { ...pickPrimaryKey(newValue), ...Object.fromEntries(changed) };
}

export const upToDate = (lsn: bigint): ShapeMessage => ({
  headers: { control: 'up-to-date', global_last_seen_lsn: lsn.toString() },
});
