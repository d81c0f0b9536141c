/**
 * The migration runner on both backends: a second run is a no-op, files apply in lexicographic
 * order with later features' 200-* files after ours (their tables owned by studyspot_owner and
 * granted to the API role by default), and an applied file that changed is refused.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDatabase, type TestDatabase } from '../../test/support/test-databases.ts';
import { loadMigrations, MIGRATIONS_DIR, MigrationChangedError } from './migrate.ts';

describe.each(backends)('migrations on %s', (kind) => {
  let dir: string;
  let t: TestDatabase;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'studyspot-migrations-'));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    t = await openTestDatabase(kind, { migrate: false, migrationsDir: dir });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every file once, in order; running again is a no-op', async () => {
    const names = (await loadMigrations()).map((m) => m.name);
    expect(names[0]).toBe('100-tenancy.sql');
    expect(await t.db.migrate()).toEqual(names);
    expect(await t.db.migrate()).toEqual([]);
    expect(await t.db.migrate()).toEqual([]);
  });

  it("applies a later feature's 200-* file after ours, with DML granted to the API role", async () => {
    await writeFile(
      join(dir, '200-notes.sql'),
      `CREATE TABLE notes (tenant_id uuid NOT NULL, id int NOT NULL, PRIMARY KEY (tenant_id, id));
       ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY;
       CREATE POLICY tenant_isolation ON notes USING (tenant_id = app_tenant_id() OR app_platform());`,
    );
    expect(await t.db.migrate()).toEqual(['200-notes.sql']);
    const tenantId = crypto.randomUUID();
    const rows = await t.db.tenant(tenantId, async (tx) => {
      await tx.query('INSERT INTO notes VALUES ($1, 1)', [tenantId]);
      return tx.query('SELECT id FROM notes');
    });
    expect(rows).toEqual([{ id: 1 }]);
  });

  it('refuses to run when an applied file has changed', async () => {
    await writeFile(join(dir, '200-notes.sql'), 'SELECT 1;');
    await expect(t.db.migrate()).rejects.toBeInstanceOf(MigrationChangedError);
  });
});
