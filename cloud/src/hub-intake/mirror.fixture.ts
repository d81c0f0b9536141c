/**
 * For write-path tests: a cloud tenant whose catalog mirrors a real hub's SQLite (same ids), as the
 * read path would have delivered it, so the hub's bookings can reference its seats and plans.
 */
import type { Database as Sqlite } from 'better-sqlite3';
import { mirrorHubLibrary } from '../catalog/mirror-hub.ts';
import type { Database } from '../db/types.ts';
import type { HubIdentity } from './types.ts';

export async function mirrorHubCatalog(db: Database, hubDb: Sqlite, slug: string): Promise<HubIdentity> {
  const [tenant] = await db.platform((tx) =>
    tx.query<{ id: string }>('INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id', [
      `Tenant ${slug}`,
      slug,
    ]),
  );
  const tenantId = tenant?.id as string;
  const libraryId = await mirrorHubLibrary(db, tenantId, hubDb, { published: false });
  return { tenantId, libraryId, hubId: crypto.randomUUID() };
}
