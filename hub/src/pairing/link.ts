/**
 * How the running hub reaches the cloud (ADR 0016): when the data dir holds a paired identity,
 * every request is signed with its key and goes to its cloud (`config.cloud.url` overrides the
 * URL); otherwise the configured `cloud.url` with the legacy `hubToken`, or no cloud at all.
 */
import type { HubConfig } from '../config.ts';
import { type HubIdentity, loadHubIdentity } from './identity.ts';
import { hubRequestSigner, signedFetch } from './signer.ts';

export interface CloudLink {
  url: string;
  /** Signs every request (paired hubs); undefined: plain fetch. */
  fetch: typeof fetch | undefined;
  /** The legacy bearer token from the config, when not paired. */
  token: string | undefined;
  identity: HubIdentity | null;
}

export function cloudLink(
  config: Pick<HubConfig, 'cloud'>,
  dataDir: string,
  now?: () => number,
): CloudLink | null {
  const identity = loadHubIdentity(dataDir);
  if (identity) {
    return {
      url: config.cloud?.url ?? identity.cloudUrl,
      fetch: signedFetch(hubRequestSigner(identity, now)),
      token: undefined,
      identity,
    };
  }
  if (!config.cloud) return null;
  return { url: config.cloud.url, fetch: undefined, token: config.cloud.hubToken, identity: null };
}
