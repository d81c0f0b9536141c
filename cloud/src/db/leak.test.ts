/**
 * Tenant isolation under connection reuse: ONE pooled Postgres connection (and PGlite's single
 * session) serves two tenants in turn, with the right, a missing and a wrong context, and never
 * shows or changes the other tenant's rows. The API role cannot switch RLS off, take another role,
 * or alter and drop tables. A prepared statement reused across those transactions follows each
 * one's context.
 */
import { describe, expect, it } from 'vitest';
import type { SeededTenant } from '../../test/support/seed.ts';
import { seedTenant, tenantTables } from '../../test/support/seed.ts';
import { backends, type TestDatabase, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Tx } from './types.ts';

async function foreignRows(t: TestDatabase, as: string, tables: string[]): Promise<Record<string, number>> {
  return t.db.tenant(as, async (tx) => {
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const [row] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE tenant_id <> $1`,
        [as],
      );
      counts[table] = row?.n ?? -1;
    }
    return counts;
  });
}

const zeros = (tables: string[]) => Object.fromEntries(tables.map((table) => [table, 0]));

describe.each(backends)('tenant isolation on %s', (kind) => {
  // one connection in the pool: every transaction below reuses it
  const t = useTestDatabase(kind, { max: 1 });
  let a: SeededTenant;
  let b: SeededTenant;
  let tables: string[];

  it('seeds two tenants on one connection', async () => {
    a = await seedTenant(t().db, 'alpha');
    b = await seedTenant(t().db, 'beta');
    tables = await t().db.platform(tenantTables);
    const pid = () => t().db.anonymous((tx) => tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'));
    if (kind === 'postgres') expect(await pid()).toEqual(await pid());
  });

  it('each tenant sees its own rows and none of the other', async () => {
    expect(await foreignRows(t(), a.tenantId, tables)).toEqual(zeros(tables));
    expect(await foreignRows(t(), b.tenantId, tables)).toEqual(zeros(tables));
    const own = await t().db.tenant(a.tenantId, (tx) => tx.query<{ id: string }>('SELECT id FROM libraries'));
    expect(own.map((row) => row.id)).toEqual([a.libraryId]);
  });

  it('a missing or wrong context sees nothing, and the next transaction starts clean', async () => {
    for (const value of ['', crypto.randomUUID()]) {
      const seen = await t().db.tenant(a.tenantId, async (tx) => {
        await tx.query(`SELECT set_config('app.tenant_id', $1, true)`, [value]);
        return tx.query('SELECT id FROM members');
      });
      expect(seen).toEqual([]);
    }
    const [context] = await t().db.anonymous((tx) =>
      tx.query<{ tenant: string; platform: string }>(
        `SELECT current_setting('app.tenant_id', true) AS tenant, current_setting('app.platform', true) AS platform`,
      ),
    );
    expect(context).toEqual({ tenant: '', platform: 'off' });
    expect(await t().db.anonymous((tx) => tx.query('SELECT * FROM members'))).toEqual([]);
    expect(await t().db.anonymous((tx) => tx.query('SELECT * FROM libraries'))).toEqual([]);
  });

  it('a prepared statement reused on the connection follows each transaction context', async () => {
    // Postgres plans a named statement once and caches it on the connection (ADR 0017); row
    // security must still be decided by each transaction's own settings.
    const members = (run: (fn: (tx: Tx) => Promise<unknown[]>) => Promise<unknown[]>) =>
      run((tx) => tx.query<{ tenant_id: string }>('SELECT tenant_id FROM members', [], { prepare: true }));
    for (let round = 0; round < 7; round++) {
      expect(await members((fn) => t().db.tenant(a.tenantId, fn))).toEqual([{ tenant_id: a.tenantId }]);
      expect(await members((fn) => t().db.tenant(b.tenantId, fn))).toEqual([{ tenant_id: b.tenantId }]);
      expect(await members((fn) => t().db.anonymous(fn))).toEqual([]);
      expect(await members((fn) => t().db.tenant(crypto.randomUUID(), fn))).toEqual([]);
    }
  });

  it('a tenant cannot write into or change the other tenant', async () => {
    await expect(
      t().db.tenant(a.tenantId, (tx) =>
        tx.query(`INSERT INTO zones (tenant_id, library_id, name) VALUES ($1, $2, 'x')`, [
          b.tenantId,
          b.libraryId,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await t().db.tenant(a.tenantId, (tx) =>
      tx.query(`UPDATE members SET name = 'stolen' WHERE tenant_id = $1 RETURNING id`, [b.tenantId]),
    );
    expect(changed).toEqual([]);
  });

  it('anonymous reads see published libraries only', async () => {
    await t().db.tenant(b.tenantId, (tx) => tx.query('UPDATE libraries SET published = true'));
    const seen = await t().db.anonymous((tx) => tx.query<{ id: string }>('SELECT id FROM libraries'));
    expect(seen.map((row) => row.id)).toEqual([b.libraryId]);
    const seats = await t().db.anonymous((tx) => tx.query<{ id: string }>('SELECT id FROM seats'));
    expect(seats.map((row) => row.id)).toEqual([b.seatId]);
    expect(await t().db.anonymous((tx) => tx.query('SELECT id FROM members'))).toEqual([]);
  });

  it('the API role cannot turn RLS off, change role, or alter or drop tables', async () => {
    const attempt = (sql: string) => t().db.tenant(a.tenantId, (tx) => tx.query(sql));
    await expect(
      t().db.tenant(a.tenantId, async (tx) => {
        await tx.query('SET LOCAL row_security = off');
        return tx.query('SELECT * FROM members');
      }),
    ).rejects.toThrow(/row-level security/);
    if (kind === 'postgres') {
      // Logged in as studyspot_app (a member of studyspot_api only): no other role to take, and
      // RESET ROLE leaves a role with no privileges. PGlite's single session is a superuser, so
      // there SET ROLE is a guard against mistakes, not against injected SQL (ADR 0009).
      await expect(attempt('SET LOCAL ROLE studyspot_owner')).rejects.toThrow(/permission denied/);
      await expect(
        t().db.tenant(a.tenantId, async (tx) => {
          await tx.query('RESET ROLE');
          return tx.query('SELECT * FROM members');
        }),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(attempt('ALTER TABLE members DISABLE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(attempt('ALTER TABLE members NO FORCE ROW LEVEL SECURITY')).rejects.toThrow(/must be owner/);
    await expect(attempt('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
    await expect(attempt('DROP POLICY tenant_isolation ON members')).rejects.toThrow(/must be owner/);
    await expect(attempt('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(attempt('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
    expect(await foreignRows(t(), a.tenantId, tables)).toEqual(zeros(tables));
  });
});
