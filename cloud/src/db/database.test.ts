/**
 * The `Database` contract, run against both implementations: same row shapes (int8 as number,
 * timestamptz as Date, jsonb as objects, arrays as arrays), rollback on throw, concurrent
 * transactions that do not see each other's context, health, and a tenant id that is not a UUID;
 * `{ commit: true }` statements (pipelined COMMIT on Postgres) and `{ prepare: true }` statements.
 */
import { describe, expect, it } from 'vitest';
import { backends, openTestDatabase, useTestDatabase } from '../../test/support/test-databases.ts';
import { InvalidTenantError } from './context.ts';
import type { Tx } from './types.ts';

describe.each(backends)('Database on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('returns the same value types on both backends', async () => {
    const [row] = await t().db.anonymous((tx) =>
      tx.query(
        `SELECT 10000000000::int8 AS big, '2026-01-01T00:00:00Z'::timestamptz AS at, '{"a":1}'::jsonb AS doc,
                ARRAY['x','y'] AS list, ARRAY[1,2]::int8[] AS bigs, true AS flag, 'x'::text AS text`,
      ),
    );
    expect(row).toEqual({
      big: 10_000_000_000,
      at: new Date('2026-01-01T00:00:00Z'),
      doc: { a: 1 },
      list: ['x', 'y'],
      bigs: [1, 2],
      flag: true,
      text: 'x',
    });
  });

  it('rolls back when the function throws', async () => {
    await expect(
      t().db.platform(async (tx) => {
        await tx.query(`INSERT INTO tenants (name, slug) VALUES ('Gone', 'gone')`);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await t().db.platform((tx) => tx.query(`SELECT id FROM tenants WHERE slug = 'gone'`))).toEqual([]);
  });

  it('commits with a { commit: true } statement; nothing may follow it, and a later throw keeps it', async () => {
    const slug = `commit-${kind}`;
    const insert = (tx: Tx, name: string) =>
      tx.query(`INSERT INTO tenants (name, slug) VALUES ($1, $2)`, [name, `${slug}-${name}`], {
        commit: true,
      });
    await t().db.platform((tx) => insert(tx, 'a'));
    await expect(
      t().db.platform(async (tx) => {
        await insert(tx, 'b');
        return tx.query('SELECT 1');
      }),
    ).rejects.toThrow(/has committed/);
    await expect(
      t().db.platform(async (tx) => {
        await insert(tx, 'c');
        throw new Error('after the commit');
      }),
    ).rejects.toThrow('after the commit');
    const rows = await t().db.platform((tx) =>
      tx.query<{ slug: string }>('SELECT slug FROM tenants WHERE slug LIKE $1 ORDER BY slug', [`${slug}-%`]),
    );
    expect(rows.map((row) => row.slug)).toEqual(['a', 'b', 'c'].map((name) => `${slug}-${name}`));
  });

  it('rolls back when a { commit: true } statement fails, with that statement error', async () => {
    await expect(
      t().db.platform(async (tx) => {
        await tx.query(`INSERT INTO tenants (name, slug) VALUES ('Kept?', 'kept-${kind}')`);
        await tx.query(`INSERT INTO tenants (name, slug) VALUES ('Dup', 'kept-${kind}')`, [], {
          commit: true,
        });
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(
      await t().db.platform((tx) => tx.query(`SELECT id FROM tenants WHERE slug = 'kept-${kind}'`)),
    ).toEqual([]);
    // the connection is clean for the next transaction
    expect(await t().db.anonymous((tx) => tx.query<{ one: number }>('SELECT 1 AS one'))).toEqual([
      { one: 1 },
    ]);
  });

  it('answers a prepared statement like an unprepared one, with any parameters', async () => {
    const sql = 'SELECT $1::int8 * 2 AS twice, $2::text AS label';
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      const [row] = await t().db.anonymous((tx) => tx.query(sql, [n, `n${n}`], { prepare: true }));
      expect(row).toEqual({ twice: n * 2, label: `n${n}` });
    }
  });

  it('keeps each concurrent transaction in its own context', async () => {
    const ids = Array.from({ length: 20 }, () => crypto.randomUUID());
    const seen = await Promise.all(
      ids.map((id) =>
        t().db.tenant(id, async (tx) => {
          await tx.query('SELECT pg_sleep(0.001)');
          const [row] = await tx.query<{ tenant: string }>(
            `SELECT current_setting('app.tenant_id') AS tenant`,
          );
          return row?.tenant;
        }),
      ),
    );
    expect(seen).toEqual(ids);
  });

  it('refuses a tenant id that is not a UUID before touching the database', async () => {
    await expect(t().db.tenant("x'; DROP TABLE tenants; --", async () => 1)).rejects.toBeInstanceOf(
      InvalidTenantError,
    );
  });

  it('reports health, and false once closed', async () => {
    expect(await t().db.health()).toBe(true);
    const other = await openTestDatabase(kind, { migrate: false });
    await other.db.close();
    expect(await other.db.health()).toBe(false);
    await other.close();
  });
});
