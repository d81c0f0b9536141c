/**
 * The `Database` contract, run against both implementations: same row shapes (int8 as number,
 * timestamptz as Date, jsonb as objects, arrays as arrays), rollback on throw, concurrent
 * transactions that do not see each other's context, health, and a tenant id that is not a UUID.
 */
import { describe, expect, it } from 'vitest';
import { backends, openTestDatabase, useTestDatabase } from '../../test/support/test-databases.ts';
import { InvalidTenantError } from './context.ts';

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
