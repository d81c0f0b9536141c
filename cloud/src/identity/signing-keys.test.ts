/**
 * Signing keys at rest, on both backends: with IDENTITY_SECRET the private key is sealed in the
 * table and a second replica with the same secret signs with the same key; without the secret a
 * sealed table refuses to start; a plain key is sealed once a secret is configured; two replicas
 * starting on an empty table end with one active key.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../test/support/http.ts';
import { backends, useTestDatabase } from '../../test/support/test-databases.ts';
import type { Database } from '../db/types.ts';
import { SigningKeys } from './signing-keys.ts';

const keysOn = (db: Database, secret?: string) =>
  new SigningKeys({ db, logger: silentLogger(), secret, now: () => Date.parse('2026-01-01T00:00:00Z') });

interface Row {
  kid: string;
  status: string;
  private_key: string;
  encrypted: boolean;
}
const rows = (db: Database) =>
  db.platform((tx) =>
    tx.query<Row>('SELECT kid, status, private_key, encrypted FROM signing_keys ORDER BY created_at'),
  );

describe.each(backends)('signing keys on %s', (kind) => {
  const t = useTestDatabase(kind);

  it('starts once across two replicas, stores the key plainly without a secret, seals it with one', async () => {
    await Promise.all([keysOn(t().db).start(), keysOn(t().db).start()]);
    const [plain, ...more] = await rows(t().db);
    expect(more).toEqual([]);
    expect(plain).toMatchObject({ status: 'active', encrypted: false });
    expect(plain?.private_key).toContain('BEGIN PRIVATE KEY');

    const sealed = keysOn(t().db, 'a long deployment secret');
    await sealed.start();
    const [row] = await rows(t().db);
    expect(row).toMatchObject({ kid: plain?.kid, encrypted: true });
    expect(row?.private_key).not.toContain('PRIVATE KEY');
    expect((await sealed.signer()).kid).toBe(plain?.kid);

    await expect(keysOn(t().db).start()).rejects.toThrow(/IDENTITY_SECRET is required/);
    await expect(keysOn(t().db, 'another secret').start()).rejects.toThrow();
    const replica = keysOn(t().db, 'a long deployment secret');
    await replica.start();
    expect(replica.jwks()).toEqual(sealed.jwks());
  });

  it('rotates with the new key sealed too, and publishes only public parts', async () => {
    const keys = keysOn(t().db, 'a long deployment secret');
    await keys.start();
    const kid = await keys.rotate();
    const all = await rows(t().db);
    expect(all.map((row) => [row.status, row.encrypted])).toContainEqual(['active', true]);
    expect(all.filter((row) => row.status === 'active').map((row) => row.kid)).toEqual([kid]);
    for (const jwk of keys.jwks().keys) {
      expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(jwk).not.toHaveProperty('d');
    }
  });
});
