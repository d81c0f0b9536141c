/**
 * The routes every per-library child resource has (zones, shifts, plans): list and create under
 * `/manage/libraries/{id}/<table>`, update and delete at `/manage/<table>/{id}`. Owners write,
 * staff of the library read; every write is validated as the whole core object it produces and
 * audited in its transaction. One table-driven factory instead of three copies of the same four
 * handlers; what differs (schema, columns, cross-row checks) is the spec.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { v7 as uuidv7 } from 'uuid';
import type { ZodObject, ZodType } from 'zod';
import type { Tx } from '../db/types.ts';
import type { CloudEnv, RouteDeps } from '../http/env.ts';
import { allow, principalOf } from '../http/middleware.ts';
import { bearer, body, errors, IdParam, json, Limit } from '../http/openapi.ts';
import { libraryFor, parentLibrary, tenantOf } from './access.ts';
import { recordAudit } from './audit.ts';
import { CursorQuery, decodeCursor, PageOf, pageOf } from './cursor.ts';
import { defined, parseWith, referencedConflict } from './validate.ts';

type Item = { id: string; libraryId: string } & Record<string, unknown>;

export interface ChildSpec {
  table: 'zones' | 'shifts' | 'plans';
  /** The core schema of the whole object (validates creates and merged updates). */
  schema: ZodType<Item>;
  /** The API shape, for the document. */
  output: ZodType;
  /** The create body (the object without id and libraryId); the update body is its partial. */
  input: ZodObject;
  /** SELECT list that yields the API's field names. */
  select: string;
  /** API field → column, for every writable field. */
  columns: Record<string, string>;
  /** Checks across rows (a plan's shift belongs to the same library…); throws a DomainError. */
  check?: (tx: Tx, item: Item) => Promise<void>;
}

const readers = { tags: ['manage'], security: bearer, middleware: [allow('owner', 'staff')] };
const owners = { tags: ['manage'], security: bearer, middleware: [allow('owner')] };

async function write(tx: Tx, spec: ChildSpec, tenantId: string, item: Item, insert: boolean): Promise<Item> {
  const fields = Object.keys(spec.columns);
  const values = fields.map((f) => item[f] ?? null);
  const cols = fields.map((f) => spec.columns[f]);
  const sql = insert
    ? `INSERT INTO ${spec.table} (tenant_id, id, library_id, ${cols.join(', ')})
       VALUES ($1, $2, $3, ${fields.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING ${spec.select}`
    : `UPDATE ${spec.table} SET ${cols.map((col, i) => `${col} = $${i + 4}`).join(', ')}
       WHERE tenant_id = $1 AND id = $2 AND library_id = $3 RETURNING ${spec.select}`;
  const [row] = await tx.query<Item>(sql, [tenantId, item.id, item.libraryId, ...values]);
  if (!row) throw new Error(`${insert ? 'INSERT' : 'UPDATE'} ${spec.table} returned no row`);
  return row;
}

/** Registers the four routes of `spec` on `app`. */
export function childRoutes(app: OpenAPIHono<CloudEnv>, d: RouteDeps, spec: ChildSpec): void {
  const { table } = spec;
  const singular = table.slice(0, -1);
  const name = singular[0]?.toUpperCase() + singular.slice(1);
  const Input = spec.input.openapi(`New${name}`);
  const Patch = spec.input.partial().openapi(`${name}Patch`);
  const tenantTx = <T>(c: Context<CloudEnv>, fn: (tx: Tx, tenantId: string) => Promise<T>) => {
    const tenantId = tenantOf(principalOf(c));
    return d.db.tenant(tenantId, (tx) => fn(tx, tenantId));
  };
  const audited = (c: Context<CloudEnv>, tx: Tx, tenantId: string, verb: string, id: string, detail = {}) =>
    recordAudit(c, tx, {
      tenantId,
      action: `${singular}.${verb}`,
      targetType: singular,
      targetId: id,
      detail,
    });

  app.openapi(
    createRoute({
      ...readers,
      method: 'get',
      path: `/manage/libraries/{id}/${table}`,
      request: { params: IdParam, query: z.object({ limit: Limit, cursor: CursorQuery }) },
      responses: { 200: json(PageOf(spec.output, `${name}Page`), `The library's ${table}`), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const after = decodeCursor(cursor, ['uuid'])?.[0] ?? null;
      const rows = await tenantTx(c, async (tx) => {
        await libraryFor(tx, principalOf(c), id);
        return tx.query<Item>(
          `SELECT ${spec.select} FROM ${table} WHERE library_id = $1 AND ($2::uuid IS NULL OR id > $2)
            ORDER BY id LIMIT $3`,
          [id, after, limit + 1],
        );
      });
      return c.json(
        pageOf(
          rows,
          limit,
          (r) => r,
          (r) => [r.id],
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'post',
      path: `/manage/libraries/{id}/${table}`,
      request: { params: IdParam, body: body(Input) },
      responses: { 201: json(spec.output, `The new ${singular}`), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json') as Record<string, unknown>;
      const item = parseWith(spec.schema, { ...input, id: uuidv7(), libraryId: id });
      const row = await tenantTx(c, async (tx, tenantId) => {
        await libraryFor(tx, principalOf(c), id);
        await spec.check?.(tx, item);
        const created = await write(tx, spec, tenantId, item, true);
        await audited(c, tx, tenantId, 'create', item.id);
        return created;
      });
      return c.json(row, 201);
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'patch',
      path: `/manage/${table}/{id}`,
      request: { params: IdParam, body: body(Patch) },
      responses: { 200: json(spec.output, `The updated ${singular}`), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch = defined(c.req.valid('json') as Record<string, unknown>);
      const row = await tenantTx(c, async (tx, tenantId) => {
        await parentLibrary(tx, principalOf(c), table, id);
        const [current] = await tx.query<Item>(`SELECT ${spec.select} FROM ${table} WHERE id = $1`, [id]);
        const item = parseWith(spec.schema, { ...current, ...patch, id, libraryId: current?.libraryId });
        await spec.check?.(tx, item);
        const updated = await write(tx, spec, tenantId, item, false);
        await audited(c, tx, tenantId, 'update', id, { fields: Object.keys(patch) });
        return updated;
      });
      return c.json(row, 200);
    },
  );

  app.openapi(
    createRoute({
      ...owners,
      method: 'delete',
      path: `/manage/${table}/{id}`,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      try {
        await tenantTx(c, async (tx, tenantId) => {
          await parentLibrary(tx, principalOf(c), table, id);
          await audited(c, tx, tenantId, 'delete', id);
          await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
        });
      } catch (error) {
        throw referencedConflict(error, `the ${singular} is still in use`);
      }
      return c.body(null, 204);
    },
  );
}
