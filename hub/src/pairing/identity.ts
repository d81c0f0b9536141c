/**
 * The hub's identity (ADR 0016): an Ed25519 key pair generated on the hub (the private key never
 * leaves it) and, once paired, the hub, tenant and library ids and the cloud it belongs to. Kept
 * in `<dataDir>/hub-identity.json`, readable by the hub's user only (0600).
 */
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const IDENTITY_FILE = 'hub-identity.json';

export interface HubKeys {
  /** SPKI PEM. */
  publicKey: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

export interface PairedHub {
  hubId: string;
  tenantId: string;
  libraryId: string;
  cloudUrl: string;
  pairedAt: number;
}

export type StoredIdentity = HubKeys & Partial<PairedHub>;
export type HubIdentity = HubKeys & PairedHub;

export function generateHubKeys(): HubKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

export const identityPath = (dataDir: string) => join(dataDir, IDENTITY_FILE);

/** Writes the identity atomically (temp file, then rename), mode 0600. */
export function saveIdentity(dataDir: string, identity: StoredIdentity): void {
  mkdirSync(dataDir, { recursive: true });
  const path = identityPath(dataDir);
  const temp = `${path}.tmp`;
  writeFileSync(temp, `${JSON.stringify(identity, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

export function readIdentity(dataDir: string): StoredIdentity | null {
  const path = identityPath(dataDir);
  if (!existsSync(path)) return null;
  const value = JSON.parse(readFileSync(path, 'utf8')) as StoredIdentity;
  if (typeof value.publicKey !== 'string' || typeof value.privateKey !== 'string')
    throw new Error(`${path} holds no key pair`);
  return value;
}

/** The paired identity, or null when this hub has not been paired. */
export function loadHubIdentity(dataDir: string): HubIdentity | null {
  const value = readIdentity(dataDir);
  if (!value?.hubId || !value.tenantId || !value.libraryId || !value.cloudUrl) return null;
  return value as HubIdentity;
}
