/**
 * Pairs this hub with the cloud (ADR 0016): generates the Ed25519 key pair (or reuses the unpaired
 * one already in the data dir), stores it 0600, registers the public key with the one-time code
 * (`POST /v1/hubs/pair`) and saves the ids the cloud answers. Throws `PairingError` with a message
 * for people on every failure; a hub that is already paired is refused unless `force`.
 */
import {
  generateHubKeys,
  type HubIdentity,
  loadHubIdentity,
  readIdentity,
  saveIdentity,
} from './identity.ts';

export class PairingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PairingError';
  }
}

export interface PairOptions {
  cloudUrl: string;
  code: string;
  dataDir: string;
  /** How the hub names itself (recorded in the cloud's audit log); default the host name. */
  name?: string;
  version?: string;
  /** Pair again even though this hub is already paired (a new key pair is generated). */
  force?: boolean;
  fetch?: typeof fetch;
  now?: () => number;
}

export async function pairHub(options: PairOptions): Promise<HubIdentity> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const existing = loadHubIdentity(options.dataDir);
  if (existing && !options.force)
    throw new PairingError(
      `this hub is already paired (hub ${existing.hubId} with ${existing.cloudUrl}); unpair it in the cloud and pass --force to pair again`,
    );
  const stored = existing ? null : readIdentity(options.dataDir);
  const keys = stored ?? generateHubKeys();
  // The keys are on disk before the cloud hears of them, so a lost answer loses nothing but the code.
  saveIdentity(options.dataDir, { publicKey: keys.publicKey, privateKey: keys.privateKey });
  let cloudUrl: URL;
  try {
    cloudUrl = new URL(options.cloudUrl);
  } catch {
    throw new PairingError(`"${options.cloudUrl}" is not a URL (expected e.g. https://api.studyspot.in)`);
  }
  const base = cloudUrl.href.replace(/\/$/, '');
  let res: Response;
  try {
    res = await fetchImpl(`${base}/v1/hubs/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code: options.code,
        publicKey: keys.publicKey,
        name: options.name ?? (process.env.HOSTNAME || 'studyspot-hub'),
        version: options.version ?? '0.1.0',
      }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new PairingError(
      `could not reach the cloud at ${base}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const answer = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (res.status === 401)
    throw new PairingError('the cloud refused the pairing code: it is unknown, already used or expired');
  if (res.status === 429) throw new PairingError('too many pairing attempts; wait a minute and try again');
  if (!res.ok)
    throw new PairingError(`the cloud answered ${res.status}: ${String(answer?.message ?? 'no message')}`);
  const { hubId, tenantId, libraryId } = (answer ?? {}) as Record<string, unknown>;
  if (typeof hubId !== 'string' || typeof tenantId !== 'string' || typeof libraryId !== 'string')
    throw new PairingError('the cloud answered without hub, tenant and library ids');
  const identity: HubIdentity = { ...keys, hubId, tenantId, libraryId, cloudUrl: base, pairedAt: now() };
  saveIdentity(options.dataDir, identity);
  return identity;
}
