/**
 * The demo's embedded cloud: PGlite in the data directory, a platform admin, and on first run the
 * demo library's business set up the way a real one is — through the API: the admin opens a
 * tenant and its owner; the library itself is the hub's seed mirrored with the same ids
 * (cloud/src/catalog/mirror-hub.ts), and the demo hub is paired to this cloud (`pairDemoHub`) so requests, commands
 * and bookings flow between them exactly as in production.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mirrorHubLibrary } from '../../cloud/src/catalog/mirror-hub.ts';
import { loadCloudConfig } from '../../cloud/src/config.ts';
import { type RunningCloud, runCloud } from '../../cloud/src/main.ts';
import { loadHubIdentity } from '../../hub/src/pairing/identity.ts';
import { pairHub } from '../../hub/src/pairing/pair.ts';
import { must, signIn } from './cloud-client.ts';

export const demoCloudLogins = {
  admin: { email: 'admin@studyspot.local', password: 'studyspot-admin' },
  owner: { email: 'owner@gyan.example', password: 'studyspot-owner' },
} as const;

/** Starts the cloud; on first run opens the demo tenant and mirrors the hub's seeded library into it. */
export async function startDemoCloud(dataDir: string): Promise<RunningCloud> {
  const env = {
    ...process.env,
    PORT: process.env.CLOUD_PORT ?? '3000',
    ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? demoCloudLogins.admin.email,
    ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? demoCloudLogins.admin.password,
  };
  const config = loadCloudConfig(env, {
    dataDir,
    ...(process.env.LOG_LEVEL ? {} : { logLevel: 'warn' as const }),
  });
  const cloud = await runCloud(config);
  const base = cloud.url.replace('0.0.0.0', '127.0.0.1');
  const admin = await signIn(base, demoCloudLogins.admin);
  const tenants = await must(admin('GET', '/admin/tenants'), 200);
  if (Array.isArray(tenants.items) && tenants.items.length > 0) return cloud;
  const tenant = await must(admin('POST', '/tenants', { name: 'Gyan Study Libraries', slug: 'gyan' }), 201);
  await must(
    admin('POST', `/tenants/${tenant.id}/owners`, { name: 'Asha Rao', ...demoCloudLogins.owner }),
    201,
  );
  const hubDb = new Database(join(dataDir, 'hub.db'), { readonly: true, fileMustExist: true });
  try {
    await mirrorHubLibrary(cloud.db, String(tenant.id), hubDb, { published: true });
  } finally {
    hubDb.close();
  }
  return cloud;
}

/**
 * Pairs the demo hub with the demo cloud once (a pairing code from the owner, then `pairHub`, as a
 * technician would with `studyspot-hub pair`). Returns false when it was paired already.
 */
export async function pairDemoHub(cloud: RunningCloud, dataDir: string, libraryId: string): Promise<boolean> {
  if (loadHubIdentity(dataDir) || !existsSync(join(dataDir, 'hub.db'))) return false;
  const base = cloud.url.replace('0.0.0.0', '127.0.0.1');
  const owner = await signIn(base, demoCloudLogins.owner);
  const { code } = await must(owner('POST', `/libraries/${libraryId}/hubs`, { name: 'Front desk hub' }), 201);
  await pairHub({ cloudUrl: base, code: String(code), dataDir, name: 'Front desk hub' });
  return true;
}
